import { Button, Checkbox, Group, Select, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAILBOX_STATUSES, type Mailbox } from '../../../shared/messages.js';
import { api } from '../../api.js';
import { useBatchName } from '../../app/batch-name.js';
import { DATE_FORMAT, dateOnly, parseTypedDate, useCalendarLabels } from '../../app/dates.js';
import { type FilterKey, hasFilters, type MailboxFilters } from './filters.js';

export function useAccounts() {
  return useQuery({ queryKey: ['accounts'], queryFn: () => api('GET /api/accounts'), staleTime: 60_000 });
}

export function useDocumentTypes() {
  return useQuery({
    queryKey: ['document-types'],
    queryFn: () => api('GET /api/document-types'),
    staleTime: 600_000,
  });
}

/**
 * The filters above a mailbox list. Every change goes to the address (query string), so the list, a shared link
 * and the browser's back button all see the same filters. The search box waits until typing pauses.
 */
export function FilterBar(props: {
  mailbox: Mailbox;
  filters: MailboxFilters;
  onChange(patch: MailboxFilters, options?: { replace?: boolean }): void;
  onClear(): void;
}) {
  const { t } = useTranslation('mailboxes');
  const nameOf = useBatchName();
  const { filters, onChange } = props;
  const accounts = useAccounts();
  const positions = useQuery({
    queryKey: ['positions'],
    queryFn: () => api('GET /api/positions'),
    staleTime: 60_000,
  });
  // The properties of the user's positions (the API lists only those): narrows to their documents' messages.
  const properties = useQuery({
    queryKey: ['properties'],
    queryFn: () => api('GET /api/properties'),
    staleTime: 60_000,
  });
  const batches = useQuery({
    queryKey: ['batches', 'filter'],
    queryFn: () => api('GET /api/batches', { query: { limit: 100 } }),
    staleTime: 60_000,
  });
  const types = useDocumentTypes();
  const calendarLabels = useCalendarLabels();

  // The search box: typed text is local, the address follows once typing pauses.
  const [search, setSearch] = useState(filters.q ?? '');
  const [debounced] = useDebouncedValue(search, 350);
  // Only a settled change of the typed text writes the address.
  // biome-ignore lint/correctness/useExhaustiveDependencies: filters.q and onChange are read, not followed
  useEffect(() => {
    if (debounced.trim() !== (filters.q ?? '')) onChange({ q: debounced.trim() }, { replace: true });
  }, [debounced]);
  // Back/forward or "clear" changes the address: the box follows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only an outside change of q matters
  useEffect(() => {
    if ((filters.q ?? '') !== search.trim()) setSearch(filters.q ?? '');
  }, [filters.q]);

  const select = (key: FilterKey, label: string, data: { value: string; label: string }[]) => (
    <Select
      key={key}
      label={label}
      placeholder={t('filters.all')}
      data={data}
      value={filters[key] ?? null}
      onChange={(v) => onChange({ [key]: v ?? '' })}
      clearable
      clearButtonProps={{ 'aria-label': t('filters.clearField', { field: label }) }}
      searchable={data.length > 8}
      allowDeselect
      w={200}
      size="sm"
      comboboxProps={{ withinPortal: true }}
    />
  );

  const batchItems = (batches.data?.items ?? []).map((b) => ({ value: b.id, label: nameOf(b) }));
  if (filters.batchId && !batchItems.some((b) => b.value === filters.batchId))
    batchItems.unshift({ value: filters.batchId, label: t('filters.batchSelected') });
  const statuses = MAILBOX_STATUSES[props.mailbox];

  return (
    <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label={t('filters.label')}>
      <TextInput
        label={t('filters.search')}
        placeholder={t('filters.searchPlaceholder')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        type="search"
        w={300}
        size="sm"
      />
      {select(
        'accountId',
        t('filters.account'),
        (accounts.data ?? []).map((a) => ({ value: a.id, label: a.name })),
      )}
      {(positions.data?.length ?? 0) > 1 &&
        select(
          'positionId',
          t('filters.position'),
          (positions.data ?? []).map((p) => ({ value: p.id, label: p.name })),
        )}
      {(properties.data?.length ?? 0) > 1 &&
        select(
          'propertyId',
          t('filters.property'),
          (properties.data ?? []).map((p) => ({ value: p.id, label: p.name })),
        )}
      {select('batchId', t('filters.batch'), batchItems)}
      {select(
        'documentType',
        t('filters.documentType'),
        (types.data ?? []).map((d) => ({ value: d.type, label: d.label })),
      )}
      {statuses.length > 1 &&
        select(
          'status',
          t('filters.status'),
          statuses.map((s) => ({ value: s, label: t(`status.${s}`) })),
        )}
      <DateInput
        label={t('filters.from')}
        valueFormat={DATE_FORMAT}
        dateParser={parseTypedDate}
        placeholder="DD.MM.RRRR"
        value={filters.from ?? null}
        maxDate={filters.to}
        onChange={(v) => onChange({ from: dateOnly(v) })}
        clearable
        clearButtonProps={{ 'aria-label': t('filters.clearField', { field: t('filters.from') }) }}
        ariaLabels={calendarLabels}
        w={150}
        size="sm"
      />
      <DateInput
        label={t('filters.to')}
        valueFormat={DATE_FORMAT}
        dateParser={parseTypedDate}
        placeholder="DD.MM.RRRR"
        value={filters.to ?? null}
        minDate={filters.from}
        onChange={(v) => onChange({ to: dateOnly(v) })}
        clearable
        clearButtonProps={{ 'aria-label': t('filters.clearField', { field: t('filters.to') }) }}
        ariaLabels={calendarLabels}
        w={150}
        size="sm"
      />
      {props.mailbox === 'failed' && (
        <Checkbox
          label={t('onlyOpen')}
          checked={filters.resolved === 'open'}
          onChange={(e) => onChange({ resolved: e.currentTarget.checked ? 'open' : undefined })}
          mb={8}
        />
      )}
      {hasFilters(filters) && (
        <Button
          variant="subtle"
          size="sm"
          onClick={() => {
            setSearch('');
            props.onClear();
          }}
        >
          {t('filters.clear')}
        </Button>
      )}
    </Group>
  );
}

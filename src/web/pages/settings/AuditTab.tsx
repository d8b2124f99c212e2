import { Alert, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTION_GROUPS } from '../../../shared/audit.js';
import { api } from '../../api.js';
import { DATE_FORMAT, dateOnly, parseTypedDate, useCalendarLabels } from '../../app/dates.js';
import { AuditEntryRow } from './AuditEntryView.js';
import { errorMessage } from './errors.js';

/** The kinds of events the filter offers (an action prefix each). */

/** Dziennik zdarzeń: who did what and when, filtered by user, action and days, newest first, page by page. */
export function AuditTab() {
  const { t } = useTranslation(['settings', 'common']);
  const users = useQuery({ queryKey: ['users'], queryFn: () => api('GET /api/users') });
  const [actorId, setActorId] = useState('');
  const [actionInput, setActionInput] = useState('');
  const [action] = useDebouncedValue(actionInput.trim(), 400);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const calendarLabels = useCalendarLabels();
  const filters = { actorId, action, from, to };
  const list = useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api('GET /api/audit', { query: { ...filters, cursor: pageParam, limit: 50 } }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Group align="end">
        <NativeSelect
          label={t('audit.user')}
          value={actorId}
          onChange={(e) => setActorId(e.currentTarget.value)}
          data={[
            { value: '', label: t('audit.anyUser') },
            ...(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.login})` })),
          ]}
        />
        <NativeSelect
          label={t('audit.action')}
          value={actionInput}
          onChange={(e) => setActionInput(e.currentTarget.value)}
          data={[
            { value: '', label: t('audit.anyAction') },
            ...AUDIT_ACTION_GROUPS.map((g) => ({ value: `${g}.`, label: t(`audit.groups.${g}`) })),
          ]}
        />
        <DateInput
          label={t('audit.from')}
          valueFormat={DATE_FORMAT}
          dateParser={parseTypedDate}
          placeholder="DD.MM.RRRR"
          value={from || null}
          maxDate={to || undefined}
          onChange={(v) => setFrom(dateOnly(v))}
          clearable
          ariaLabels={calendarLabels}
          w={150}
        />
        <DateInput
          label={t('audit.to')}
          valueFormat={DATE_FORMAT}
          dateParser={parseTypedDate}
          placeholder="DD.MM.RRRR"
          value={to || null}
          minDate={from || undefined}
          onChange={(v) => setTo(dateOnly(v))}
          clearable
          ariaLabels={calendarLabels}
          w={150}
        />
        <Button
          variant="subtle"
          onClick={() => {
            setActorId('');
            setActionInput('');
            setFrom('');
            setTo('');
          }}
        >
          {t('audit.clear')}
        </Button>
      </Group>
      {list.error && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('audit.none')}</Text>}
      {items.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.at')}</Table.Th>
              <Table.Th>{t('audit.user')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.entity')}</Table.Th>
              <Table.Th>{t('audit.details')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <AuditEntryRow key={e.id} e={e} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('audit.more')}
        </Button>
      )}
    </Stack>
  );
}

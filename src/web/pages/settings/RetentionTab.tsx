import { Alert, Button, Group, Loader, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/format.js';
import {
  CATEGORY_RULES,
  RETENTION_CATEGORIES,
  type RetentionCategory,
  RetentionPolicy,
} from '../../../shared/retention.js';
import { api } from '../../api.js';
import { errorMessage } from './errors.js';

type Unit = 'months' | 'years';
type Draft = Record<RetentionCategory, { value: number | string; unit: Unit }>;

const toDraft = (p: RetentionPolicy): Draft =>
  Object.fromEntries(
    RETENTION_CATEGORIES.map((c) => [
      c,
      p[c] % 12 === 0 ? { value: p[c] / 12, unit: 'years' } : { value: p[c], unit: 'months' },
    ]),
  ) as Draft;

const toMonths = (d: { value: number | string; unit: Unit }) => {
  const n = typeof d.value === 'number' ? d.value : Number(d.value);
  return d.unit === 'years' ? n * 12 : n;
};

/** Przechowywanie danych (admin): how long each category is kept, with the legal basis beside it (D76). */
export function RetentionTab() {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: ['retention'],
    queryFn: () => api('GET /api/settings/retention'),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (settings.data) setDraft(toDraft(settings.data.policy));
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (policy: RetentionPolicy) => api('PUT /api/settings/retention', { body: policy }),
    onSuccess: (data) => client.setQueryData(['retention'], data),
  });

  if (settings.isError) return <Alert color="red">{errorMessage(settings.error)}</Alert>;
  if (!settings.data || !draft) return <Loader />;
  const data = settings.data;
  const months = Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, toMonths(draft[c])])) as RetentionPolicy;
  const parsed = RetentionPolicy.safeParse(months);
  const issues = new Map(parsed.success ? [] : parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
  const span = (m: number) =>
    m % 12 === 0 ? t('retention.years', { count: m / 12 }) : t('retention.months', { count: m });
  const last = data.lastRun;

  return (
    <Stack maw={1100}>
      <Text size="sm">{t('retention.intro')}</Text>
      <Table verticalSpacing="sm" data-testid="retention-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={220}>{t('retention.category')}</Table.Th>
            <Table.Th w={250}>{t('retention.keep')}</Table.Th>
            <Table.Th>{t('retention.basis')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {RETENTION_CATEGORIES.map((c) => {
            const rule = CATEGORY_RULES[c];
            return (
              <Table.Tr key={c} data-testid={`retention-${c}`}>
                <Table.Td>
                  <Text fw={500}>{t(`retention.categories.${c}.label`)}</Text>
                  <Text size="xs" c="dimmed">
                    {t(`retention.categories.${c}.what`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <NumberInput
                      aria-label={t(`retention.categories.${c}.label`)}
                      w={90}
                      min={1}
                      allowDecimal={false}
                      value={draft[c].value}
                      onChange={(v) => setDraft({ ...draft, [c]: { ...draft[c], value: v } })}
                      error={issues.get(c) ? true : undefined}
                    />
                    <Select
                      aria-label={t('retention.unit')}
                      w={120}
                      allowDeselect={false}
                      value={draft[c].unit}
                      onChange={(v) => setDraft({ ...draft, [c]: { ...draft[c], unit: (v ?? 'months') as Unit } })}
                      data={[
                        { value: 'months', label: t('retention.unitMonths') },
                        { value: 'years', label: t('retention.unitYears') },
                      ]}
                    />
                  </Group>
                  <Text size="xs" c="dimmed" mt={4}>
                    {t(rule.fromYearEnd ? 'retention.fromYearEnd' : 'retention.fromEvent')} ·{' '}
                    {t('retention.defaultMin', { def: span(rule.defaultMonths), min: span(rule.minMonths) })}
                  </Text>
                  {issues.get(c) ? (
                    <Text size="xs" c="red" mt={4}>
                      {issues.get(c)}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`retention.categories.${c}.basis`)}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Text size="sm">{t('retention.orphans')}</Text>
      {save.isError ? <Alert color="red">{errorMessage(save.error)}</Alert> : null}
      {save.isSuccess ? <Alert color="green">{t('retention.saved')}</Alert> : null}
      <Group>
        <Button
          disabled={!parsed.success}
          loading={save.isPending}
          onClick={() => parsed.success && save.mutate(parsed.data)}
        >
          {t('retention.save')}
        </Button>
        <Button variant="default" onClick={() => setDraft(toDraft(data.defaults))}>
          {t('retention.restoreDefaults')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" data-testid="retention-last-run">
        {last
          ? t('retention.lastRun', {
              at: formatDate(last.at),
              contents: last.counts.contents,
              proofs: last.counts.proofs,
              feedback: last.counts.feedbackMessages + last.counts.feedbackReplies + last.counts.feedbackEvents,
              events: last.counts.events,
              audit: last.counts.audit,
              blobs: last.counts.blobs,
            })
          : t('retention.neverRun')}
      </Text>
    </Stack>
  );
}

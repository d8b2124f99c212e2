import { Alert, Anchor, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../shared/format.js';
import { mailboxCountText } from '../../shared/messages.js';
import { api } from '../api.js';
import { AttentionList } from './AttentionList.js';
import { DailyChart } from './DailyChart.js';

const MAILBOXES = ['drafts', 'outbox', 'sent', 'failed'] as const;

/** Pulpit: how many messages each mailbox holds, what needs attention, batches being made. */
export function DashboardPage() {
  const { t, i18n } = useTranslation(['dashboard', 'common']);
  const formatCount = (n: number) => (i18n.resolvedLanguage === 'en' ? n.toLocaleString('en-GB') : formatNumber(n));
  const counts = useQuery({
    queryKey: ['mailbox-counts'],
    queryFn: () => api('GET /api/mailboxes/counts'),
    refetchInterval: 5000,
  });
  const batches = useQuery({
    queryKey: ['batches', 'recent'],
    queryFn: () => api('GET /api/batches', { query: { limit: 10 } }),
    refetchInterval: (q) => (q.state.data?.items.some((b) => b.status === 'running') ? 1000 : 10_000),
  });

  const running = (batches.data?.items ?? []).filter((b) => b.status === 'running' || b.status === 'new');

  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {MAILBOXES.map((m) => (
          <Card key={m} withBorder padding="md" component={Link} to={`/skrzynki/${m}`}>
            <Text size="sm" c="dimmed">
              {t(`common:mailbox.${m}`)}
            </Text>
            <Text fz={32} fw={700} data-testid={`count-${m}`}>
              {counts.data ? mailboxCountText(counts.data[m] ?? 0, formatCount) : counts.isError ? '—' : '…'}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      {counts.isError && !counts.data && (
        <Alert color="red" title={t('common:error')} role="alert">
          {counts.error.message}
        </Alert>
      )}

      <Title order={3}>{t('attention')}</Title>
      <AttentionList />

      <Title order={3}>{t('chart')}</Title>
      <DailyChart />

      <Title order={3}>{t('batches')}</Title>
      {batches.data && batches.data.items.length === 0 && (
        <Text c="dimmed">
          {t('noBatches')}{' '}
          <Anchor component={Link} to="/wysylka">
            {t('newBatch')}
          </Anchor>
        </Text>
      )}
      {(batches.data?.items ?? []).slice(0, 5).map((b) => (
        <Card key={b.id} withBorder padding="sm">
          <Group justify="space-between">
            <Anchor component={Link} to={`/wysylki/${b.id}`} fw={600}>
              {b.name}
            </Anchor>
            <Text size="sm" c="dimmed">
              {t(`batchStatus.${b.status}`)} · {b.done} / {b.total}
            </Text>
          </Group>
          <Progress
            mt="xs"
            value={b.total ? (100 * b.done) / b.total : 0}
            animated={running.includes(b)}
            aria-label={t('progress', { name: b.name })}
          />
          {b.status === 'ready' && (
            <Text size="sm" mt="xs">
              {t('batchResult', { email: b.emailCount, paper: b.paperCount })}
            </Text>
          )}
        </Card>
      ))}
    </Stack>
  );
}

import { Card, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../shared/format.js';
import { api } from '../api.js';

const WIDTH = 600;
const HEIGHT = 80;

/** Sent (green) and failed (red, on top) per day for each account, the last 30 days. */
export function DailyChart() {
  const { t } = useTranslation('dashboard');
  const stats = useQuery({
    queryKey: ['stats', 'daily'],
    queryFn: () => api('GET /api/stats/daily', { query: { days: 30 } }),
    refetchInterval: 60_000,
  });
  if (!stats.data) return null;
  const { days, accounts } = stats.data;
  if (accounts.length === 0) return <Text c="dimmed">{t('chartEmpty')}</Text>;
  const max = Math.max(1, ...accounts.flatMap((a) => a.sent.map((s, i) => s + (a.failed[i] ?? 0))));
  const bar = WIDTH / days.length;
  return (
    <Stack gap="sm">
      {accounts.map((a) => {
        const totalSent = a.sent.reduce((s, n) => s + n, 0);
        const totalFailed = a.failed.reduce((s, n) => s + n, 0);
        return (
          <Card key={a.accountId} withBorder padding="sm">
            <Group justify="space-between" mb={4}>
              <Text fw={600}>{a.name}</Text>
              <Text size="sm" c="dimmed">
                {t('chartTotals', { sent: totalSent, failed: totalFailed })}
              </Text>
            </Group>
            <svg
              viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
              // Stretched to the card's width, so the first and last bars sit above the dates under the chart's
              // corners (kept at 600 px in the middle, today's bar was far from today's date).
              preserveAspectRatio="none"
              width="100%"
              height={HEIGHT}
              role="img"
              aria-label={t('chartLabel', { name: a.name, sent: totalSent, failed: totalFailed })}
            >
              {days.map((day, i) => {
                const sent = a.sent[i] ?? 0;
                const failed = a.failed[i] ?? 0;
                const hs = (sent / max) * (HEIGHT - 4);
                const hf = (failed / max) * (HEIGHT - 4);
                return (
                  <g key={day}>
                    <title>{`${formatDate(day)}: ${t('chartDay', { sent, failed })}`}</title>
                    <rect x={i * bar + 1} y={HEIGHT - hs} width={bar - 2} height={hs} fill="#2f9e44" />
                    <rect x={i * bar + 1} y={HEIGHT - hs - hf} width={bar - 2} height={hf} fill="#e03131" />
                  </g>
                );
              })}
            </svg>
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                {formatDate(days[0] ?? '')}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDate(days.at(-1) ?? '')}
              </Text>
            </Group>
          </Card>
        );
      })}
    </Stack>
  );
}

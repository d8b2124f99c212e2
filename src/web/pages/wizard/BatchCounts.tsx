import { Anchor, Card, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Batch, BatchMessageCounts } from '../../../shared/batches.js';
import { formatNumber } from '../../../shared/format.js';
import { query } from '../../api.js';

type State = keyof BatchMessageCounts;

/** Each count opens its mailbox filtered by the batch (held messages wait in the outbox). */
const LINKS: Record<Exclude<State, 'cancelled'>, { mailbox: string; status?: string }> = {
  drafts: { mailbox: 'drafts' },
  queued: { mailbox: 'outbox' },
  sent: { mailbox: 'sent' },
  failed: { mailbox: 'failed' },
  held: { mailbox: 'outbox', status: 'held' },
};

/** How sending goes: the batch's messages per state (live), each a link to those messages; then paper. */
export function BatchCounts({ batch: b }: { batch: Batch }) {
  const { t } = useTranslation('wizard');
  const states = (['drafts', 'queued', 'sent', 'failed', 'held'] as const).filter(
    // Drafts while any exist; the rest once the batch is queued (zero failures is worth seeing too).
    (s) => b.messages[s] > 0 || (s !== 'drafts' && s !== 'held' && b.messages.drafts < b.emailCount),
  );
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} data-testid="batch-counts">
      {states.map((s) => (
        <Card withBorder key={s} padding="sm">
          <Text size="sm" c="dimmed">
            {t(`counts.${s}`)}
          </Text>
          <Text fz={26} fw={700} c={s === 'failed' && b.messages.failed > 0 ? 'red' : undefined}>
            {formatNumber(b.messages[s])}
          </Text>
          <Anchor
            component={Link}
            size="sm"
            data-testid={`count-${s}`}
            to={`/skrzynki/${LINKS[s].mailbox}${query({ batchId: b.id, status: LINKS[s].status })}`}
          >
            {t(`counts.${s}Link`)}
          </Anchor>
        </Card>
      ))}
      <Card withBorder padding="sm">
        <Text size="sm" c="dimmed">
          {t('counts.paper')}
        </Text>
        <Text fz={26} fw={700} data-testid="paper-count">
          {formatNumber(b.paperCount)}
        </Text>
        {b.hasPaperPack && (
          <Anchor href={`/api/batches/${b.id}/paper-pack`} download size="sm">
            {t('result.paperPack')}
          </Anchor>
        )}
      </Card>
    </SimpleGrid>
  );
}

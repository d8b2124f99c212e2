import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FeedbackBadge } from '../../../shared/feedback.js';
import type { Message } from '../../../shared/messages.js';
import { formatDateTime } from './filters.js';

const BADGE_COLORS: Record<FeedbackBadge, string> = {
  bounce: 'red',
  read: 'teal',
  auto_reply: 'blue',
  complaint: 'grape',
};
const STRONG = ['verp', 'envid', 'message_id'];

/** The raw report as it came (.eml), kept beside the proof of sending. */
export const rawReportUrl = (messageId: string, eventId: string) =>
  `/api/messages/${messageId}/feedback/${eventId}/eml`;

/** Small labels for what came back about a message: zwrot, przeczytano, autoodpowiedź, skarga (D48). */
export function FeedbackBadges(props: { badges: FeedbackBadge[] }) {
  const { t } = useTranslation('mailboxes');
  if (props.badges.length === 0) return null;
  return (
    <Group gap={4} mt={2} wrap="nowrap">
      {props.badges.map((b) => (
        <Badge key={b} size="xs" variant="outline" color={BADGE_COLORS[b]} style={{ textTransform: 'none' }}>
          {t(`feedback.badge.${b}`)}
        </Badge>
      ))}
    </Group>
  );
}

/** The message view's list of feedback read from the feedback mailbox: when, what, why (in Polish). */
export function MessageFeedback(props: { message: Message }) {
  const { t } = useTranslation('mailboxes');
  const m = props.message;
  if (m.feedback.length === 0) return null;
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{t('feedback.title')}</Title>
          {m.readAt && (
            <Badge color="teal" variant="light" style={{ textTransform: 'none' }}>
              {t('feedback.readAt', { at: formatDateTime(m.readAt) })}
            </Badge>
          )}
        </Group>
        <Table striped withTableBorder aria-label={t('feedback.title')}>
          <Table.Tbody>
            {m.feedback.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.occurredAt)}</Table.Td>
                <Table.Td>{t(`feedback.kind.${e.kind}`)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`feedback.reason.${e.reason}`, { defaultValue: e.reason })}</Text>
                  {e.kind === 'hard_bounce' && e.effect === 'none' && (
                    <Text size="xs" c="dimmed">
                      {e.forged ? t('feedback.forged') : !STRONG.includes(e.confidence) ? t('feedback.weak') : null}
                    </Text>
                  )}
                  {e.rawSha256 && (
                    <Anchor href={rawReportUrl(m.id, e.id)} download size="xs">
                      {t('feedback.downloadRaw')}
                    </Anchor>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

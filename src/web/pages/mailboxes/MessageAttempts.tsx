import { Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/messages.js';
import { formatDateTime } from './filters.js';
import { rawReportUrl } from './MessageFeedback.js';

/** Proof of sending: the server's reply, the queue id, the .eml hash and the downloads. */
export function MessageProof({ message: m }: { message: Message }) {
  const { t } = useTranslation(['mailboxes', 'common']);
  // The bounce report that made the message "zwrócona" downloads beside the proof (D52).
  const bounce = m.feedback.findLast((e) => e.kind === 'hard_bounce' && e.effect !== 'none' && e.rawSha256);
  return (
    <Card withBorder padding="md">
      <Title order={4}>{t('message.proof')}</Title>
      <Text size="sm" mt="xs">
        {t('message.proofText', { date: formatDateTime(m.sentAt) })}
      </Text>
      {m.smtpResponse && (
        <Text size="xs" c="dimmed">
          {m.smtpResponse}
        </Text>
      )}
      {m.smtpQueueId && (
        <Text size="xs" c="dimmed">
          {t('message.queueId', { id: m.smtpQueueId })}
        </Text>
      )}
      {m.eml && (
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {t('message.emlHash', { hash: m.eml.sha256 })}
        </Text>
      )}
      <Group mt="sm" gap="sm">
        {/* The .eml's bytes go with the content (D76); its hash above stays as the proof. */}
        {m.contentRemovedAt ? null : (
          <Button component="a" href={`/api/messages/${m.id}/eml`} download variant="default" size="sm">
            {t('message.downloadEml')}
          </Button>
        )}
        <Button
          component="a"
          href={`/api/messages/${m.id}/receipt.pdf`}
          target="_blank"
          rel="noopener noreferrer"
          variant="default"
          size="sm"
        >
          {t('message.receipt')}
        </Button>
        {bounce && (
          <Button component="a" href={rawReportUrl(m.id, bounce.id)} download variant="default" size="sm">
            {t('message.downloadBounce')}
          </Button>
        )}
      </Group>
    </Card>
  );
}

/** Every delivery attempt: when, which one, the SMTP code, the response and the outcome. */
export function MessageAttempts({ message: m }: { message: Message }) {
  const { t } = useTranslation(['mailboxes', 'common']);
  return (
    <>
      <Title order={3}>{t('message.attempts')}</Title>
      {m.attempts.length === 0 ? (
        <Text c="dimmed">{t('message.noAttempts')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={800} type="native">
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('message.attemptTime')}</Table.Th>
                <Table.Th>{t('message.attemptNo')}</Table.Th>
                <Table.Th>{t('message.smtpCode')}</Table.Th>
                <Table.Th>{t('message.response')}</Table.Th>
                <Table.Th>{t('message.outcome')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.attempts.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.startedAt)}</Table.Td>
                  <Table.Td>
                    {m.series > 1
                      ? t('message.attemptNoSeries', { no: a.attemptNo, series: a.series })
                      : t('message.attemptNoValue', { no: a.attemptNo })}
                  </Table.Td>
                  <Table.Td>{[a.smtpCode, a.enhancedStatus].filter(Boolean).join(' ') || '—'}</Table.Td>
                  <Table.Td maw={420} style={{ wordBreak: 'break-word' }}>
                    <Text size="sm">{a.response ?? a.errorCode ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>{t(`message.outcomes.${a.outcome}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}

import { Code, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FeedbackMailbox } from '../../../shared/feedback-mailboxes.js';
import { officeTime } from '../../app/AccountAlarm.js';

/**
 * How the worker's reader is doing with one mailbox (D51): who reads it, the last good read, or the error in plain
 * Polish with what to do and since when; "nikt nie czyta" when no worker holds its lease.
 */
export function FeedbackReaderStatus(props: { m: FeedbackMailbox }) {
  const { t } = useTranslation('settings');
  const { m } = props;
  const r = m.reader;
  const lastOk = r.lastOkAt && (
    <Text size="sm" c="dimmed">
      {t('feedbackMailboxes.reader.lastOk', { at: officeTime(r.lastOkAt) })}
    </Text>
  );
  if (m.status === 'inactive') {
    return (
      <Stack gap={2}>
        <Text size="sm" c="dimmed">
          {t('feedbackMailboxes.reader.off')}
        </Text>
        {lastOk}
      </Stack>
    );
  }
  if (r.status === 'error') {
    return (
      <Stack gap={2} data-testid="reader-status">
        <Text size="sm" c="red" fw={600}>
          {r.errorSince
            ? t('feedbackMailboxes.reader.failingSince', { at: officeTime(r.errorSince) })
            : t('feedbackMailboxes.reader.failing')}
        </Text>
        <Text size="sm" c="red">
          {r.error}
        </Text>
        {r.errorDetail && (
          <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {r.errorDetail}
          </Code>
        )}
        <Text size="sm" c="dimmed">
          {r.worker ? t('feedbackMailboxes.reader.tries', { worker: r.worker }) : t('feedbackMailboxes.reader.nobody')}
        </Text>
        {lastOk}
      </Stack>
    );
  }
  if (!r.worker) {
    return (
      <Stack gap={2} data-testid="reader-status">
        <Text size="sm" c="orange" fw={600}>
          {t('feedbackMailboxes.reader.nobodyTitle')}
        </Text>
        <Text size="sm">{t('feedbackMailboxes.reader.nobody')}</Text>
        {lastOk}
      </Stack>
    );
  }
  return (
    <Stack gap={2} data-testid="reader-status">
      <Text size="sm" c="green" fw={600}>
        {r.status === 'ok' && r.lastOkAt
          ? t('feedbackMailboxes.reader.ok', { at: officeTime(r.lastOkAt) })
          : t('feedbackMailboxes.reader.starting')}
      </Text>
      <Text size="sm" c="dimmed">
        {t('feedbackMailboxes.reader.readBy', { worker: r.worker })}
      </Text>
    </Stack>
  );
}

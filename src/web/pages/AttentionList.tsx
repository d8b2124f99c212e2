import { Alert, Anchor, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Attention } from '../../shared/stats.js';
import { api } from '../api.js';
import { RetryNowButton, useAccountAlarmText } from '../app/AccountAlarm.js';
import { FeedbackAlarmNotice } from '../app/FeedbackAlarm.js';

const timeOf = new Intl.DateTimeFormat('pl-PL', { timeZone: 'Europe/Warsaw', hour: '2-digit', minute: '2-digit' });

/** What Pulpit's "Wymaga uwagi" is made of (also read by the Błędy mailbox's empty state). */
export function useAttention(enabled = true) {
  return useQuery({
    queryKey: ['attention'],
    queryFn: () => api('GET /api/stats/attention'),
    refetchInterval: 5000,
    enabled,
  });
}

/** Messages that have not failed but wait on a problem (an account, a blocked address, an overdue queue). */
export function waitingOnProblems(a: Attention | undefined): number {
  if (!a) return 0;
  return a.held.account + a.held.paused + a.held.suppressed + a.overdue + a.accounts.reduce((n, x) => n + x.waiting, 0);
}

/**
 * Pulpit's "Wymaga uwagi": "all fine" only when nothing failed or bounced, nothing is held or overdue, every account
 * can send, no tenant's reply is unread and no unknown feedback mail waits (D50); otherwise each with a link to it,
 * and "Spróbuj teraz" on an account's alarm.
 */
export function AttentionList() {
  const { t } = useTranslation(['dashboard', 'common']);
  const attention = useAttention();
  const alarmText = useAccountAlarmText();
  const a = attention.data;
  if (!a) return attention.isError ? <Text c="red">{attention.error.message}</Text> : null;
  const outbox = (query: string) => `/skrzynki/outbox${query}`;

  return (
    <Stack gap="sm" data-testid="attention">
      {a.allFine && <Text c="dimmed">{t('allGood')}</Text>}
      {a.accounts.map((acc) => (
        <Fragment key={acc.id}>
          {(acc.state !== 'closed' || acc.problem) && (
            <Alert
              color={acc.state === 'closed' ? 'yellow' : 'orange'}
              title={t(acc.state === 'closed' ? 'accountError' : 'accountStopped', { name: acc.name })}
              role="alert"
            >
              <Stack gap={6}>
                <Text size="sm">{alarmText(acc)}</Text>
                {acc.waiting > 0 && (
                  <Anchor component={Link} to={outbox(`?accountId=${acc.id}`)} size="sm">
                    {t('accountWaiting', { count: acc.waiting })}
                  </Anchor>
                )}
                {acc.state !== 'paused' && acc.state !== 'closed' && (
                  <Group>
                    <RetryNowButton accountId={acc.id} name={acc.name} />
                    <Text size="xs" c="dimmed">
                      {t('retryNowHint')}
                    </Text>
                  </Group>
                )}
              </Stack>
            </Alert>
          )}
          {acc.feedbackAlarm && <FeedbackAlarmNotice accountId={acc.id} name={acc.name} alarm={acc.feedbackAlarm} />}
        </Fragment>
      ))}
      {a.failed > 0 && (
        <Alert color="red" title={t('failedTitle', { count: a.failed })}>
          <Anchor component={Link} to="/skrzynki/failed?resolved=open">
            {t('failedAction')}
          </Anchor>
        </Alert>
      )}
      {a.bounced > 0 && (
        <Alert color="red" title={t('bouncedTitle', { count: a.bounced })}>
          <Anchor component={Link} to="/skrzynki/failed?status=bounced&resolved=open">
            {t('bouncedAction')}
          </Anchor>
        </Alert>
      )}
      {a.unreadReplies > 0 && (
        <Alert color="blue" title={t('repliesTitle', { count: a.unreadReplies })}>
          <Anchor component={Link} to="/skrzynki/odebrane">
            {t('repliesAction')}
          </Anchor>
        </Alert>
      )}
      {a.triage > 0 && (
        <Alert color="yellow" title={t('triageTitle', { count: a.triage })}>
          <Anchor component={Link} to="/do-przejrzenia">
            {t('triageAction')}
          </Anchor>
        </Alert>
      )}
      {a.awaitingApproval.length > 0 && (
        <Alert color="blue" title={t('approvalTitle', { count: a.awaitingApproval.length })}>
          <Stack gap={2}>
            {a.awaitingApproval.map((b) => (
              <Anchor key={b.batchId} component={Link} to={`/wysylki/${b.batchId}`}>
                {t('approvalAction', { name: b.name, count: b.drafts })}
              </Anchor>
            ))}
          </Stack>
        </Alert>
      )}
      {a.held.suppressed > 0 && (
        <Alert color="orange" title={t('suppressedTitle', { count: a.held.suppressed })}>
          <Anchor component={Link} to={outbox('?status=held')}>
            {t('suppressedAction')}
          </Anchor>
        </Alert>
      )}
      {a.overdue > 0 && (
        <Alert color="orange" title={t('overdueTitle', { count: a.overdue })}>
          <Anchor component={Link} to={outbox('')}>
            {t('overdueAction')}
          </Anchor>
        </Alert>
      )}
      {a.retrying > 0 && (
        <Text size="sm" c="dimmed">
          <Anchor component={Link} to={outbox('?status=retry_wait')}>
            {t('retrying', { count: a.retrying })}
          </Anchor>
          {a.nextRetryAt && `, ${t('retryingNext', { time: timeOf.format(new Date(a.nextRetryAt)) })}`}
        </Text>
      )}
    </Stack>
  );
}

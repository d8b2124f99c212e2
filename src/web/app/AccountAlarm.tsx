import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { errorMessage } from '../pages/settings/errors.js';

const WARSAW = 'Europe/Warsaw';
const timeOf = new Intl.DateTimeFormat('pl-PL', { timeZone: WARSAW, hour: '2-digit', minute: '2-digit' });
const dayOf = new Intl.DateTimeFormat('pl-PL', { timeZone: WARSAW, day: 'numeric', month: 'numeric' });

/** A moment as office time in Warsaw: "07:14" today, "5.12, 07:14" on another day. */
export function officeTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  const time = timeOf.format(at);
  return dayOf.format(at) === dayOf.format(now) ? time : `${dayOf.format(at)}, ${time}`;
}

/** What an account's alarm says: "Nie można połączyć się z serwerem host:port od 07:14, następna próba 07:20". */
export function useAccountAlarmText() {
  const { t } = useTranslation('common');
  return (a: { problem: string | null; since: string | null; nextTryAt: string | null; state: string }) => {
    const problem = (a.problem ?? t(`accountAlarm.state.${a.state}`)).replace(/\.$/, '');
    const since = a.since ? ` ${t('accountAlarm.since', { at: officeTime(a.since) })}` : '';
    const next = a.nextTryAt ? `, ${t('accountAlarm.next', { at: officeTime(a.nextTryAt) })}` : '';
    return `${problem}${since}${next}`;
  };
}

/** "Spróbuj teraz": the account's waiting messages are tried at once (after the problem was fixed). */
export function RetryNowButton({ accountId, name }: { accountId: string; name: string }) {
  const { t } = useTranslation('common');
  const client = useQueryClient();
  const retry = useMutation({
    mutationFn: () => api('POST /api/accounts/:id/retry-now', { params: { id: accountId } }),
    onSuccess: (r) => {
      notifications.show({ color: 'blue', message: t('accountAlarm.retried', { name, count: r.due }) });
      for (const key of ['accounts', 'attention', 'mailbox-counts']) void client.invalidateQueries({ queryKey: [key] });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  return (
    <Button size="xs" variant="filled" loading={retry.isPending} onClick={() => retry.mutate()}>
      {t('accountAlarm.retryNow')}
    </Button>
  );
}

import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FeedbackAlarm } from '../../shared/accounts.js';
import { api } from '../api.js';
import { errorMessage } from '../pages/settings/errors.js';
import { officeTime } from './AccountAlarm.js';
import { useIsAdmin } from './session.js';

/** The reason codes of a policy block (D44) that say what the receiving server objected to. */
const WHAT: Record<string, string> = {
  spam: 'spam',
  sender_authentication: 'authentication',
  blocklisted: 'blocklisted',
  rate_limited: 'rateLimited',
};

/**
 * An account's feedback alarm (D48, D55): a recipient's server refused its mail for the account's own reasons.
 * What happened, the report's reason, when, what to do; "Sprawdzone — usuń alarm" for an administrator only.
 */
export function FeedbackAlarmNotice(props: { accountId: string; name: string; alarm: FeedbackAlarm }) {
  const { t } = useTranslation(['common', 'mailboxes']);
  const isAdmin = useIsAdmin();
  const client = useQueryClient();
  const clear = useMutation({
    mutationFn: () => api('DELETE /api/accounts/:id/feedback-alarm', { params: { id: props.accountId } }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('common:feedbackAlarm.cleared', { name: props.name }) });
      for (const key of ['accounts', 'attention']) void client.invalidateQueries({ queryKey: [key] });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const what = WHAT[props.alarm.reason] ?? 'policy';
  const reason = t(`mailboxes:feedback.reason.${props.alarm.reason}`, {
    defaultValue: t('mailboxes:feedback.reason.policy'),
  });
  return (
    <Alert
      color="red"
      title={t('common:feedbackAlarm.title', { name: props.name })}
      data-testid="feedback-alarm"
      role="alert"
    >
      <Stack gap={4}>
        <Text size="sm">
          {t(`common:feedbackAlarm.what.${what}`)} {t('common:feedbackAlarm.when', { at: officeTime(props.alarm.at) })}
        </Text>
        <Text size="sm" c="dimmed">
          {t('common:feedbackAlarm.reason', { reason })}
        </Text>
        <Text size="sm">{t(`common:feedbackAlarm.todo.${what === 'rateLimited' ? 'rateLimited' : 'check'}`)}</Text>
        <Group gap="xs" mt={4}>
          {isAdmin ? (
            <Button size="xs" variant="filled" color="red" loading={clear.isPending} onClick={() => clear.mutate()}>
              {t('common:feedbackAlarm.clear')}
            </Button>
          ) : (
            <Text size="xs" c="dimmed">
              {t('common:feedbackAlarm.adminClears')}
            </Text>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}

import { Badge, Tabs } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format.js';
import { mailboxCountText } from '../../../shared/messages.js';
import { api } from '../../api.js';
import { MAILBOX_TABS } from './filters.js';

/** Odebrane's place among the mailbox tabs; its path is `/skrzynki/odebrane`. */
export const INBOX_TAB = 'inbox';

/** Replies this user has not read yet (the Odebrane badge), refreshed every half minute. */
export function useInboxCounts() {
  return useQuery({
    queryKey: ['inbox-counts'],
    queryFn: () => api('GET /api/inbox/counts'),
    refetchInterval: 30_000,
  });
}

/** The mailbox tabs (Odebrane first, with its unread count; then Robocze … Anulowane with theirs). */
export function MailboxTabs(props: {
  value: string;
  counts: Record<string, number> | undefined;
  onChange(value: string | null): void;
}) {
  const { t } = useTranslation(['mailboxes', 'common']);
  const inbox = useInboxCounts();
  const unread = inbox.data?.unread ?? 0;
  return (
    <Tabs value={props.value} onChange={props.onChange} keepMounted={false}>
      <Tabs.List aria-label={t('tabsLabel')}>
        <Tabs.Tab
          value={INBOX_TAB}
          rightSection={
            unread ? (
              <Badge size="sm" color="blue" aria-label={t('inbox.unreadCount', { count: unread })}>
                {formatNumber(unread)}
              </Badge>
            ) : null
          }
        >
          {t('common:mailbox.inbox')}
        </Tabs.Tab>
        {MAILBOX_TABS.map((m) => (
          <Tabs.Tab
            key={m}
            value={m}
            rightSection={
              props.counts?.[m] ? (
                <Badge size="sm" variant="light" color={m === 'failed' ? 'red' : 'gray'}>
                  {mailboxCountText(props.counts[m]!, formatNumber)}
                </Badge>
              ) : null
            }
          >
            {t(`common:mailbox.${m}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}

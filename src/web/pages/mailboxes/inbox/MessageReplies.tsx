import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api.js';
import { formatDateTime } from '../filters.js';

/** In a message's view: the tenants' replies to it (Odebrane), each a link; nothing when there are none. */
export function MessageReplies(props: { messageId: string }) {
  const { t } = useTranslation(['mailboxes']);
  const replies = useQuery({
    queryKey: ['inbox', 'message', props.messageId],
    queryFn: () => api('GET /api/inbox', { query: { messageId: props.messageId, limit: 20 } }),
  });
  const items = replies.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Stack gap={4}>
      <Title order={3}>{t('inbox.repliesToMessage')}</Title>
      {items.map((r) => (
        <Group key={r.id} gap="xs">
          <Anchor component={Link} to={`/skrzynki/odebrane/${r.id}`} size="sm" fw={r.readAt ? 400 : 700}>
            {r.subject || t('noSubject')}
          </Anchor>
          <Text size="xs" c="dimmed">
            {r.fromAddress} · {formatDateTime(r.receivedAt)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

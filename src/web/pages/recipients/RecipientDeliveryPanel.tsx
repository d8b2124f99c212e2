import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { mailboxOf } from '../../../shared/messages.js';
import { api } from '../../api.js';
import { formatDateTime } from '../mailboxes/filters.js';

/** The recipient card's delivery view (issue 11): each address's state, with unblocking, and the messages. */
export function RecipientDeliveryPanel({ recipientId }: { recipientId: string }) {
  const { t } = useTranslation(['recipients', 'mailboxes']);
  const client = useQueryClient();
  const delivery = useQuery({
    queryKey: ['recipient-delivery', recipientId],
    queryFn: () => api('GET /api/recipients/:id/delivery', { params: { id: recipientId } }),
  });
  const unblock = useMutation({
    mutationFn: (address: string) =>
      api('POST /api/recipients/:id/unblock', { params: { id: recipientId }, body: { address } }),
    onSuccess: (r) => {
      notifications.show({
        color: 'green',
        message: t('mailboxes:repairs.unblocked', { address: r.address, count: r.released }),
      });
      void client.invalidateQueries({ queryKey: ['recipient-delivery', recipientId] });
      void client.invalidateQueries({ queryKey: ['message'] });
    },
  });
  const d = delivery.data;
  if (!d) return null;

  return (
    <Card withBorder padding="md" mt="lg">
      <Stack>
        <Title order={4}>{t('delivery.addresses')}</Title>
        {d.complainedAt && (
          <Alert color="grape" title={t('delivery.complaintTitle')}>
            {t('delivery.complaint', { at: new Date(d.complainedAt).toLocaleDateString('pl-PL') })}
          </Alert>
        )}
        {d.addresses.length === 0 && <Text c="dimmed">{t('delivery.noAddresses')}</Text>}
        {d.addresses.map((a) => (
          <Group key={a.address} justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2}>
              <Group gap="xs">
                <Text fw={500}>{a.address}</Text>
                <Badge
                  color={a.state === 'blocked' ? 'red' : a.state === 'suspect' ? 'orange' : 'green'}
                  variant="light"
                >
                  {t(`delivery.state.${a.state}`)}
                </Badge>
              </Group>
              {a.state === 'suspect' && (
                <Text size="sm" c="dimmed">
                  {t('delivery.suspect')}
                </Text>
              )}
              {a.blocked && (
                <Text size="sm" c="dimmed">
                  {a.blocked.summary}{' '}
                  {a.blocked.messageId && (
                    <Anchor component={Link} to={`/skrzynki/failed/${a.blocked.messageId}`} size="sm">
                      {t('delivery.causingMessage')}
                    </Anchor>
                  )}
                </Text>
              )}
            </Stack>
            {a.blocked && (
              <Button
                size="xs"
                variant="light"
                loading={unblock.isPending && unblock.variables === a.address}
                onClick={() => unblock.mutate(a.address)}
              >
                {t('mailboxes:repairs.unblock')}
              </Button>
            )}
          </Group>
        ))}
        {unblock.error && <Text c="red">{unblock.error.message}</Text>}

        <Title order={4}>{t('delivery.messages')}</Title>
        {d.messages.length === 0 ? (
          <Text c="dimmed">{t('delivery.noMessages')}</Text>
        ) : (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('delivery.subject')}</Table.Th>
                <Table.Th>{t('delivery.to')}</Table.Th>
                <Table.Th>{t('delivery.status')}</Table.Th>
                <Table.Th>{t('delivery.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.messages.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/skrzynki/${mailboxOf(m.status)}/${m.id}`}>
                      {m.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{m.toAddress}</Table.Td>
                  <Table.Td>{t(`mailboxes:status.${m.status}`)}</Table.Td>
                  <Table.Td>{formatDateTime(m.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

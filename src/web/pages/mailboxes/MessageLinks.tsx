import { Badge, Button, Card, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/messages.js';
import { api } from '../../api.js';
import { formatDateTime } from './filters.js';

/**
 * A message's download links (D70): until when they work, downloads, the tenant's own acknowledgement (stronger
 * than a download), revocation. Nothing for a message sent with attachments only.
 */
export function MessageLinks(props: { message: Message }) {
  const { t } = useTranslation('mailboxes');
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const m = props.message;
  const built = m.status !== 'draft';
  const state = useQuery({
    queryKey: ['message-links', m.id],
    queryFn: () => api('GET /api/messages/:id/download-links', { params: { id: m.id } }),
    enabled: built,
  });
  const revoke = useMutation({
    mutationFn: () => api('POST /api/messages/:id/download-links/revoke', { params: { id: m.id } }),
    onSuccess: (data) => {
      client.setQueryData(['message-links', m.id], data);
      notifications.show({ color: 'green', message: t('links.revokedDone') });
      setConfirming(false);
    },
    onError: (err: Error) => notifications.show({ color: 'red', message: err.message }),
  });
  const s = state.data;
  // Nothing to show for a message that went with attachments only (no links were built for it).
  if (!built || !Array.isArray(s?.links) || s.links.length === 0) return null;
  const live = s.revokedAt === null;
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{t('links.title')}</Title>
          {live && (
            <Button size="xs" variant="default" color="red" onClick={() => setConfirming(true)}>
              {t('links.revoke')}
            </Button>
          )}
        </Group>
        <Group gap="xs">
          {s.acknowledgedAt && (
            <Badge color="teal" variant="filled" style={{ textTransform: 'none' }}>
              {t('links.acknowledged', { at: formatDateTime(s.acknowledgedAt) })}
            </Badge>
          )}
          {s.downloads > 0 ? (
            <Badge color="blue" variant="light" style={{ textTransform: 'none' }}>
              {t('links.downloaded', { count: s.downloads, at: formatDateTime(s.lastDownloadAt ?? '') })}
            </Badge>
          ) : (
            <Badge color="gray" variant="light" style={{ textTransform: 'none' }}>
              {t('links.notDownloaded')}
            </Badge>
          )}
          {s.revokedAt && (
            <Badge color="red" variant="light" style={{ textTransform: 'none' }}>
              {t('links.revokedAt', { at: formatDateTime(s.revokedAt) })}
            </Badge>
          )}
        </Group>
        {s.links.map((l) => (
          <Text key={l.position} size="sm">
            {t('links.sent', { file: l.filename, until: formatDateTime(l.expiresAt) })}
          </Text>
        ))}
        {s.events.length > 0 && (
          <Table striped withTableBorder aria-label={t('links.events')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('links.when')}</Table.Th>
                <Table.Th>{t('links.what')}</Table.Th>
                <Table.Th>{t('links.network')}</Table.Th>
                <Table.Th>{t('links.browser')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.events.map((e) => (
                <Table.Tr key={`${e.kind}-${e.at}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td>{t(`links.kind.${e.kind}`)}</Table.Td>
                  <Table.Td>{e.network ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text size="xs">{e.userAgent ?? '—'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Modal opened={confirming} onClose={() => !revoke.isPending && setConfirming(false)} title={t('links.revoke')}>
        <Stack>
          <Text size="sm">{t('links.revokeConfirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={revoke.isPending}>
              {t('links.keep')}
            </Button>
            <Button color="red" onClick={() => revoke.mutate()} loading={revoke.isPending}>
              {t('links.revoke')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

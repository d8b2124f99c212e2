import { Alert, Anchor, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type LinkedMessage, type Message, mailboxOf } from '../../../shared/messages.js';
import { api } from '../../api.js';
import { formatDateTime } from './filters.js';

const messageUrl = (m: { id: string; status: LinkedMessage['status'] }) => `/skrzynki/${mailboxOf(m.status)}/${m.id}`;

/**
 * A message's links to the messages made from it (or the one it repeats), and the repairs for a refused address
 * (issue 11): why it is held, "Odblokuj adres", and "Wyślij na poprawiony adres" with the recipient's addresses.
 */
export function MessageRepairs({ message: m }: { message: Message }) {
  const { t } = useTranslation('mailboxes');
  const client = useQueryClient();
  const navigate = useNavigate();
  const [choosing, setChoosing] = useState(false);
  const [address, setAddress] = useState<string | null>(null);
  const [paperAsk, setPaperAsk] = useState(false);

  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['message'] });
    void client.invalidateQueries({ queryKey: ['mailbox'] });
    void client.invalidateQueries({ queryKey: ['mailbox-counts'] });
  };
  const unblock = useMutation({
    mutationFn: () => api('POST /api/messages/:id/unblock', { params: { id: m.id } }),
    onSuccess: (r) => {
      notifications.show({
        color: 'green',
        message: t('repairs.unblocked', { address: r.address, count: r.released }),
      });
      refresh();
    },
  });
  const correct = useMutation({
    mutationFn: (to: string) =>
      api('POST /api/messages/:id/send-to-corrected', {
        params: { id: m.id },
        body: {
          address: to,
        },
      }),
    onSuccess: (r) => {
      notifications.show({ color: 'green', message: t('repairs.correctedDone') });
      setChoosing(false);
      refresh();
      navigate(`/skrzynki/outbox/${r.id}`);
    },
  });

  const paper = useMutation({
    mutationFn: () => api('POST /api/messages/:id/paper', { params: { id: m.id } }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('repairs.paperDone') });
      setPaperAsk(false);
      refresh();
    },
  });

  const waitingOnBlock = m.status === 'held' && m.heldReason === 'suppressed';
  const failed = m.status === 'failed' || m.status === 'bounced';
  const options = m.correctAddresses ?? [];

  return (
    <>
      {m.parent && (
        <Alert color="blue" title={t(`repairs.parentTitle.${m.parent.kind}`)}>
          <Text size="sm">
            {t('repairs.parentText')}{' '}
            <Anchor component={Link} to={messageUrl(m.parent)}>
              {m.parent.toAddress} · {t(`status.${m.parent.status}`)} · {formatDateTime(m.parent.createdAt)}
            </Anchor>
          </Text>
        </Alert>
      )}
      {m.children.length > 0 && (
        <Alert color="blue" title={t('repairs.childrenTitle')}>
          <Stack gap={2}>
            {m.children.map((c) => (
              <Text size="sm" key={c.id}>
                {t(`repairs.kind.${c.kind}`)}:{' '}
                <Anchor component={Link} to={messageUrl(c)}>
                  {c.toAddress} · {t(`status.${c.status}`)} · {formatDateTime(c.createdAt)}
                </Anchor>
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {m.blocked && (waitingOnBlock || failed) && (
        <Alert color="orange" title={t('repairs.blockedTitle', { address: m.toAddress })}>
          <Stack gap="xs">
            <Text size="sm">{m.blocked.summary}</Text>
            <Text size="xs" c="dimmed">
              {t('repairs.blockedReason', { reason: m.blocked.reason })}
            </Text>
            {waitingOnBlock && <Text size="sm">{t('repairs.blockedChoices')}</Text>}
            <Group gap="sm">
              <Button variant="light" loading={unblock.isPending} onClick={() => unblock.mutate()}>
                {t('repairs.unblock')}
              </Button>
              <Anchor component={Link} to={m.recipientId ? `/adresaci/${m.recipientId}` : '/adresaci'} size="sm">
                {t('repairs.changeOnCard')}
              </Anchor>
            </Group>
            {unblock.error && <Text c="red">{unblock.error.message}</Text>}
          </Stack>
        </Alert>
      )}
      {m.resolution?.kind === 'paper' && (
        <Alert color="teal" title={t('repairs.resolvedTitle')}>
          <Stack gap={2}>
            <Text size="sm">{t('repairs.resolvedPaper', { date: formatDateTime(m.resolution.at) })}</Text>
            {m.batchId && (
              <Anchor component={Link} to={`/wysylki/${m.batchId}`} size="sm">
                {t('repairs.openBatch')}
              </Anchor>
            )}
          </Stack>
        </Alert>
      )}
      {(((waitingOnBlock || failed) && options.length > 0) || m.paperOffered) && (
        <Group>
          {(waitingOnBlock || failed) && options.length > 0 && (
            <Button
              onClick={() => {
                setAddress(options[0] ?? null);
                setChoosing(true);
              }}
            >
              {t('repairs.sendCorrected')}
            </Button>
          )}
          {m.paperOffered && (
            <Button variant="light" onClick={() => setPaperAsk(true)}>
              {t('repairs.sendPaper')}
            </Button>
          )}
        </Group>
      )}
      <Modal
        opened={paperAsk}
        onClose={() => !paper.isPending && setPaperAsk(false)}
        title={t('repairs.sendPaper')}
        centered
      >
        <Stack>
          <Text size="sm">
            {t('repairs.paperExplain', { what: t(waitingOnBlock ? 'repairs.paperHeld' : 'repairs.paperFailed') })}
          </Text>
          {paper.error && <Alert color="red">{paper.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPaperAsk(false)} disabled={paper.isPending}>
              {t('confirm.no')}
            </Button>
            <Button loading={paper.isPending} onClick={() => paper.mutate()}>
              {t('repairs.paperConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={choosing}
        onClose={() => !correct.isPending && setChoosing(false)}
        title={t('repairs.sendCorrected')}
        centered
      >
        <Stack>
          <Text size="sm">{t('repairs.correctedExplain', { address: m.toAddress })}</Text>
          <Select
            label={t('repairs.newAddress')}
            data={options}
            value={address}
            onChange={setAddress}
            allowDeselect={false}
          />
          {correct.error && <Alert color="red">{correct.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setChoosing(false)} disabled={correct.isPending}>
              {t('confirm.no')}
            </Button>
            <Button loading={correct.isPending} disabled={!address} onClick={() => address && correct.mutate(address)}>
              {t('repairs.sendCorrectedConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

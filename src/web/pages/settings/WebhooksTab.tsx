import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Radio,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Position } from '../../../shared/positions.js';
import { EVENT_TYPES, type EventType, type Webhook } from '../../../shared/webhooks.js';
import { api } from '../../api.js';
import { formatDateTime } from '../mailboxes/filters.js';
import { errorMessage } from './errors.js';

type Draft = { name: string; url: string; positionId: string | null; eventTypes: EventType[]; active: boolean };
const EMPTY: Draft = {
  name: '',
  url: 'https://',
  positionId: null,
  eventTypes: ['queued', 'sent', 'failed', 'bounced'],
  active: true,
};

/** How long the old secret may keep signing after a new one is made (D98): the choices offered, in hours. */
const OVERLAPS = ['0', '24', '72', '168'] as const;

/**
 * Webhooki (D60): receivers of message events, the secret shown once (a new one with an overlap, D98), and each
 * one's delivery log with replay.
 */
export function WebhooksTab() {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['webhooks'], queryFn: () => api('GET /api/webhooks') });
  const positions = useQuery({ queryKey: ['positions'], queryFn: () => api('GET /api/positions') });
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [log, setLog] = useState<Webhook | null>(null);
  const [rotating, setRotating] = useState<Webhook | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['webhooks'] });

  const save = useMutation({
    mutationFn: async ({ id, draft }: { id: string | null; draft: Draft }) => {
      if (id) {
        const { positionId: _, ...patch } = draft;
        return api('PATCH /api/webhooks/:id', { params: { id }, body: patch });
      }
      return api('POST /api/webhooks', { body: draft });
    },
    onSuccess: (r) => {
      setEditing(null);
      if ('secret' in r && typeof r.secret === 'string') setSecret(r.secret);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE /api/webhooks/:id', { params: { id } }),
    onSuccess: refresh,
  });
  const positionName = (id: string | null) =>
    id ? (positions.data?.find((p) => p.id === id)?.name ?? id) : t('webhooks.everyAccount');

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('webhooks.intro')}
      </Text>
      <Group>
        <Button onClick={() => setEditing({ id: null, draft: EMPTY })}>{t('webhooks.add')}</Button>
      </Group>
      {list.error && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {remove.error && <Alert color="red">{errorMessage(remove.error)}</Alert>}
      {list.isSuccess && list.data.length === 0 && <Text c="dimmed">{t('webhooks.none')}</Text>}
      {list.data && list.data.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('webhooks.name')}</Table.Th>
              <Table.Th>{t('webhooks.url')}</Table.Th>
              <Table.Th>{t('webhooks.position')}</Table.Th>
              <Table.Th>{t('webhooks.events')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((w) => (
              <Table.Tr key={w.id}>
                <Table.Td>
                  {w.name} {!w.active && <Badge color="gray">{t('webhooks.inactive')}</Badge>}
                  {w.previousSecretUntil && (
                    <Text size="xs" c="dimmed">
                      {t('webhooks.previousUntil', { at: formatDateTime(w.previousSecretUntil) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{w.url}</Code>
                </Table.Td>
                <Table.Td>{positionName(w.positionId)}</Table.Td>
                <Table.Td>{w.eventTypes.map((e) => t(`webhooks.type.${e}`)).join(', ')}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="light" onClick={() => setLog(w)}>
                      {t('webhooks.deliveries')}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() =>
                        setEditing({
                          id: w.id,
                          draft: {
                            name: w.name,
                            url: w.url,
                            positionId: w.positionId,
                            eventTypes: w.eventTypes,
                            active: w.active,
                          },
                        })
                      }
                    >
                      {t('edit')}
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setRotating(w)}>
                      {t('webhooks.rotate')}
                    </Button>
                    <Button
                      size="xs"
                      color="red"
                      variant="subtle"
                      onClick={() => {
                        if (window.confirm(t('webhooks.deleteConfirm', { name: w.name }))) remove.mutate(w.id);
                      }}
                    >
                      {t('webhooks.delete')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <Modal opened onClose={() => setEditing(null)} title={editing.id ? t('webhooks.edit') : t('webhooks.add')}>
          <WebhookForm
            value={editing.draft}
            isNew={editing.id === null}
            positions={positions.data ?? []}
            onChange={(draft) => setEditing({ ...editing, draft })}
          />
          {save.error && (
            <Alert color="red" mt="sm">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end" mt="md">
            <Button loading={save.isPending} onClick={() => save.mutate(editing)}>
              {t('webhooks.save')}
            </Button>
          </Group>
        </Modal>
      )}
      {secret && (
        <Modal opened onClose={() => setSecret(null)} title={t('webhooks.secretTitle')}>
          <Stack>
            <SecretOnce secret={secret} />
          </Stack>
        </Modal>
      )}
      {rotating && <RotateSecret webhook={rotating} onClose={() => setRotating(null)} onRotated={refresh} />}
      {log && (
        <Modal opened onClose={() => setLog(null)} title={t('webhooks.logTitle', { name: log.name })} size="xl">
          <DeliveryLog webhook={log} />
        </Modal>
      )}
    </Stack>
  );
}

/** The signing secret, shown this once, to copy into the receiving system (after adding a webhook or a new secret). */
function SecretOnce({ secret }: { secret: string }) {
  const { t } = useTranslation('settings');
  return (
    <>
      <Text size="sm">{t('webhooks.secretOnce')}</Text>
      <Code block>{secret}</Code>
      <CopyButton value={secret}>
        {({ copied, copy }) => <Button onClick={copy}>{copied ? t('webhooks.copied') : t('webhooks.copy')}</Button>}
      </CopyButton>
    </>
  );
}

/**
 * „Nowy sekret” (D98): how long the old secret keeps working, then the new one shown once with when the old one
 * stops — the receiving system can take the new secret meanwhile without a delivery refused.
 */
function RotateSecret(p: { webhook: Webhook; onClose: () => void; onRotated: () => void }) {
  const { t } = useTranslation(['settings', 'common']);
  const [overlap, setOverlap] = useState<(typeof OVERLAPS)[number]>('24');
  const rotate = useMutation({
    mutationFn: () =>
      api('POST /api/webhooks/:id/secret', { params: { id: p.webhook.id }, body: { overlapHours: Number(overlap) } }),
    onSuccess: p.onRotated,
  });
  const done = rotate.data;
  return (
    <Modal opened onClose={p.onClose} title={t('webhooks.rotateTitle', { name: p.webhook.name })}>
      {done ? (
        <Stack>
          <SecretOnce secret={done.secret} />
          <Text size="sm" fw={500}>
            {done.previousSecretUntil
              ? t('webhooks.previousUntil', { at: formatDateTime(done.previousSecretUntil) })
              : t('webhooks.previousEnded')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={p.onClose}>
              {t('webhooks.done')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">{t('webhooks.rotateIntro')}</Text>
          <Radio.Group
            label={t('webhooks.overlapLabel')}
            value={overlap}
            onChange={(v) => setOverlap(v as (typeof OVERLAPS)[number])}
          >
            <Stack gap={4} mt={4}>
              {OVERLAPS.map((h) => (
                <Radio key={h} value={h} label={t(`webhooks.overlap.${h}`)} />
              ))}
            </Stack>
          </Radio.Group>
          {rotate.error && <Alert color="red">{errorMessage(rotate.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={p.onClose}>
              {t('common:cancel')}
            </Button>
            <Button loading={rotate.isPending} onClick={() => rotate.mutate()}>
              {t('webhooks.rotateConfirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function WebhookForm(p: { value: Draft; isNew: boolean; positions: Position[]; onChange: (d: Draft) => void }) {
  const { t } = useTranslation('settings');
  const set = (patch: Partial<Draft>) => p.onChange({ ...p.value, ...patch });
  return (
    <Stack>
      <TextInput
        label={t('webhooks.name')}
        value={p.value.name}
        onChange={(e) => set({ name: e.currentTarget.value })}
      />
      <TextInput
        label={t('webhooks.url')}
        description={t('webhooks.urlHint')}
        value={p.value.url}
        onChange={(e) => set({ url: e.currentTarget.value })}
      />
      <Select
        label={t('webhooks.position')}
        disabled={!p.isNew}
        data={[
          { value: '', label: t('webhooks.everyAccount') },
          ...p.positions.map((x) => ({ value: x.id, label: x.name })),
        ]}
        value={p.value.positionId ?? ''}
        onChange={(v) => set({ positionId: v ? v : null })}
      />
      <Checkbox.Group
        label={t('webhooks.events')}
        value={p.value.eventTypes}
        onChange={(v) => set({ eventTypes: v as EventType[] })}
      >
        <Stack gap={4} mt={4}>
          {EVENT_TYPES.map((e) => (
            <Checkbox key={e} value={e} label={t(`webhooks.type.${e}`)} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Switch
        label={t('webhooks.active')}
        checked={p.value.active}
        onChange={(e) => set({ active: e.currentTarget.checked })}
      />
    </Stack>
  );
}

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const key = ['webhook-deliveries', webhook.id];
  const log = useQuery({
    queryKey: key,
    queryFn: () => api('GET /api/webhooks/:id/deliveries', { params: { id: webhook.id }, query: { limit: 100 } }),
  });
  const replay = useMutation({
    mutationFn: (id: string) =>
      api('POST /api/webhooks/:id/deliveries/:deliveryId/replay', { params: { id: webhook.id, deliveryId: id } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('pl-PL') : '—');
  return (
    <Stack>
      {log.error && <Alert color="red">{errorMessage(log.error)}</Alert>}
      {replay.error && <Alert color="red">{errorMessage(replay.error)}</Alert>}
      {log.isSuccess && log.data.length === 0 && <Text c="dimmed">{t('webhooks.noDeliveries')}</Text>}
      {log.data && log.data.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('webhooks.created')}</Table.Th>
              <Table.Th>{t('webhooks.event')}</Table.Th>
              <Table.Th>{t('webhooks.status')}</Table.Th>
              <Table.Th>{t('webhooks.attempts')}</Table.Th>
              <Table.Th>{t('webhooks.result')}</Table.Th>
              <Table.Th>{t('webhooks.nextTry')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {log.data.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{when(d.createdAt)}</Table.Td>
                <Table.Td>
                  {t(`webhooks.type.${d.eventType}`)} #{d.eventId}
                  {d.replayOf && (
                    <Badge ml={4} size="xs" variant="light">
                      {t('webhooks.replayed')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{t(`webhooks.deliveryStatus.${d.status}`)}</Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td>{d.lastStatus ?? d.lastError ?? '—'}</Table.Td>
                <Table.Td>{d.status === 'pending' ? when(d.nextAttemptAt) : '—'}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="light"
                    loading={replay.isPending && replay.variables === d.id}
                    onClick={() => replay.mutate(d.id)}
                  >
                    {t('webhooks.replay')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope, type CreatedApiKey } from '../../../shared/api-keys.js';
import { formatDate } from '../../../shared/format.js';
import type { Position } from '../../../shared/positions.js';
import { api } from '../../api.js';
import { formatDateTime } from '../mailboxes/filters.js';
import { errorMessage, fieldErrors } from './errors.js';

/** The translation key of a scope (i18next reads `:` as a namespace separator, so it is `_` there). */
const scopeLabel = (s: ApiKeyScope) => `apiKeys.scope.${s.replace(':', '_')}`;

/** A year from today, the suggested expiry. */
function inAYear(): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

function CreateKeyForm(props: {
  positions: Position[];
  onCreated: (created: CreatedApiKey) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(['settings', 'common']);
  const [name, setName] = useState('');
  const [positionId, setPositionId] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['documents:write', 'batches:write', 'batches:read']);
  const [expiresOn, setExpiresOn] = useState(inAYear());
  const create = useMutation({
    mutationFn: () => api('POST /api/api-keys', { body: { name, positionId: positionId || null, scopes, expiresOn } }),
    onSuccess: props.onCreated,
  });
  const errors = fieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {create.error && <Alert color="red">{errorMessage(create.error)}</Alert>}
        <TextInput
          label={t('apiKeys.name')}
          description={t('apiKeys.nameHint')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        <NativeSelect
          label={t('apiKeys.position')}
          value={positionId}
          onChange={(e) => setPositionId(e.currentTarget.value)}
          data={[
            { value: '', label: t('apiKeys.wholeInstallation') },
            ...props.positions.map((p) => ({ value: p.id, label: p.name })),
          ]}
          error={errors.positionId}
        />
        <Checkbox.Group
          label={t('apiKeys.scopes')}
          value={scopes}
          onChange={(v) => setScopes(v as ApiKeyScope[])}
          error={errors.scopes}
        >
          <Stack gap={4} mt={4}>
            {API_KEY_SCOPES.map((s) => (
              <Checkbox key={s} value={s} label={`${t(scopeLabel(s))} (${s})`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <TextInput
          type="date"
          label={t('apiKeys.expiresOn')}
          required
          value={expiresOn}
          onChange={(e) => setExpiresOn(e.currentTarget.value)}
          error={errors.expiresOn}
        />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('apiKeys.create')}
          </Button>
          <Button variant="default" onClick={props.onCancel}>
            {t('common:cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The key, shown this once, with a copy button and the warning that it will not be shown again. */
function ShownOnce(props: { created: CreatedApiKey; onClose: () => void }) {
  const { t } = useTranslation(['settings', 'common']);
  return (
    <Stack>
      <Alert color="orange" title={t('apiKeys.onceTitle')}>
        {t('apiKeys.onceText')}
      </Alert>
      <Code block data-testid="api-key-secret">
        {props.created.secret}
      </Code>
      <Group>
        <CopyButton value={props.created.secret}>
          {({ copied, copy }) => (
            <Button color={copied ? 'teal' : undefined} onClick={copy}>
              {copied ? t('apiKeys.copied') : t('apiKeys.copy')}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={props.onClose}>
          {t('apiKeys.done')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Klucze API (admin): keys for rent systems — name, position, scopes, expiry, last use; made, shown once, revoked. */
export function ApiKeysTab() {
  const { t } = useTranslation(['settings', 'common']);
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => api('GET /api/api-keys') });
  const positions = useQuery({ queryKey: ['positions'], queryFn: () => api('GET /api/positions') });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const revoke = useMutation({
    mutationFn: (k: ApiKey) => api('DELETE /api/api-keys/:id', { params: { id: k.id } }),
    onSuccess: (_, k) => {
      notifications.show({ color: 'green', message: t('apiKeys.revoked', { name: k.name }) });
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  const positionName = (id: string | null) =>
    id ? (positions.data?.find((p) => p.id === id)?.name ?? id) : t('apiKeys.wholeInstallation');
  const close = () => {
    setCreating(false);
    setCreated(null);
    void qc.invalidateQueries({ queryKey: ['api-keys'] });
  };

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('apiKeys.intro')}
      </Text>
      <Group>
        <Button onClick={() => setCreating(true)}>{t('apiKeys.new')}</Button>
      </Group>
      {keys.isError && <Alert color="red">{errorMessage(keys.error)}</Alert>}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('apiKeys.name')}</Table.Th>
            <Table.Th>{t('apiKeys.position')}</Table.Th>
            <Table.Th>{t('apiKeys.scopes')}</Table.Th>
            <Table.Th>{t('apiKeys.expiresAt')}</Table.Th>
            <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(keys.data ?? []).map((k) => (
            <Table.Tr key={k.id}>
              <Table.Td>
                {k.name}{' '}
                <Text span c="dimmed" size="xs">
                  {k.prefix}…
                </Text>
                {k.revokedAt && (
                  <Badge ml="xs" color="gray">
                    {t('apiKeys.revokedBadge')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{positionName(k.positionId)}</Table.Td>
              <Table.Td>{k.scopes.map((s) => t(scopeLabel(s))).join(', ')}</Table.Td>
              <Table.Td>{formatDate(k.expiresAt)}</Table.Td>
              <Table.Td>
                {k.lastUsedAt ? `${formatDateTime(k.lastUsedAt)} (${k.lastUsedIp ?? '?'})` : t('apiKeys.neverUsed')}
              </Table.Td>
              <Table.Td>
                {!k.revokedAt && (
                  <Button
                    size="xs"
                    color="red"
                    variant="subtle"
                    loading={revoke.isPending && revoke.variables?.id === k.id}
                    onClick={() => {
                      if (window.confirm(t('apiKeys.revokeConfirm', { name: k.name }))) revoke.mutate(k);
                    }}
                  >
                    {t('apiKeys.revoke')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {keys.data?.length === 0 && <Text c="dimmed">{t('apiKeys.none')}</Text>}
      <Modal opened={creating} onClose={close} title={t('apiKeys.newTitle')} size="lg">
        {created ? (
          <ShownOnce created={created} onClose={close} />
        ) : (
          <CreateKeyForm positions={positions.data ?? []} onCreated={setCreated} onCancel={close} />
        )}
      </Modal>
    </Stack>
  );
}

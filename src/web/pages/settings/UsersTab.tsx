import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Position } from '../../../shared/positions.js';
import type { User } from '../../../shared/users.js';
import { api } from '../../api.js';
import { errorMessage, fieldErrors } from './errors.js';

function UserForm(props: { user: User | null; positions: Position[]; onDone: () => void }) {
  const { t } = useTranslation(['settings', 'common']);
  const u = props.user;
  const [login, setLogin] = useState(u?.login ?? '');
  const [displayName, setDisplayName] = useState(u?.displayName ?? '');
  const [email, setEmail] = useState(u?.email ?? '');
  const [role, setRole] = useState<'admin' | 'clerk'>(u?.role ?? 'clerk');
  const [active, setActive] = useState((u?.status ?? 'active') === 'active');
  const [positionIds, setPositionIds] = useState<string[]>(u?.positionIds ?? []);
  const [password, setPassword] = useState('');
  const save = useMutation({
    mutationFn: () => {
      const common = { displayName, email: email.trim() === '' ? null : email, role, positionIds };
      if (u) {
        return api('PATCH /api/users/:id', {
          params: { id: u.id },
          body: {
            ...common,
            status: active ? 'active' : 'disabled',
            ...(password !== '' ? { password } : {}),
          },
        });
      }
      return api('POST /api/users', { body: { ...common, login, password } });
    },
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: t('users.saved', { name: saved.displayName }) });
      props.onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const toggle = (id: string, on: boolean) =>
    setPositionIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={3}>{u ? t('users.editTitle', { name: u.displayName }) : t('users.newTitle')}</Title>
        {save.error && (
          <Alert color="red" title={t('users.saveFailed')}>
            {errorMessage(save.error)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TextInput
            label={t('users.login')}
            required
            disabled={!!u}
            description={u ? t('users.loginFixed') : t('users.loginHint')}
            value={login}
            onChange={(e) => setLogin(e.currentTarget.value)}
            error={errors.login}
          />
          <TextInput
            label={t('users.displayName')}
            required
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={errors.displayName}
          />
          <TextInput
            label={t('users.email')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
          <NativeSelect
            label={t('users.role')}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as 'admin' | 'clerk')}
            data={[
              { value: 'clerk', label: t('common:role.clerk') },
              { value: 'admin', label: t('common:role.admin') },
            ]}
            error={errors.role}
          />
          <PasswordInput
            label={u ? t('users.newPassword') : t('users.password')}
            description={u ? t('users.passwordKeep') : t('users.passwordHint')}
            required={!u}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            autoComplete="new-password"
          />
          {u && (
            <Switch
              mt="lg"
              label={t('users.active')}
              checked={active}
              onChange={(e) => setActive(e.currentTarget.checked)}
            />
          )}
        </SimpleGrid>
        <Title order={4}>{t('users.positions')}</Title>
        {props.positions.length === 0 && <Text c="dimmed">{t('users.noPositions')}</Text>}
        <Group>
          {props.positions.map((p) => (
            <Checkbox
              key={p.id}
              label={p.name}
              checked={positionIds.includes(p.id)}
              onChange={(e) => toggle(p.id, e.currentTarget.checked)}
            />
          ))}
        </Group>
        {errors.positionIds && (
          <Text c="red" size="sm">
            {errors.positionIds}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common:save')}
          </Button>
          <Button variant="default" onClick={props.onDone}>
            {t('common:cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const lockTime = (iso: string) => new Date(iso).toLocaleString('pl-PL', { dateStyle: 'short', timeStyle: 'short' });

/** A user's sign-in lock: from which addresses and until when, and the administrator's unlock. */
function LockCell(props: { user: User }) {
  const { t } = useTranslation(['settings', 'common']);
  const client = useQueryClient();
  const lock = props.user.lock;
  const unlock = useMutation({
    mutationFn: () => api('POST /api/users/:id/unlock', { params: { id: props.user.id } }),
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: t('users.unlocked', { name: saved.displayName }) });
      void client.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (e) => notifications.show({ color: 'red', title: t('users.unlockFailed'), message: errorMessage(e) }),
  });
  if (!lock) return null;
  return (
    <Stack gap={4} mt={4}>
      <Group gap="xs">
        <Badge color="red">{t('users.locked')}</Badge>
        <Button size="compact-xs" variant="light" loading={unlock.isPending} onClick={() => unlock.mutate()}>
          {t('users.unlock')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {lock.scope === 'new_addresses'
          ? t('users.lockedNewAddresses', { until: lockTime(lock.until) })
          : t('users.lockedAddresses', { until: lockTime(lock.until), count: lock.addresses })}
      </Text>
    </Stack>
  );
}

/** Użytkownicy: who may sign in, their role, positions, and a new password when needed. */
export function UsersTab() {
  const { t } = useTranslation(['settings', 'common']);
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api('GET /api/users') });
  const positions = useQuery({ queryKey: ['positions'], queryFn: () => api('GET /api/positions') });
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const positionName = (id: string) => positions.data?.find((p) => p.id === id)?.name ?? id;

  if (editing) {
    return (
      <UserForm
        key={editing === 'new' ? 'new' : editing.id}
        user={editing === 'new' ? null : editing}
        positions={positions.data ?? []}
        onDone={() => {
          setEditing(null);
          void client.invalidateQueries({ queryKey: ['users'] });
          void client.invalidateQueries({ queryKey: ['positions'] });
        }}
      />
    );
  }
  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed">{t('users.intro')}</Text>
        <Button onClick={() => setEditing('new')}>{t('users.add')}</Button>
      </Group>
      {users.error && <Alert color="red">{errorMessage(users.error)}</Alert>}
      {!!users.data?.length && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.displayName')}</Table.Th>
              <Table.Th>{t('users.role')}</Table.Th>
              <Table.Th>{t('users.positions')}</Table.Th>
              <Table.Th>{t('users.lastLogin')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>
                  <Text fw={600}>{u.displayName}</Text>
                  <Text size="sm" c="dimmed">
                    {u.login}
                    {u.email ? ` · ${u.email}` : ''}
                  </Text>
                  {u.status === 'disabled' && <Badge color="gray">{t('users.disabled')}</Badge>}
                  <LockCell user={u} />
                </Table.Td>
                <Table.Td>{t(`common:role.${u.role}`)}</Table.Td>
                <Table.Td>{u.positionIds.map(positionName).join(', ') || '—'}</Table.Td>
                <Table.Td>
                  {u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString('pl-PL') : t('users.never')}
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => setEditing(u)}>
                    {t('edit')}
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

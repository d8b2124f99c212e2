import {
  Alert,
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../shared/accounts.js';
import type { Position } from '../../../shared/positions.js';
import type { Property } from '../../../shared/properties.js';
import { api } from '../../api.js';
import { errorMessage, fieldErrors } from './errors.js';
import { PositionIntakeSection } from './PositionIntake.js';

type Role = 'default' | 'allowed' | '';

function PositionForm(props: {
  position: Position | null;
  accounts: Account[];
  properties: Property[];
  onDone: () => void;
}) {
  const { t } = useTranslation(['settings', 'common']);
  const p = props.position;
  const [name, setName] = useState(p?.name ?? '');
  const [description, setDescription] = useState(p?.description ?? '');
  const [roles, setRoles] = useState<Record<string, Role>>(() =>
    Object.fromEntries((p?.accounts ?? []).map((a) => [a.accountId, a.role])),
  );
  const [propertyIds, setPropertyIds] = useState<string[]>(p?.propertyIds ?? []);
  // A new position is created once: if binding its accounts then fails, saving again updates it.
  const createdId = useRef<string | null>(p?.id ?? null);
  const save = useMutation({
    mutationFn: async () => {
      const saved = createdId.current
        ? await api('PATCH /api/positions/:id', { params: { id: createdId.current }, body: { name, description } })
        : await api('POST /api/positions', { body: { name, description } });
      createdId.current = saved.id;
      const accounts = Object.entries(roles).flatMap(([accountId, role]) => (role === '' ? [] : [{ accountId, role }]));
      await api('PUT /api/positions/:id/accounts', { params: { id: saved.id }, body: { accounts } });
      return api('PUT /api/positions/:id/properties', { params: { id: saved.id }, body: { propertyIds } });
    },
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: t('positions.saved', { name: saved.name }) });
      props.onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const setRole = (id: string, role: Role) =>
    setRoles((r) => {
      const next = { ...r, [id]: role };
      // One default per position: choosing a new default makes the previous one "allowed".
      if (role === 'default')
        for (const k of Object.keys(next)) if (k !== id && next[k] === 'default') next[k] = 'allowed';
      return next;
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={3}>{p ? t('positions.editTitle', { name: p.name }) : t('positions.newTitle')}</Title>
        {save.error && (
          <Alert color="red" title={t('positions.saveFailed')}>
            {errorMessage(save.error)}
          </Alert>
        )}
        <TextInput
          label={t('positions.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        <Textarea
          label={t('positions.description')}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errors.description}
        />
        <Title order={4}>{t('positions.accounts')}</Title>
        <Text size="sm" c="dimmed">
          {t('positions.accountsHint')}
        </Text>
        {errors.accounts && (
          <Text c="red" size="sm">
            {errors.accounts}
          </Text>
        )}
        <Table>
          <Table.Tbody>
            {props.accounts.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  {a.name}{' '}
                  <Text span c="dimmed" size="sm">
                    ({a.fromAddress})
                  </Text>
                </Table.Td>
                <Table.Td w={220}>
                  <NativeSelect
                    aria-label={t('positions.roleFor', { name: a.name })}
                    value={roles[a.id] ?? ''}
                    onChange={(e) => setRole(a.id, e.currentTarget.value as Role)}
                    data={[
                      { value: '', label: t('positions.role.none') },
                      { value: 'default', label: t('positions.role.default') },
                      { value: 'allowed', label: t('positions.role.allowed') },
                    ]}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Title order={4}>{t('positions.properties')}</Title>
        <Text size="sm" c="dimmed">
          {t('positions.propertiesHint')}
        </Text>
        <MultiSelect
          aria-label={t('positions.properties')}
          placeholder={t('positions.propertiesPlaceholder')}
          data={props.properties.map((pr) => ({ value: pr.id, label: `${pr.name} — ${pr.street}, ${pr.city}` }))}
          value={propertyIds}
          onChange={setPropertyIds}
          searchable
          clearable
          hidePickedOptions
          maxDropdownHeight={280}
          error={errors.propertyIds}
        />
        {p && <PositionIntakeSection positionId={p.id} />}
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

/** Stanowiska: positions, the sending accounts bound to them (one default, others allowed) and the properties they serve. */
export function PositionsTab() {
  const { t } = useTranslation(['settings', 'common']);
  const client = useQueryClient();
  const positions = useQuery({ queryKey: ['positions'], queryFn: () => api('GET /api/positions') });
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: () => api('GET /api/accounts') });
  const properties = useQuery({ queryKey: ['properties'], queryFn: () => api('GET /api/properties') });
  const [editing, setEditing] = useState<Position | 'new' | null>(null);
  const accountName = (id: string) => accounts.data?.find((a) => a.id === id)?.name ?? id;
  const propertyNames = (ids: string[]) =>
    ids.map((id) => properties.data?.find((pr) => pr.id === id)?.name ?? id).join(', ');

  if (editing) {
    return (
      <PositionForm
        key={editing === 'new' ? 'new' : editing.id}
        position={editing === 'new' ? null : editing}
        accounts={accounts.data ?? []}
        properties={properties.data ?? []}
        onDone={() => {
          setEditing(null);
          void client.invalidateQueries({ queryKey: ['positions'] });
        }}
      />
    );
  }
  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed">{t('positions.intro')}</Text>
        <Button onClick={() => setEditing('new')}>{t('positions.add')}</Button>
      </Group>
      {positions.error && <Alert color="red">{errorMessage(positions.error)}</Alert>}
      {positions.data?.length === 0 && <Text c="dimmed">{t('positions.none')}</Text>}
      {!!positions.data?.length && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('positions.name')}</Table.Th>
              <Table.Th>{t('positions.accounts')}</Table.Th>
              <Table.Th>{t('positions.properties')}</Table.Th>
              <Table.Th>{t('positions.users')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {positions.data.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Text fw={600}>{p.name}</Text>
                  <Text size="sm" c="dimmed">
                    {p.description}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {p.accounts.length === 0 && (
                    <Text size="sm" c="orange">
                      {t('positions.noAccounts')}
                    </Text>
                  )}
                  {p.accounts.map((a) => (
                    <Text size="sm" key={a.accountId}>
                      {accountName(a.accountId)} — {t(`positions.role.${a.role}`)}
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  {p.propertyIds.length === 0 ? (
                    <Text size="sm" c="orange">
                      {t('positions.noProperties')}
                    </Text>
                  ) : (
                    <Text size="sm" title={propertyNames(p.propertyIds)}>
                      {t('positions.propertyCount', { count: p.propertyIds.length })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{p.userIds.length}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => setEditing(p)}>
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

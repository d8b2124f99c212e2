import {
  Alert,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, errorText } from '../../api.js';
import { useSession } from '../../app/session.js';
import { RecipientForm } from './RecipientForm.js';
import { RecipientImport } from './RecipientImport.js';

function RecipientList() {
  const { t } = useTranslation(['recipients', 'common']);
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [channel, setChannel] = useState<'' | 'email' | 'paper'>('');
  // A new recipient is added here; an existing one opens at its own address, /adresaci/:id.
  const [editing, setEditing] = useState<'new' | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['recipients', { q, channel }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api('GET /api/recipients', { query: { q, channel, cursor: pageParam, limit: 50 } }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  if (editing) {
    return (
      <RecipientForm
        key="new"
        recipient={null}
        onDone={() => {
          setEditing(null);
          void client.invalidateQueries({ queryKey: ['recipients'] });
        }}
      />
    );
  }
  return (
    <Stack>
      <Group align="end" justify="space-between">
        <Group align="end">
          <TextInput
            label={t('list.search')}
            placeholder={t('list.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={320}
          />
          <SegmentedControl
            aria-label={t('form.channel')}
            value={channel}
            onChange={(v) => setChannel(v as '' | 'email' | 'paper')}
            data={[
              { value: '', label: t('list.all') },
              { value: 'email', label: t('channel.email') },
              { value: 'paper', label: t('channel.paper') },
            ]}
          />
        </Group>
        <Button onClick={() => setEditing('new')}>{t('list.add')}</Button>
      </Group>
      {list.error && <Alert color="red">{errorText(list.error, t('networkError'))}</Alert>}
      {list.isSuccess && items.length === 0 && (
        <Text c="dimmed">{q || channel ? t('list.noneFound') : t('list.none')}</Text>
      )}
      {items.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('form.name')}</Table.Th>
              <Table.Th>{t('form.address')}</Table.Th>
              <Table.Th>{t('form.channel')}</Table.Th>
              <Table.Th>{t('form.emails')}</Table.Th>
              <Table.Th>{t('form.units')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Button variant="subtle" size="compact-sm" component={Link} to={`/adresaci/${r.id}`}>
                    {r.name}
                  </Button>
                </Table.Td>
                <Table.Td>
                  {r.street}, {r.postalCode} {r.city}
                  {r.country !== 'PL' ? `, ${r.country}` : ''}
                </Table.Td>
                <Table.Td>
                  <Badge color={r.channel === 'email' ? 'blue' : 'gray'} variant="light">
                    {t(`channel.${r.channel}`)}
                  </Badge>
                  {r.channel === 'email' && !r.consent && (
                    <Text size="xs" c="orange">
                      {t('list.noConsent')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{r.emails.join(', ') || '—'}</Table.Td>
                <Table.Td>{r.units.length}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('list.more')}
        </Button>
      )}
    </Stack>
  );
}

/** Adresaci: the recipients list with search, the recipient's card, and (admin) the import from a file. */
export function RecipientsPage() {
  const { t } = useTranslation('recipients');
  const { isAdmin } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = isAdmin && params.get('widok') === 'import' ? 'import' : 'lista';
  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      {isAdmin ? (
        <Tabs value={tab} onChange={(v) => setParams(v === 'import' ? { widok: 'import' } : {})} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="lista">{t('tabs.list')}</Tabs.Tab>
            <Tabs.Tab value="import">{t('tabs.import')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="lista" pt="md">
            <RecipientList />
          </Tabs.Panel>
          <Tabs.Panel value="import" pt="md">
            <RecipientImport />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <RecipientList />
      )}
    </Stack>
  );
}

import { Alert, Anchor, Button, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api.js';
import { errorMessage } from './errors.js';

/** Zablokowane adresy: the suppression list, searchable and paged, with unblocking (audited; releases held mail). */
export function BlockedTab() {
  const { t } = useTranslation(['settings', 'mailboxes']);
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const list = useInfiniteQuery({
    queryKey: ['blocked', q],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api('GET /api/suppressions', { query: { q, cursor: pageParam, limit: 50 } }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const unblock = useMutation({
    mutationFn: (address: string) => api('DELETE /api/suppressions/:address', { params: { address } }),
    onSuccess: (r) => {
      notifications.show({
        color: 'green',
        message: t('mailboxes:repairs.unblocked', { address: r.address, count: r.released }),
      });
      void client.invalidateQueries({ queryKey: ['blocked'] });
    },
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('blocked.intro')}
      </Text>
      <TextInput
        label={t('blocked.search')}
        placeholder={t('blocked.searchPlaceholder')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        w={360}
      />
      {list.error && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {unblock.error && <Alert color="red">{errorMessage(unblock.error)}</Alert>}
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('blocked.none')}</Text>}
      {items.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('blocked.address')}</Table.Th>
              <Table.Th>{t('blocked.why')}</Table.Th>
              <Table.Th>{t('blocked.message')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((b) => (
              <Table.Tr key={b.address}>
                <Table.Td>
                  {b.address.startsWith('erased:') ? (
                    <>
                      {t('blocked.erased')}
                      <Text size="xs" c="dimmed">
                        {t('blocked.erasedHint')}
                      </Text>
                    </>
                  ) : (
                    b.address
                  )}
                </Table.Td>
                <Table.Td>
                  {b.summary}
                  <Text size="xs" c="dimmed">
                    {b.reason}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {b.messageId && (
                    <Anchor component={Link} to={`/skrzynki/failed/${b.messageId}`} size="sm">
                      {t('blocked.open')}
                    </Anchor>
                  )}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="light"
                    loading={unblock.isPending && unblock.variables === b.address}
                    onClick={() => unblock.mutate(b.address)}
                  >
                    {t('mailboxes:repairs.unblock')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('blocked.more')}
        </Button>
      )}
    </Stack>
  );
}

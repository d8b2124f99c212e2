import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api.js';
import { formatDateTime } from '../mailboxes/filters.js';

export const triageUrl = (id: string) => `/do-przejrzenia/${id}`;

/**
 * "Do przejrzenia" (D50): mail from the feedback mailboxes that Listonosz could not recognise, newest first, in
 * the user's positions; each opens to a decision.
 */
export function TriagePage() {
  const { t } = useTranslation('triage');
  const navigate = useNavigate();
  const list = useInfiniteQuery({
    queryKey: ['triage'],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api('GET /api/triage', { query: { limit: 50, cursor: pageParam } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Title order={2}>{t('title')}</Title>
      <Text c="dimmed" maw={820}>
        {t('intro')}
      </Text>
      {list.isError && (
        <Alert color="red" title={t('common:error')} role="alert">
          {list.error.message}
        </Alert>
      )}
      {list.data && items.length === 0 && <Text>{t('empty')}</Text>}
      {items.length > 0 && (
        <Table striped highlightOnHover withTableBorder aria-label={t('title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('columns.received')}</Table.Th>
              <Table.Th>{t('columns.from')}</Table.Th>
              <Table.Th>{t('columns.subject')}</Table.Th>
              <Table.Th>{t('columns.mailbox')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id} style={{ cursor: 'pointer' }} onClick={() => navigate(triageUrl(i.id))}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(i.receivedAt)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{i.fromName ?? i.fromAddress ?? t('unknownSender')}</Text>
                  {i.fromName && i.fromAddress && (
                    <Text size="xs" c="dimmed">
                      {i.fromAddress}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={triageUrl(i.id)} size="sm">
                    {i.subject || t('noSubject')}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {t(`reason.${i.reason}`, { defaultValue: t('reason.unrecognised') })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{i.mailboxName ?? '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Group>
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

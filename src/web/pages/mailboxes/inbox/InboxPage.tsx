import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../../api.js';
import { formatDateTime } from '../filters.js';
import { INBOX_TAB, MailboxTabs } from '../MailboxTabs.js';

export const INBOX_PAGE_SIZE = 50;

/** `/skrzynki/odebrane`: tenants' replies, newest first; unread in bold; filter unread, search; keyset pages. */
export function InboxPage() {
  const { t } = useTranslation(['mailboxes', 'common']);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = params.get('filter') === 'unread' ? 'unread' : 'all';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const counts = useQuery({
    queryKey: ['mailbox-counts', {}],
    queryFn: () => api('GET /api/mailboxes/counts'),
    refetchInterval: 10_000,
  });
  const page = useQuery({
    queryKey: ['inbox', filter, q, cursor ?? null],
    queryFn: () => api('GET /api/inbox', { query: { filter, q, cursor, limit: INBOX_PAGE_SIZE } }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const items = page.data?.items ?? [];
  const setFilter = (value: string) => {
    setCursors([]);
    const next = new URLSearchParams(params);
    if (value === 'unread') next.set('filter', 'unread');
    else next.delete('filter');
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="md" miw={0}>
      <Title order={2}>{t('title')}</Title>
      <MailboxTabs
        value={INBOX_TAB}
        counts={counts.data}
        onChange={(m) => m && m !== INBOX_TAB && navigate(`/skrzynki/${m}`)}
      />
      <Group gap="sm" align="flex-end">
        <SegmentedControl
          value={filter}
          onChange={setFilter}
          data={[
            { value: 'all', label: t('inbox.filterAll') },
            { value: 'unread', label: t('inbox.filterUnread') },
          ]}
          aria-label={t('inbox.filterLabel')}
        />
        <TextInput
          label={t('inbox.search')}
          placeholder={t('inbox.searchPlaceholder')}
          value={search}
          onChange={(e) => {
            setCursors([]);
            setSearch(e.currentTarget.value);
          }}
          w={320}
          maxLength={100}
        />
      </Group>
      {page.error && (
        <Alert color="red" title={t('inbox.loadError')}>
          {page.error.message}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={800} type="native">
        <Table highlightOnHover verticalSpacing="xs" aria-busy={page.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('inbox.columns.from')}</Table.Th>
              <Table.Th>{t('inbox.columns.subject')}</Table.Th>
              <Table.Th>{t('inbox.columns.received')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => {
              const unread = !r.readAt;
              return (
                <Table.Tr key={r.id} bg={unread ? 'var(--mantine-color-blue-0)' : undefined}>
                  <Table.Td maw={260}>
                    <Text size="sm" fw={unread ? 700 : 400} truncate="end">
                      {r.fromName || r.fromAddress || t('inbox.unknownSender')}
                    </Text>
                    {r.fromName && (
                      <Text size="xs" c="dimmed" truncate="end">
                        {r.fromAddress}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td maw={520}>
                    <Group gap={6} wrap="nowrap">
                      <Anchor
                        component={Link}
                        to={`/skrzynki/odebrane/${r.id}`}
                        size="sm"
                        fw={unread ? 700 : 400}
                        lineClamp={1}
                        aria-label={unread ? t('inbox.unreadRow', { subject: r.subject || t('noSubject') }) : undefined}
                      >
                        {r.subject || t('noSubject')}
                      </Anchor>
                      {r.answeredAt && (
                        <Badge size="xs" color="teal" variant="light">
                          {t('inbox.answered')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {r.excerpt}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm" fw={unread ? 700 : 400}>
                      {formatDateTime(r.receivedAt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {page.isPending && (
        <Center p="lg" aria-label={t('common:loading')}>
          <Loader />
        </Center>
      )}
      {page.isSuccess && items.length === 0 && (
        <Text c="dimmed" ta="center" p="lg">
          {q || filter === 'unread' ? t('inbox.emptyFiltered') : t('inbox.empty')}
        </Text>
      )}
      <Group justify="space-between" component="nav" aria-label={t('page.label')}>
        <Button variant="default" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('page.previous')}
        </Button>
        <Text size="sm" c="dimmed">
          {t('page.number', { page: cursors.length + 1 })}
        </Text>
        <Button
          variant="default"
          disabled={!page.data?.nextCursor || page.isPlaceholderData}
          onClick={() => {
            const next = page.data?.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          {t('page.next')}
        </Button>
      </Group>
    </Stack>
  );
}

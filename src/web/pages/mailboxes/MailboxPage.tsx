import {
  Alert,
  Anchor,
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import type { Mailbox, MessageSort } from '../../../shared/messages.js';
import { api } from '../../api.js';
import { useAttention, waitingOnProblems } from '../AttentionList.js';
import { BulkActions, MAILBOX_ACTIONS } from './BulkActions.js';
import { FilterBar, useAccounts } from './FilterBar.js';
import { formatDateTime, hasFilters, isMailbox, type MailboxFilters, useMailboxFilters } from './filters.js';
import { INBOX_TAB, MailboxTabs } from './MailboxTabs.js';
import { FeedbackBadges } from './MessageFeedback.js';
import { StatusBadge } from './StatusBadge.js';

export const PAGE_SIZE = 50;

/** `/skrzynki/:mailbox`: tabs, filters (kept in the address), one page of messages, bulk actions. */
export function MailboxPage() {
  const { t } = useTranslation(['mailboxes', 'common']);
  const { mailbox } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const valid = isMailbox(mailbox) ? mailbox : 'drafts';
  const { filters, setFilters, clear } = useMailboxFilters(valid);
  // The tab counts follow the filters (a batch, an account, a search…); the status belongs to one mailbox.
  const { status: _status, sort: _sort, dir: _dir, ...countFilters } = filters;
  const counts = useQuery({
    queryKey: ['mailbox-counts', countFilters],
    queryFn: () => api('GET /api/mailboxes/counts', { query: countFilters }),
    refetchInterval: 10_000,
  });
  if (!isMailbox(mailbox)) return <Navigate to="/skrzynki/drafts" replace />;

  const switchTo = (m: string | null) => {
    if (!m || m === mailbox) return;
    if (m === INBOX_TAB) {
      navigate('/skrzynki/odebrane');
      return;
    }
    // Filters stay when switching mailboxes, except the status, which belongs to one mailbox.
    const params = new URLSearchParams(location.search);
    params.delete('status');
    const search = params.toString();
    navigate(`/skrzynki/${m}${search ? `?${search}` : ''}`);
  };

  return (
    <Stack gap="md" miw={0}>
      <Title order={2}>{t('title')}</Title>
      <MailboxTabs value={mailbox} counts={counts.data} onChange={switchTo} />
      <FilterBar mailbox={mailbox} filters={filters} onChange={setFilters} onClear={clear} />
      <MailboxList
        key={`${mailbox}?${JSON.stringify(filters)}`}
        mailbox={mailbox}
        filters={filters}
        onSort={(sort, dir) =>
          setFilters({ sort: sort === 'createdAt' ? undefined : sort, dir: dir === 'desc' ? undefined : dir })
        }
        onClear={clear}
      />
    </Stack>
  );
}

/** One mailbox with one set of filters: keyset pages (a stack of cursors for going back) and the ticked messages. */
function MailboxList(props: {
  mailbox: Mailbox;
  filters: MailboxFilters;
  onSort(sort: MessageSort, dir: 'asc' | 'desc'): void;
  onClear(): void;
}) {
  const { t } = useTranslation(['mailboxes', 'common']);
  const { mailbox, filters } = props;
  const location = useLocation();
  const accounts = useAccounts();
  const accountNames = useMemo(() => new Map((accounts.data ?? []).map((a) => [a.id, a.name])), [accounts.data]);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // "Wszystko doszło" only when nothing waits on a broken account or a blocked address either.
  const waiting = waitingOnProblems(useAttention(mailbox === 'failed').data);

  const page = useQuery({
    queryKey: ['mailbox', mailbox, filters, cursor ?? null],
    queryFn: () =>
      api('GET /api/mailboxes/:mailbox', { params: { mailbox }, query: { ...filters, cursor, limit: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
    refetchInterval: mailbox === 'outbox' ? 5000 : false,
  });

  const items = page.data?.items ?? [];
  const withActions = MAILBOX_ACTIONS[mailbox].length > 0;
  const pageIds = items.map((m) => m.id);
  const tickedOnPage = pageIds.filter((id) => selected.has(id)).length;
  const sort = (filters.sort ?? 'createdAt') as MessageSort;
  const dir = (filters.dir ?? 'desc') as 'asc' | 'desc';

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const toggleAll = (on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const id of pageIds) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const header = (column: MessageSort | null, label: string) => {
    if (!column) return <Table.Th>{label}</Table.Th>;
    const active = sort === column;
    return (
      <Table.Th aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <UnstyledButton
          onClick={() =>
            props.onSort(
              column,
              active && dir === 'desc' ? 'asc' : active ? 'desc' : column === 'createdAt' ? 'desc' : 'asc',
            )
          }
          aria-label={t('sortBy', { column: label })}
          fw={700}
          fz="sm"
        >
          {label} {active ? (dir === 'asc' ? '▲' : '▼') : ''}
        </UnstyledButton>
      </Table.Th>
    );
  };

  return (
    <Stack gap="sm">
      {withActions && (
        <BulkActions
          mailbox={mailbox}
          filters={filters}
          selectedIds={[...selected]}
          onClearSelection={() => setSelected(new Set())}
        />
      )}
      {page.error && (
        <Alert color="red" title={t('loadError')}>
          {page.error.message}{' '}
          <Button size="xs" variant="subtle" onClick={() => void page.refetch()}>
            {t('common:retry')}
          </Button>
        </Alert>
      )}
      <Table.ScrollContainer minWidth={900} type="native">
        <Table striped highlightOnHover verticalSpacing="xs" aria-busy={page.isFetching}>
          <Table.Thead>
            <Table.Tr>
              {withActions && (
                <Table.Th w={40}>
                  <Checkbox
                    aria-label={t('selectAllOnPage')}
                    checked={items.length > 0 && tickedOnPage === items.length}
                    indeterminate={tickedOnPage > 0 && tickedOnPage < items.length}
                    onChange={(e) => toggleAll(e.currentTarget.checked)}
                    disabled={items.length === 0}
                  />
                </Table.Th>
              )}
              {header('recipient', t('columns.recipient'))}
              {header('subject', t('columns.subject'))}
              {header(null, t('columns.account'))}
              {header(null, t('columns.status'))}
              {header('createdAt', t('columns.date'))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((m) => (
              <Table.Tr key={m.id} bg={selected.has(m.id) ? 'var(--mantine-color-blue-light)' : undefined}>
                {withActions && (
                  <Table.Td>
                    <Checkbox
                      aria-label={t('selectRow', { name: m.toName || m.toAddress })}
                      checked={selected.has(m.id)}
                      onChange={(e) => toggle(m.id, e.currentTarget.checked)}
                    />
                  </Table.Td>
                )}
                <Table.Td maw={260}>
                  <Text size="sm" fw={500} truncate="end">
                    {m.toName || m.toAddress}
                  </Text>
                  <Text size="xs" c="dimmed" truncate="end">
                    {m.toAddress}
                  </Text>
                </Table.Td>
                <Table.Td maw={360}>
                  <Anchor
                    component={Link}
                    to={{ pathname: `/skrzynki/${mailbox}/${m.id}`, search: location.search }}
                    size="sm"
                    lineClamp={2}
                  >
                    {m.subject || t('noSubject')}
                  </Anchor>
                  {/* Held for a blocked address: that is the reason, not an earlier attempt's hint. */}
                  {(m.heldReason === 'suppressed' || m.errorHint) && (
                    <Text size="xs" c="red" lineClamp={1}>
                      {m.status === 'held' && m.heldReason === 'suppressed' ? t('heldReason.suppressed') : m.errorHint}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{accountNames.get(m.accountId) ?? '—'}</Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <StatusBadge status={m.status} />
                  <FeedbackBadges badges={m.badges} />
                  {m.resolution && (
                    <Text size="xs" c="teal">
                      {m.resolution.messageId ? (
                        <Anchor
                          component={Link}
                          to={`/skrzynki/${mailbox}/${m.resolution.messageId}`}
                          size="xs"
                          c="teal"
                        >
                          {t(`resolved.${m.resolution.kind}`)}
                        </Anchor>
                      ) : (
                        t(`resolved.${m.resolution.kind}`)
                      )}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{formatDateTime(m.createdAt)}</Text>
                  {m.sentAt && (
                    <Text size="xs" c="dimmed">
                      {t('sentOn', { date: formatDateTime(m.sentAt) })}
                    </Text>
                  )}
                  {!m.sentAt && m.sendAt && (
                    <Text size="xs" c="dimmed">
                      {t('scheduledFor', { date: formatDateTime(m.sendAt) })}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {page.isPending && (
        <Center p="lg" aria-label={t('common:loading')}>
          <Loader />
        </Center>
      )}
      {page.isSuccess && items.length === 0 && (
        <Stack align="center" p="lg" gap="xs">
          <Text c="dimmed">
            {hasFilters(filters)
              ? t('empty.filtered')
              : mailbox === 'failed' && waiting > 0
                ? t('empty.failedButWaiting')
                : t(`empty.${mailbox}`)}
          </Text>
          {!hasFilters(filters) && mailbox === 'failed' && waiting > 0 && (
            <Anchor component={Link} to="/">
              {t('empty.failedButWaitingAction')}
            </Anchor>
          )}
          {hasFilters(filters) && (
            <Button variant="subtle" onClick={props.onClear}>
              {t('filters.clear')}
            </Button>
          )}
        </Stack>
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

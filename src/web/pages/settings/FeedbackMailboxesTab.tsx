import { Alert, Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../shared/accounts.js';
import type { FeedbackMailbox, MailboxTestResult } from '../../../shared/feedback-mailboxes.js';
import { api } from '../../api.js';
import { officeTime } from '../../app/AccountAlarm.js';
import { errorMessage } from './errors.js';
import { FeedbackMailboxForm } from './FeedbackMailboxForm.js';
import { FeedbackReaderStatus } from './FeedbackReaderStatus.js';

function MailboxRow(props: { m: FeedbackMailbox; accounts: Account[]; onEdit: () => void }) {
  const { t } = useTranslation('settings');
  const { m } = props;
  const client = useQueryClient();
  const [result, setResult] = useState<MailboxTestResult | null>(null);
  const test = useMutation({
    mutationFn: () => api('POST /api/feedback-mailboxes/:id/test', { params: { id: m.id } }),
    onSuccess: (r) => {
      setResult(r);
      void client.invalidateQueries({ queryKey: ['feedback-mailboxes'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => api('DELETE /api/feedback-mailboxes/:id', { params: { id: m.id } }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('feedbackMailboxes.deleted', { name: m.name }) });
      void client.invalidateQueries({ queryKey: ['feedback-mailboxes'] });
      void client.invalidateQueries({ queryKey: ['accounts'] });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const names = props.accounts.filter((a) => m.accountIds.includes(a.id)).map((a) => a.name);

  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{m.name}</Text>
        <Text size="sm" c="dimmed">
          {m.username} · {t(`feedbackMailboxes.authOption.${m.auth}`)}
        </Text>
        {m.status === 'inactive' && <Badge color="gray">{t('feedbackMailboxes.inactive')}</Badge>}
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {m.host}:{m.port} ({t(`accounts.securityOption.${m.security}`)})
        </Text>
        <Text size="sm" c="dimmed">
          {m.folders.join(', ')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{names.length ? names.join(', ') : t('feedbackMailboxes.accountsNone')}</Text>
      </Table.Td>
      <Table.Td style={{ maxWidth: 320, overflowWrap: 'anywhere' }}>
        <FeedbackReaderStatus m={m} />
      </Table.Td>
      <Table.Td style={{ maxWidth: 300, overflowWrap: 'anywhere' }}>
        {m.lastCheckedAt && (
          <Text size="sm" c="dimmed">
            {t('feedbackMailboxes.lastChecked', { at: officeTime(m.lastCheckedAt) })}
          </Text>
        )}
        {m.lastError && !result && (
          <Text size="sm" c="red">
            {m.lastError}
          </Text>
        )}
        {result && (
          <Alert
            mt="xs"
            color={result.ok ? 'green' : 'red'}
            title={result.ok ? t('feedbackMailboxes.testOk') : t('feedbackMailboxes.testFailed')}
          >
            {result.message}
            {result.folders.length > 0 && !result.ok && (
              <Text size="sm" mt="xs">
                {t('feedbackMailboxes.foldersOnServer', { folders: result.folders.join(', ') })}
              </Text>
            )}
            {result.technical && (
              <Code block mt="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {result.technical}
              </Code>
            )}
          </Alert>
        )}
        {test.error && (
          <Alert mt="xs" color="red">
            {errorMessage(test.error)}
          </Alert>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={props.onEdit}>
            {t('edit')}
          </Button>
          <Button size="xs" variant="light" loading={test.isPending} onClick={() => test.mutate()}>
            {t('feedbackMailboxes.test')}
          </Button>
          <Button
            size="xs"
            color="red"
            variant="subtle"
            loading={remove.isPending}
            onClick={() => {
              if (window.confirm(t('feedbackMailboxes.deleteConfirm', { name: m.name }))) remove.mutate();
            }}
          >
            {t('feedbackMailboxes.delete')}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** Skrzynki zwrotne: IMAP mailboxes read for bounces and replies, the form and "Sprawdź połączenie". */
export function FeedbackMailboxesTab() {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const mailboxes = useQuery({
    queryKey: ['feedback-mailboxes'],
    queryFn: () => api('GET /api/feedback-mailboxes'),
    // The reader's status changes on its own (a worker starts, a server stops answering).
    refetchInterval: 15_000,
  });
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: () => api('GET /api/accounts') });
  const [editing, setEditing] = useState<FeedbackMailbox | 'new' | null>(null);

  if (editing) {
    return (
      <FeedbackMailboxForm
        key={editing === 'new' ? 'new' : editing.id}
        mailbox={editing === 'new' ? null : editing}
        onDone={() => {
          setEditing(null);
          void client.invalidateQueries({ queryKey: ['feedback-mailboxes'] });
        }}
      />
    );
  }
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text c="dimmed" maw={820}>
          {t('feedbackMailboxes.intro')}
        </Text>
        <Button onClick={() => setEditing('new')}>{t('feedbackMailboxes.add')}</Button>
      </Group>
      {mailboxes.error && <Alert color="red">{errorMessage(mailboxes.error)}</Alert>}
      {mailboxes.data?.length === 0 && <Text c="dimmed">{t('feedbackMailboxes.none')}</Text>}
      {!!mailboxes.data?.length && (
        <Table striped verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('feedbackMailboxes.name')}</Table.Th>
              <Table.Th>{t('feedbackMailboxes.server')}</Table.Th>
              <Table.Th>{t('feedbackMailboxes.accounts')}</Table.Th>
              <Table.Th>{t('feedbackMailboxes.reading')}</Table.Th>
              <Table.Th />
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {mailboxes.data.map((m) => (
              <MailboxRow key={m.id} m={m} accounts={accounts.data ?? []} onEdit={() => setEditing(m)} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

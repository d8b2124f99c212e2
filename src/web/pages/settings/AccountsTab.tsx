import { Alert, Badge, Button, Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, ConnectionTestResult } from '../../../shared/accounts.js';
import { api } from '../../api.js';
import { RetryNowButton, useAccountAlarmText } from '../../app/AccountAlarm.js';
import { FeedbackAlarmNotice } from '../../app/FeedbackAlarm.js';
import { AccountForm } from './AccountForm.js';
import { DownloadLinksSettings } from './DownloadLinksSettings.js';
import { errorMessage } from './errors.js';

export { AccountForm, accountPayload } from './AccountForm.js';

/** The state is short text; a narrow column must not cut it to "WYSY…". */
const FULL_LABEL = { root: { flexShrink: 0, maxWidth: 'none' }, label: { overflow: 'visible' } } as const;

function StateBadge({ a }: { a: Account }) {
  const { t } = useTranslation('settings');
  if (a.status === 'inactive')
    return (
      <Badge color="gray" styles={FULL_LABEL}>
        {t('accounts.inactive')}
      </Badge>
    );
  const color = { closed: 'green', open: 'red', half_open: 'orange', paused: 'yellow' }[a.circuit.state];
  return (
    <Badge color={color} styles={FULL_LABEL}>
      {t(`accounts.circuit.${a.circuit.state}`)}
    </Badge>
  );
}

function AccountRow(props: { a: Account; onEdit: () => void }) {
  const { t } = useTranslation('settings');
  const { a } = props;
  const client = useQueryClient();
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const test = useMutation({
    mutationFn: () => api('POST /api/accounts/:id/test', { params: { id: a.id } }),
    onSuccess: (r) => {
      setResult(r);
      void client.invalidateQueries({ queryKey: ['accounts'] });
      void client.invalidateQueries({ queryKey: ['attention'] });
    },
  });
  const hold = useMutation({
    mutationFn: () => api('POST /api/accounts/:id/hold', { params: { id: a.id } }),
    onSuccess: (r) => {
      notifications.show({ color: 'yellow', message: t('accounts.heldDone', { name: a.name, count: r.held }) });
      void client.invalidateQueries({ queryKey: ['accounts'] });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const release = useMutation({
    mutationFn: () => api('POST /api/accounts/:id/release', { params: { id: a.id } }),
    onSuccess: (r) => {
      notifications.show({ color: 'green', message: t('accounts.releasedDone', { name: a.name, count: r.released }) });
      void client.invalidateQueries({ queryKey: ['accounts'] });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const stopped = a.circuit.state !== 'closed';
  const alarmText = useAccountAlarmText();
  const alarm = alarmText({
    problem: a.lastError,
    since: a.lastErrorAt,
    nextTryAt: a.circuit.state === 'open' ? a.circuit.retryAt : null,
    state: a.circuit.state,
  });

  return (
    <>
      <Table.Tr>
        <Table.Td>
          <Text fw={600}>{a.name}</Text>
          <Text size="sm" c="dimmed">
            {a.fromName ? `${a.fromName} <${a.fromAddress}>` : a.fromAddress}
          </Text>
          {a.kind === 'capture' && (
            <Badge variant="light" size="sm">
              {t('accounts.capture')}
            </Badge>
          )}
        </Table.Td>
        <Table.Td>
          <Text size="sm">
            {a.host}:{a.port} ({t(`accounts.securityOption.${a.security}`)})
          </Text>
        </Table.Td>
        {/* A long server error wraps (two lines, the whole text on hover) so the table fits a 1366 px screen. */}
        <Table.Td style={{ maxWidth: 340, overflowWrap: 'anywhere' }}>
          <StateBadge a={a} />
          {(a.lastError || stopped) && (
            <Tooltip label={alarm} multiline w={420} withArrow openDelay={200}>
              <Text
                size="sm"
                c={stopped ? 'red' : 'orange'}
                mt={4}
                lineClamp={2}
                tabIndex={0}
                data-testid="account-alarm"
              >
                {alarm}
              </Text>
            </Tooltip>
          )}
          {result && (
            <Alert
              mt="xs"
              color={result.ok ? 'green' : 'red'}
              title={result.ok ? t('accounts.testOk') : t('accounts.testFailed')}
            >
              {result.message}
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
              {t('accounts.test')}
            </Button>
            {(a.circuit.state === 'open' || a.circuit.state === 'half_open') && (
              <RetryNowButton accountId={a.id} name={a.name} />
            )}
            {stopped ? (
              <Button
                size="xs"
                color="green"
                variant="light"
                loading={release.isPending}
                onClick={() => release.mutate()}
              >
                {t('accounts.release')}
              </Button>
            ) : (
              <Button size="xs" color="yellow" variant="light" loading={hold.isPending} onClick={() => hold.mutate()}>
                {t('accounts.hold')}
              </Button>
            )}
          </Group>
        </Table.Td>
      </Table.Tr>
      {/* The feedback alarm (D55) takes the row's whole width below it: it says what to check, not just a state. */}
      {a.feedbackAlarm && (
        <Table.Tr>
          <Table.Td colSpan={4} pt={0}>
            <FeedbackAlarmNotice accountId={a.id} name={a.name} alarm={a.feedbackAlarm} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** Konta e-mail: the sending accounts, their state, the form, the connection test, hold and release. */
export function AccountsTab() {
  const { t } = useTranslation(['settings', 'common']);
  const client = useQueryClient();
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: () => api('GET /api/accounts') });
  const [editing, setEditing] = useState<Account | 'new' | null>(null);

  if (editing) {
    return (
      <AccountForm
        key={editing === 'new' ? 'new' : editing.id}
        account={editing === 'new' ? null : editing}
        onDone={() => {
          setEditing(null);
          void client.invalidateQueries({ queryKey: ['accounts'] });
        }}
      />
    );
  }
  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed">{t('accounts.intro')}</Text>
        <Button onClick={() => setEditing('new')}>{t('accounts.add')}</Button>
      </Group>
      {accounts.error && <Alert color="red">{errorMessage(accounts.error)}</Alert>}
      {accounts.data?.length === 0 && <Text c="dimmed">{t('accounts.none')}</Text>}
      {!!accounts.data?.length && (
        <Table striped verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('accounts.name')}</Table.Th>
              <Table.Th>{t('accounts.server')}</Table.Th>
              <Table.Th>{t('accounts.state')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.data.map((a) => (
              <AccountRow key={a.id} a={a} onEdit={() => setEditing(a)} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!!accounts.data?.length && <DownloadLinksSettings accounts={accounts.data} />}
    </Stack>
  );
}

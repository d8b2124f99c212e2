import { Alert, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format.js';
import { api } from '../../api.js';
import { errorMessage } from './errors.js';

/** "12.3 MB" in the interface's language: bytes shown in KB, MB or GB as fits. */
function useBytes() {
  const { i18n } = useTranslation();
  return (bytes: number) => {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    const digits = unit === 0 ? 0 : 1;
    const shown =
      i18n.resolvedLanguage === 'en'
        ? value.toLocaleString('en-GB', { maximumFractionDigits: digits })
        : formatNumber(value, digits);
    return `${shown} ${units[unit]}`;
  };
}

function Figure(props: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
      <Text fw={600} size="xl">
        {props.value}
      </Text>
      {props.hint ? (
        <Text size="xs" c="dimmed">
          {props.hint}
        </Text>
      ) : null}
    </Paper>
  );
}

/** Dysk (admin): what the database and the data folder hold, and who uploaded how much today and lately. */
export function StorageTab() {
  const { t } = useTranslation('settings');
  const bytes = useBytes();
  const usage = useQuery({ queryKey: ['storage'], queryFn: () => api('GET /api/admin/storage') });
  if (usage.isPending) return <Loader />;
  if (usage.isError) return <Alert color="red">{errorMessage(usage.error)}</Alert>;
  const u = usage.data;
  const quota = u.quotaBytesPerDay;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Figure
          label={t('storage.blobs')}
          value={bytes(u.blobs.bytes)}
          hint={t('storage.blobFiles', { count: u.blobs.count })}
        />
        <Figure
          label={t('storage.dataDir')}
          value={u.dataDir ? bytes(u.dataDir.bytes) : t('storage.postgres')}
          hint={u.dataDir ? `${u.dataDir.path}${u.dataDir.complete ? '' : ` ${t('storage.incomplete')}`}` : undefined}
        />
        <Figure
          label={t('storage.quota')}
          value={quota === null ? t('storage.quotaOff') : bytes(quota)}
          hint={t('storage.resets', { at: new Date(u.resetsAt).toLocaleTimeString() })}
        />
      </SimpleGrid>
      <Title order={4}>{t('storage.todayTitle', { day: u.today })}</Title>
      {u.users.length === 0 ? (
        <Text c="dimmed">{t('storage.noUploads')}</Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('storage.user')}</Table.Th>
              <Table.Th ta="right">{t('storage.uploaded')}</Table.Th>
              <Table.Th ta="right">{t('storage.left')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {u.users.map((user) => (
              <Table.Tr key={user.userId}>
                <Table.Td>
                  {user.displayName} ({user.login})
                </Table.Td>
                <Table.Td ta="right">{bytes(user.bytes)}</Table.Td>
                <Table.Td ta="right">{quota === null ? '—' : bytes(Math.max(0, quota - user.bytes))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={4}>{t('storage.daysTitle')}</Title>
      {u.days.length === 0 ? (
        <Text c="dimmed">{t('storage.noUploads')}</Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('storage.day')}</Table.Th>
              <Table.Th ta="right">{t('storage.uploaded')}</Table.Th>
              <Table.Th ta="right">{t('storage.users')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {u.days.map((d) => (
              <Table.Tr key={d.day}>
                <Table.Td>{d.day}</Table.Td>
                <Table.Td ta="right">{bytes(d.bytes)}</Table.Td>
                <Table.Td ta="right">{d.users}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        <Text size="sm" c="dimmed">
          {t('storage.explain')}
        </Text>
      </Group>
    </Stack>
  );
}

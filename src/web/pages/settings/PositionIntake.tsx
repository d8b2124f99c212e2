import { Alert, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentTypeName } from '../../../shared/documents.js';
import type { IntakeMode } from '../../../shared/intake.js';
import { api } from '../../api.js';
import { errorMessage, fieldErrors } from './errors.js';

type Folder = { documentType: DocumentTypeName; path: string };

/**
 * A position's rule for mail that comes without a person (the one-call API, drop folders) and its drop folders
 * (D61, D62): send at once, at an hour, or wait in Robocze for a clerk ("Do zatwierdzenia" on Pulpit).
 */
export function PositionIntakeSection(props: { positionId: string }) {
  const { t } = useTranslation(['settings', 'common']);
  const client = useQueryClient();
  const key = ['position-intake', props.positionId];
  const current = useQuery({
    queryKey: key,
    queryFn: () => api('GET /api/positions/:id/intake', { params: { id: props.positionId } }),
  });
  const types = useQuery({
    queryKey: ['document-types'],
    queryFn: () => api('GET /api/document-types'),
  });
  const [mode, setMode] = useState<IntakeMode>('approval');
  const [sendTime, setSendTime] = useState('18:00');
  const [folders, setFolders] = useState<Folder[]>([]);
  useEffect(() => {
    if (!current.data) return;
    setMode(current.data.mode);
    setSendTime(current.data.sendTime);
    setFolders(current.data.dropFolders.map((f) => ({ documentType: f.documentType, path: f.path })));
  }, [current.data]);
  const save = useMutation({
    mutationFn: () =>
      api('PUT /api/positions/:id/intake', {
        params: { id: props.positionId },
        body: { mode, sendTime, dropFolders: folders },
      }),
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      notifications.show({ color: 'green', message: t('positions.intake.saved') });
    },
  });
  const errors = fieldErrors(save.error);
  const typeOptions = (types.data ?? []).map((d) => ({ value: d.type, label: d.label }));
  const setFolder = (i: number, patch: Partial<Folder>) =>
    setFolders((list) => list.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const resolved = (i: number) => current.data?.dropFolders[i]?.resolvedPath;

  return (
    <Stack gap="sm">
      <Title order={4}>{t('positions.intake.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('positions.intake.hint')}
      </Text>
      {current.error && <Alert color="red">{errorMessage(current.error)}</Alert>}
      {save.error && (
        <Alert color="red" title={t('positions.intake.saveFailed')}>
          {errorMessage(save.error)}
        </Alert>
      )}
      <Group align="flex-end">
        <NativeSelect
          label={t('positions.intake.mode')}
          value={mode}
          onChange={(e) => setMode(e.currentTarget.value as IntakeMode)}
          data={(['now', 'scheduled', 'approval'] as const).map((m) => ({
            value: m,
            label: t(`positions.intake.modes.${m}`),
          }))}
          error={errors.mode}
        />
        <TextInput
          label={t('positions.intake.sendTime')}
          description={t('positions.intake.sendTimeHint')}
          value={sendTime}
          onChange={(e) => setSendTime(e.currentTarget.value)}
          error={errors.sendTime}
          w={160}
        />
      </Group>
      <Text size="sm" fw={600}>
        {t('positions.intake.folders')}
      </Text>
      <Text size="sm" c="dimmed">
        {t('positions.intake.foldersHint')}
      </Text>
      <Table>
        <Table.Tbody>
          {folders.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no id of their own
            <Table.Tr key={i}>
              <Table.Td w={260}>
                <NativeSelect
                  aria-label={t('positions.intake.folderType')}
                  value={f.documentType}
                  onChange={(e) => setFolder(i, { documentType: e.currentTarget.value as DocumentTypeName })}
                  data={typeOptions}
                  error={errors[`dropFolders.${i}.documentType`]}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={t('positions.intake.folderPath')}
                  placeholder="czynsze/zawiadomienia"
                  value={f.path}
                  onChange={(e) => setFolder(i, { path: e.currentTarget.value })}
                  error={errors[`dropFolders.${i}.path`]}
                  description={resolved(i) ? t('positions.intake.resolved', { path: resolved(i) }) : undefined}
                />
              </Table.Td>
              <Table.Td w={100}>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => setFolders((l) => l.filter((_, j) => j !== i))}
                >
                  {t('positions.intake.removeFolder')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button
          variant="default"
          size="xs"
          onClick={() => setFolders((l) => [...l, { documentType: typeOptions[0]?.value ?? 'fee_notice', path: '' }])}
        >
          {t('positions.intake.addFolder')}
        </Button>
        <Button size="xs" loading={save.isPending} onClick={() => save.mutate()}>
          {t('positions.intake.save')}
        </Button>
      </Group>
    </Stack>
  );
}

import { ActionIcon, Button, FileButton, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WizardState } from './shared.js';

interface Props {
  state: WizardState;
  update(patch: Partial<WizardState>): void;
  locked: boolean;
}

import { formatFileSize as formatSize } from '../../../shared/format.js';

export { formatSize };

/** Step 4: extra files attached to every e-mail of the batch (sent after the batch is created). */
export function AttachmentsStep({ state, update, locked }: Props) {
  const { t } = useTranslation('wizard');
  const add = (files: File[]) => {
    const known = new Set(state.files.map((f) => `${f.name}|${f.size}`));
    update({ files: [...state.files, ...files.filter((f) => !known.has(`${f.name}|${f.size}`))] });
  };
  return (
    <Stack gap="sm" maw={800}>
      <Text size="sm">{t('attachments.intro')}</Text>
      <Group>
        <FileButton onChange={add} multiple disabled={locked}>
          {(props) => (
            <Button {...props} variant="default" disabled={locked}>
              {t('attachments.add')}
            </Button>
          )}
        </FileButton>
      </Group>
      {state.files.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('attachments.none')}
        </Text>
      ) : (
        <Table withTableBorder aria-label={t('attachments.title')}>
          <Table.Tbody>
            {state.files.map((f, i) => (
              <Table.Tr key={`${f.name}|${f.size}`}>
                <Table.Td>{f.name}</Table.Td>
                <Table.Td>{formatSize(f.size)}</Table.Td>
                <Table.Td w={40}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    disabled={locked}
                    aria-label={t('attachments.remove', { name: f.name })}
                    onClick={() => update({ files: state.files.filter((_, j) => j !== i) })}
                  >
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

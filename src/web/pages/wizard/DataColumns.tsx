import { Anchor, Group, Spoiler, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DocumentTypeInfo } from '../../../shared/documents.js';

/** The columns a data file of this type may have, by their Polish names, and the sample files to start from. */
export function DataColumns({ info }: { info: DocumentTypeInfo }) {
  const { t } = useTranslation('wizard');
  const sample = (format: 'csv' | 'xlsx') => `/api/document-types/${info.type}/sample?format=${format}`;
  return (
    <div>
      <Group gap="md" mb={4}>
        <Text size="sm" fw={500}>
          {t('source.columns')}
        </Text>
        <Anchor size="sm" href={sample('xlsx')} download>
          {t('source.sampleXlsx')}
        </Anchor>
        <Anchor size="sm" href={sample('csv')} download>
          {t('source.sampleCsv')}
        </Anchor>
      </Group>
      <Text size="xs" c="dimmed" mb={4}>
        {t('source.columnsHint')}
      </Text>
      <Spoiler maxHeight={150} showLabel={t('source.columnsMore')} hideLabel={t('source.columnsLess')}>
        <Table withTableBorder striped fz="xs" verticalSpacing={2}>
          <Table.Tbody>
            {info.dataColumns.map((c) => (
              <Table.Tr key={c.key}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.name}</Table.Td>
                <Table.Td>{c.description !== c.name ? c.description : null}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Spoiler>
    </div>
  );
}

import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ImportRowError,
  RECIPIENT_IMPORT_FIELDS,
  type RecipientImportCounts,
  type RecipientImportMapping,
  type RecipientImportRejected,
} from '../../../shared/imports.js';
import { ApiError, api } from '../../api.js';

type Encoding = '' | 'utf-8' | 'windows-1250';

function form(file: File, mapping: RecipientImportMapping | null, encoding: Encoding) {
  const f = new FormData();
  f.append('file', file);
  if (mapping) f.append('mapping', JSON.stringify(mapping));
  if (encoding) f.append('encoding', encoding);
  return f;
}

/** The row errors of a refused import (422), when the answer has them. */
function rejectedErrors(e: unknown): { errors: ImportRowError[]; errorCount: number } | null {
  if (!(e instanceof ApiError) || e.status !== 422) return null;
  const body = e.body as unknown as RecipientImportRejected | null;
  return body?.error.errors ? { errors: body.error.errors, errorCount: body.error.errorCount } : null;
}

function RowErrors(props: { errors: ImportRowError[]; errorCount: number }) {
  const { t } = useTranslation('recipients');
  if (props.errorCount === 0) return null;
  return (
    <Stack gap="xs">
      <Alert color="red" title={t('import.errorsTitle', { count: props.errorCount })}>
        {t('import.errorsHint')}
        {props.errorCount > props.errors.length && (
          <Text size="sm">{t('import.errorsShown', { shown: props.errors.length })}</Text>
        )}
      </Alert>
      <Table striped data-testid="import-errors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('import.line')}</Table.Th>
            <Table.Th>{t('import.column')}</Table.Th>
            <Table.Th>{t('import.message')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.errors.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in the server's order; one line may have the same error twice
            <Table.Tr key={`${e.line}-${e.column ?? ''}-${i}`}>
              <Table.Td>{t('import.lineN', { line: e.line })}</Table.Td>
              <Table.Td>{e.column ?? '—'}</Table.Td>
              <Table.Td>{e.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Counts(props: { counts: RecipientImportCounts }) {
  const { t } = useTranslation('recipients');
  const c = props.counts;
  return (
    <SimpleGrid cols={{ base: 1, md: 4 }}>
      <Text size="sm">{t('import.rows', { count: c.rows })}</Text>
      {(['recipients', 'units', 'links'] as const).map((k) => (
        <Text size="sm" key={k}>
          <b>{t(`import.countsOf.${k}`)}:</b>{' '}
          {t('import.actions', { create: c[k].create, update: c[k].update, unchanged: c[k].unchanged })}
        </Text>
      ))}
    </SimpleGrid>
  );
}

/**
 * Import of recipients, units and links from CSV/XLSX (admin): the file → a preview with the suggested column
 * mapping (editable), the rows as they would be stored and every row error → "Importuj" stores all or nothing.
 */
export function RecipientImport() {
  const { t } = useTranslation(['recipients', 'common']);
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<Encoding>('');
  const [mapping, setMapping] = useState<RecipientImportMapping | null>(null);
  const [mappingChanged, setMappingChanged] = useState(false);

  const preview = useMutation({
    mutationFn: (m: RecipientImportMapping | null) =>
      api('POST /api/imports/recipients/preview', { body: form(file!, m, encoding), query: { rows: 50 } }),
    onSuccess: (p) => {
      setMapping(p.mapping);
      setMappingChanged(false);
    },
  });
  const run = useMutation({
    mutationFn: () => api('POST /api/imports/recipients', { body: form(file!, mapping, encoding) }),
  });
  const p = preview.data;
  const rejected = rejectedErrors(run.error);

  const start = (f: File | null) => {
    setFile(f);
    setMapping(null);
    preview.reset();
    run.reset();
  };
  const fieldOptions = [
    { value: '', label: t('import.ignore') },
    ...RECIPIENT_IMPORT_FIELDS.map((f) => ({ value: f, label: t(`fields.${f}`) })),
  ];

  return (
    <Stack>
      <Text c="dimmed">{t('import.intro')}</Text>
      <Group align="end">
        <FileInput
          label={t('import.file')}
          placeholder={t('import.filePlaceholder')}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          value={file}
          onChange={start}
          clearable
          w={360}
        />
        <NativeSelect
          label={t('import.encoding')}
          value={encoding}
          onChange={(e) => setEncoding(e.currentTarget.value as Encoding)}
          data={[
            { value: '', label: t('import.encodingAuto') },
            { value: 'utf-8', label: 'UTF-8' },
            { value: 'windows-1250', label: 'Windows-1250 (Excel)' },
          ]}
        />
        <Button disabled={!file} loading={preview.isPending} onClick={() => preview.mutate(null)}>
          {t('import.preview')}
        </Button>
      </Group>
      {preview.error && (
        <Alert color="red" title={t('import.previewFailed')}>
          {preview.error instanceof ApiError ? preview.error.message : t('networkError')}
          {preview.error instanceof ApiError &&
            (preview.error.body?.error.fields ?? []).map((f) => (
              <Text size="sm" key={f.path}>
                {f.message}
              </Text>
            ))}
        </Alert>
      )}

      {p && mapping && (
        <>
          <Text size="sm" c="dimmed">
            {t('import.fileInfo', {
              name: p.file.name,
              format: p.file.format.toUpperCase(),
              encoding: p.file.encoding ?? '—',
              sheet: p.file.sheet ?? '—',
            })}
          </Text>
          <Title order={4}>{t('import.mapping')}</Title>
          <Text size="sm" c="dimmed">
            {t('import.mappingHint')}
          </Text>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('import.fileColumn')}</Table.Th>
                <Table.Th>{t('import.field')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.headers.map((h) => (
                <Table.Tr key={h}>
                  <Table.Td>{h}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <NativeSelect
                        aria-label={t('import.fieldFor', { column: h })}
                        value={mapping[h] ?? ''}
                        onChange={(e) => {
                          const v = e.currentTarget.value;
                          setMapping({ ...mapping, [h]: v === '' ? null : (v as RecipientImportMapping[string]) });
                          setMappingChanged(true);
                        }}
                        data={fieldOptions}
                      />
                      {(p.suggestedMapping[h] ?? null) !== (mapping[h] ?? null) && (
                        <Badge variant="light" color="gray">
                          {t('import.suggested', {
                            field: p.suggestedMapping[h] ? t(`fields.${p.suggestedMapping[h]}`) : t('import.ignore'),
                          })}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {mappingChanged && (
            <Alert color="blue">
              <Group justify="space-between">
                <Text size="sm">{t('import.mappingChanged')}</Text>
                <Button size="xs" loading={preview.isPending} onClick={() => preview.mutate(mapping)}>
                  {t('import.refresh')}
                </Button>
              </Group>
            </Alert>
          )}

          <Title order={4}>{t('import.summary')}</Title>
          <Counts counts={p.counts} />
          <RowErrors errors={p.errors} errorCount={p.errorCount} />

          <Title order={4}>{t('import.rowsTitle', { shown: p.rows.length })}</Title>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('import.line')}</Table.Th>
                <Table.Th>{t('import.recipient')}</Table.Th>
                <Table.Th>{t('import.unit')}</Table.Th>
                <Table.Th>{t('import.link')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.rows.map((row) => (
                <Table.Tr key={row.line}>
                  <Table.Td>{row.line}</Table.Td>
                  <Table.Td>
                    {row.recipient ? (
                      <>
                        <Badge size="xs" variant="light" mr={4}>
                          {t(`action.${row.recipient.action}`)}
                        </Badge>
                        {row.recipient.name}
                        <Text size="xs" c="dimmed">
                          {row.recipient.street}, {row.recipient.postalCode} {row.recipient.city} ·{' '}
                          {t(`channel.${row.recipient.channel}`)}
                          {row.recipient.emails.length ? ` · ${row.recipient.emails.join(', ')}` : ''}
                        </Text>
                      </>
                    ) : (
                      <Text c="red" size="sm">
                        {t('import.rowHasErrors')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {row.unit ? (
                      <>
                        <Badge size="xs" variant="light" mr={4}>
                          {t(`action.${row.unit.action}`)}
                        </Badge>
                        {row.unit.propertyName} — {row.unit.number}
                      </>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    {row.link ? `${t(`role.${row.link.role}`)} (${t(`action.${row.link.action}`)})` : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>

          {run.data ? (
            <Alert color="green" title={t('import.done')}>
              <Counts counts={run.data.counts} />
            </Alert>
          ) : (
            <Group>
              <Button
                color="green"
                disabled={p.errorCount > 0 || mappingChanged}
                loading={run.isPending}
                onClick={() => run.mutate()}
              >
                {t('import.run')}
              </Button>
              {p.errorCount > 0 && (
                <Text size="sm" c="red">
                  {t('import.fixFirst')}
                </Text>
              )}
            </Group>
          )}
          {run.error && !rejected && (
            <Alert color="red" title={t('import.failed')}>
              {run.error instanceof ApiError ? run.error.message : t('networkError')}
            </Alert>
          )}
          {rejected && (
            <>
              <Alert color="red" title={t('import.failed')}>
                {(run.error as ApiError).message}
              </Alert>
              <RowErrors errors={rejected.errors} errorCount={rejected.errorCount} />
            </>
          )}
        </>
      )}
    </Stack>
  );
}

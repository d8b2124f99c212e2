import { Alert, Button, FileInput, Group, List, NativeSelect, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { MonthPickerInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentTypeName } from '../../../shared/documents.js';
import { api } from '../../api.js';
import { dateToPeriod, MONTH_FORMAT, periodToDate, useCalendarLabels } from '../../app/dates.js';
import { warsawToday } from '../../app/send-at.js';
import { DataColumns } from './DataColumns.js';
import {
  errorMessage,
  RowErrors,
  type SourceKind,
  useBatchPreview,
  useDocumentTypes,
  useSelectedDocuments,
  type WizardState,
} from './shared.js';

interface Props {
  state: WizardState;
  update(patch: Partial<WizardState>): void;
  errors: Record<string, string>;
}

/** The first day of next month in Poland (`YYYY-MM-DD`): the period a new notice is usually for. */
export function nextMonthStart(now: Date = new Date()): string {
  const [y, m] = warsawToday(now).split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Step 1: what is sent (type, period, property) and where the documents come from. */
export function SourceStep({ state, update, errors }: Props) {
  const { t } = useTranslation('wizard');
  const types = useDocumentTypes();
  const typeInfo = types.data?.find((d) => d.type === state.type);
  const calendarLabels = useCalendarLabels();
  const properties = useQuery({ queryKey: ['properties'], queryFn: () => api('GET /api/properties') });
  const docs = useSelectedDocuments(state);
  const preview = useBatchPreview(state, false);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const load = async () => {
    setFileError(null);
    setUploadError(null);
    if (!state.type) return setFileError(t('errors.typeFirst'));
    if (!file) return setFileError(t('errors.fileRequired'));
    const form = new FormData();
    form.set('type', state.type);
    let url: 'POST /api/documents/import-file' | 'POST /api/documents/zip' | 'POST /api/documents/printout' =
      'POST /api/documents/import-file';
    if (state.source === 'pdf') {
      const name = file.name.toLowerCase();
      if (!name.endsWith('.pdf') && !name.endsWith('.zip')) return setFileError(t('errors.pdfOrZip'));
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(state.period)) return setFileError(t('errors.periodFirst'));
      url = name.endsWith('.zip') ? 'POST /api/documents/zip' : 'POST /api/documents/printout';
      form.set('period', state.period);
    }
    form.set('file', file, file.name);
    setBusy(true);
    try {
      const result = await api(url, { body: form });
      update({ imported: result });
    } catch (e) {
      setUploadError(e);
    } finally {
      setBusy(false);
    }
  };

  const setSource = (source: SourceKind) => {
    setFile(null);
    setUploadError(null);
    setFileError(null);
    update({ source, imported: null });
  };

  // The exact number (the list below shows only the first documents).
  const count = preview.data?.documents ?? docs.data?.items.length ?? 0;
  const imported = state.imported;

  return (
    <Stack gap="md" maw={900}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label={t('source.type')}
          required
          value={state.type}
          error={errors.type}
          onChange={(e) =>
            update({
              type: e.currentTarget.value as DocumentTypeName | '',
              imported: null,
              template: null,
              templateEdited: false,
            })
          }
          data={[
            { value: '', label: types.isPending ? t('loading') : t('source.choose') },
            ...(types.data ?? []).map((d) => ({ value: d.type, label: d.label })),
          ]}
        />
        <MonthPickerInput
          label={t('source.period')}
          description={t('source.periodHint')}
          placeholder={t('source.periodPlaceholder')}
          valueFormat={MONTH_FORMAT}
          value={periodToDate(state.period)}
          // Opens on the chosen month, or on next month (notices are for the coming month: January of next year
          // in December), not on the current year.
          defaultDate={periodToDate(state.period) ?? nextMonthStart()}
          error={errors.period}
          clearable
          ariaLabels={calendarLabels}
          onChange={(v) => update({ period: dateToPeriod(v), ...(state.source === 'pdf' ? { imported: null } : {}) })}
        />
        <NativeSelect
          label={t('source.property')}
          value={state.propertyId}
          onChange={(e) => update({ propertyId: e.currentTarget.value })}
          data={[
            { value: '', label: t('source.allProperties') },
            ...(properties.data ?? []).map((p) => ({ value: p.id, label: p.name })),
          ]}
        />
      </SimpleGrid>
      {types.isError && <Alert color="red">{errorMessage(types.error)}</Alert>}

      <Radio.Group label={t('source.from')} value={state.source} onChange={(v) => setSource(v as SourceKind)}>
        <Stack gap="xs" mt="xs">
          <Radio value="existing" label={t('source.existing')} description={t('source.existingHint')} />
          <Radio value="data" label={t('source.data')} description={t('source.dataHint')} />
          <Radio value="pdf" label={t('source.pdf')} description={t('source.pdfHint')} />
        </Stack>
      </Radio.Group>

      {state.source === 'existing' && state.type && (
        <Alert color={count > 0 ? 'blue' : 'yellow'} aria-live="polite" data-testid="doc-count">
          {docs.isFetching && !docs.data
            ? t('loading')
            : docs.isError
              ? errorMessage(docs.error)
              : !docs.data
                ? t('source.pickPeriod')
                : count === 0
                  ? t('source.none')
                  : t('source.count', { count })}
        </Alert>
      )}

      {state.source !== 'existing' && (
        <Stack gap="xs">
          <Group align="flex-end">
            <FileInput
              w={420}
              label={state.source === 'data' ? t('source.dataFile') : t('source.pdfFile')}
              placeholder={t('source.chooseFile')}
              accept={state.source === 'data' ? '.csv,.xlsx,.json' : '.pdf,.zip'}
              value={file}
              onChange={(f) => {
                setFile(f);
                setFileError(null);
              }}
              error={fileError ?? errors.file}
              clearable
            />
            <Button onClick={() => void load()} loading={busy} disabled={busy || !file}>
              {t('source.load')}
            </Button>
          </Group>
          {state.source === 'data' && typeInfo && <DataColumns info={typeInfo} />}
          <RowErrors error={uploadError} />
          {imported && (
            <Alert
              color={imported.created > 0 ? 'green' : 'yellow'}
              title={t('source.loaded', { count: imported.created })}
            >
              {imported.unmatchedPages.length > 0 && (
                <>
                  <Text size="sm" fw={600}>
                    {t('source.unmatched', { count: imported.unmatchedPages.length })}
                  </Text>
                  <List size="sm">
                    {imported.unmatchedPages.map((p) => (
                      <List.Item key={p.page}>
                        {t('source.page', { page: p.page })}: {p.reason}
                        {p.text ? ` — „${p.text.slice(0, 80)}”` : ''}
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
              {imported.skippedFiles.length > 0 && (
                <>
                  <Text size="sm" fw={600}>
                    {t('source.skipped', { count: imported.skippedFiles.length })}
                  </Text>
                  <List size="sm">
                    {imported.skippedFiles.map((f) => (
                      <List.Item key={f.name}>
                        {f.name}: {f.reason}
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
            </Alert>
          )}
        </Stack>
      )}
      {errors.documents && (
        <Text c="red" size="sm" role="alert">
          {errors.documents}
        </Text>
      )}
    </Stack>
  );
}

import { Alert, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { BatchSelection } from '../../../shared/batches.js';
import type { DocumentTypeName, ImportResult } from '../../../shared/documents.js';
import { ApiError, api } from '../../api.js';

export type SourceKind = 'existing' | 'data' | 'pdf';

export interface TemplateDraft {
  subject: string;
  html: string;
  text: string;
}

/** Everything the clerk chose so far; the batch is created from it in the last step. */
export interface WizardState {
  type: DocumentTypeName | '';
  period: string;
  propertyId: string;
  source: SourceKind;
  /** The result of loading a data file or ready PDFs (sources `data` and `pdf`). */
  imported: ImportResult | null;
  positionId: string;
  accountId: string;
  /** The template as shown in step 3; `edited` tells whether it goes with the batch. */
  template: TemplateDraft | null;
  templateKey: string;
  templateEdited: boolean;
  files: File[];
}

export const INITIAL_STATE: WizardState = {
  type: '',
  period: '',
  propertyId: '',
  source: 'existing',
  imported: null,
  positionId: '',
  accountId: '',
  template: null,
  templateKey: '',
  templateEdited: false,
  files: [],
};

export const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export function useDocumentTypes() {
  return useQuery({
    queryKey: ['document-types'],
    queryFn: () => api('GET /api/document-types'),
    staleTime: 10 * 60_000,
  });
}

/** Which documents the batch takes, in the shape of `BatchCreate.selection`. */
export function selectionOf(s: WizardState): BatchSelection | null {
  if (s.source === 'existing') {
    if (!PERIOD_RE.test(s.period) && !s.propertyId) return null;
    return {
      ...(PERIOD_RE.test(s.period) ? { period: s.period } : {}),
      ...(s.propertyId ? { propertyId: s.propertyId } : {}),
    };
  }
  return s.imported ? { importId: s.imported.importId } : null;
}

export const DOCS_LIMIT = 200;

/** The first documents of the selection (for the count and the preview). */
export function useSelectedDocuments(s: WizardState) {
  const selection = selectionOf(s);
  return useQuery({
    queryKey: ['wizard-documents', s.type, selection],
    enabled: Boolean(s.type && selection),
    queryFn: () => api('GET /api/documents', { query: { type: s.type, ...selection, limit: DOCS_LIMIT } }),
  });
}

/**
 * Before the batch is made: the exact number of documents the selection takes (for the position, once chosen) and
 * what of them was already sent to the same addresses.
 */
export function useBatchPreview(s: WizardState, withPosition: boolean) {
  const selection = selectionOf(s);
  const positionId = withPosition ? s.positionId : '';
  return useQuery({
    queryKey: ['batch-preview', s.type, selection, positionId],
    enabled: Boolean(s.type && selection && (!withPosition || positionId)),
    queryFn: () =>
      api('POST /api/batches/preview', {
        // Asked only with a type and a selection (enabled above).
        body: {
          documentType: s.type as DocumentTypeName,
          selection: selection!,
          ...(positionId ? { positionId } : {}),
        },
      }),
  });
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The rejected rows of an import (422 `error.rows`): line, key, field, message. */
export function RowErrors(props: { error: unknown }) {
  const { t } = useTranslation('wizard');
  const e = props.error;
  if (!e) return null;
  const rows = e instanceof ApiError ? (e.body?.error.rows ?? []) : [];
  return (
    <Alert color="red" title={errorMessage(e)} role="alert">
      {rows.length > 0 && (
        <>
          <Text size="sm" mb="xs">
            {t('rowErrors.intro', { count: rows.length })}
          </Text>
          <Table.ScrollContainer minWidth={500} mah={320}>
            <Table striped withTableBorder aria-label={t('rowErrors.table')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('rowErrors.line')}</Table.Th>
                  <Table.Th>{t('rowErrors.key')}</Table.Th>
                  <Table.Th>{t('rowErrors.field')}</Table.Th>
                  <Table.Th>{t('rowErrors.message')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows may repeat line and field
                  <Table.Tr key={i}>
                    <Table.Td>{r.line}</Table.Td>
                    <Table.Td>{r.key ?? '—'}</Table.Td>
                    <Table.Td>{r.path || '—'}</Table.Td>
                    <Table.Td>{r.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Alert>
  );
}

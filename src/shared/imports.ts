import { UnitKind } from './properties.js';
import { DeliveryChannel, RecipientUnitRole } from './recipients.js';
import { z } from './zod.js';

/**
 * Importing recipients, units and their links from a CSV/XLSX file: one row = one recipient ↔ unit link. The
 * user maps the file's columns to these fields (several columns may feed `emails`).
 */
export const RECIPIENT_IMPORT_FIELDS = [
  'property',
  'unitNumber',
  'unitKind',
  'unitAddress',
  'unitNrb',
  'unitExternalKey',
  'name',
  'street',
  'postalCode',
  'city',
  'country',
  'emails',
  'channel',
  'consentDate',
  'consentSource',
  'recipientExternalKey',
  'recipientPdfCode',
  'role',
] as const;

export const RecipientImportField = z.enum(RECIPIENT_IMPORT_FIELDS, {
  error: (issue) =>
    issue.input === undefined || issue.input === null
      ? 'To pole jest wymagane.'
      : `Nieznane pole „${String(issue.input)}” — dozwolone: ${RECIPIENT_IMPORT_FIELDS.join(', ')}.`,
});
export type RecipientImportField = z.infer<typeof RecipientImportField>;

/** The fields' names as a clerk reads them (messages, the mapping form). */
export const RECIPIENT_IMPORT_FIELD_LABELS: Record<RecipientImportField, string> = {
  property: 'nieruchomość',
  unitNumber: 'nr lokalu',
  unitKind: 'rodzaj lokalu',
  unitAddress: 'adres lokalu',
  unitNrb: 'NRB lokalu',
  unitExternalKey: 'klucz lokalu',
  name: 'nazwisko i imię / nazwa',
  street: 'ulica i numer',
  postalCode: 'kod pocztowy',
  city: 'miejscowość',
  country: 'kraj',
  emails: 'adresy e-mail',
  channel: 'kanał doręczenia',
  consentDate: 'data zgody',
  consentSource: 'źródło zgody',
  recipientExternalKey: 'klucz adresata',
  recipientPdfCode: 'kod do PDF-u',
  role: 'rola w lokalu',
};

/** File column → field; `null` (or leaving the column out) ignores the column. */
export const RecipientImportMapping = z.record(
  z.string().trim().min(1, 'Nazwa kolumny nie może być pusta.').max(200),
  RecipientImportField.nullable(),
  { error: 'Przypisanie kolumn podaj jako obiekt {"kolumna w pliku": "pole"}.' },
);
export type RecipientImportMapping = z.infer<typeof RecipientImportMapping>;

/** The form fields sent with the file (multipart/form-data). */
export const RecipientImportForm = z.strictObject({
  /** JSON text of a RecipientImportMapping; the suggested mapping when absent. */
  mapping: z.string().max(20_000).optional(),
  encoding: z.enum(['utf-8', 'windows-1250']).optional(),
  sheet: z.string().trim().min(1).max(100).optional(),
});

/** A problem with one row (or, at line 1, with the header and the mapping). */
export const ImportRowError = z.object({
  line: z.number().int(),
  /** The file's column the problem is in, when there is one. */
  column: z.string().nullable(),
  field: RecipientImportField.nullable(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportAction = z.enum(['create', 'update', 'unchanged']);
export type ImportAction = z.infer<typeof ImportAction>;

const ActionCounts = z.object({ create: z.number(), update: z.number(), unchanged: z.number() });

export const RecipientImportCounts = z.object({
  rows: z.number(),
  recipients: ActionCounts,
  units: ActionCounts,
  links: ActionCounts,
});
export type RecipientImportCounts = z.infer<typeof RecipientImportCounts>;

export const ImportFileInfo = z.object({
  name: z.string(),
  sha256: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheet: z.string().nullable(),
});

/** A row as it would be stored; parts that cannot be worked out because of errors are null. */
export const RecipientImportPreviewRow = z.object({
  line: z.number(),
  recipient: z
    .object({
      action: ImportAction,
      id: z.string().nullable(),
      name: z.string(),
      street: z.string(),
      postalCode: z.string(),
      city: z.string(),
      country: z.string(),
      channel: DeliveryChannel,
      emails: z.array(z.string()),
      consent: z.object({ date: z.string(), source: z.string() }).nullable(),
      externalKey: z.string().nullable(),
    })
    .nullable(),
  unit: z
    .object({
      action: ImportAction,
      id: z.string().nullable(),
      propertyId: z.string(),
      propertyName: z.string(),
      number: z.string(),
      kind: UnitKind,
      address: z.string(),
      bankAccount: z.string().nullable(),
      externalKey: z.string().nullable(),
    })
    .nullable(),
  link: z.object({ action: ImportAction, role: RecipientUnitRole }).nullable(),
});
export type RecipientImportPreviewRow = z.infer<typeof RecipientImportPreviewRow>;

export const RecipientImportPreview = z.object({
  file: ImportFileInfo,
  headers: z.array(z.string()),
  /** The mapping guessed from the header names. */
  suggestedMapping: RecipientImportMapping,
  /** The mapping this preview was made with (the one sent, else the suggested one). */
  mapping: RecipientImportMapping,
  rows: z.array(RecipientImportPreviewRow),
  /** The first errors (at most 1000), ordered by line; `errorCount` says how many there are in all. */
  errors: z.array(ImportRowError),
  errorCount: z.number(),
  counts: RecipientImportCounts,
});
export type RecipientImportPreview = z.infer<typeof RecipientImportPreview>;

export const RecipientImportResult = z.object({ file: ImportFileInfo, counts: RecipientImportCounts });
export type RecipientImportResult = z.infer<typeof RecipientImportResult>;

/** The 422 body of an import refused because of row errors: nothing was stored. */
export const RecipientImportRejected = z.object({
  error: z.object({
    code: z.literal('import_invalid'),
    message: z.string(),
    errors: z.array(ImportRowError),
    errorCount: z.number(),
  }),
});
export type RecipientImportRejected = z.infer<typeof RecipientImportRejected>;

/** How many rows of each kind the preview lists. */
export const RecipientImportPreviewQuery = z.object({ rows: z.coerce.number().int().min(0).max(200).default(20) });

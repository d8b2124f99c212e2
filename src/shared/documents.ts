import { Cursor, Id, Limit, optionalText, z } from './zod.js';

export const DocumentTypeName = z.enum(
  ['fee_notice', 'sales_document', 'water_settlement', 'annual_settlement', 'general_letter', 'ledger_card'],
  { error: 'Nieznany rodzaj dokumentu.' },
);
export type DocumentTypeName = z.infer<typeof DocumentTypeName>;

export const LegalStrength = z.enum(['informational', 'notice', 'written_form_required']);
export const DocumentSource = z.enum(['data', 'api', 'zip', 'printout']);

export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Okres w postaci RRRR-MM, np. 2026-04.');

export const DocumentTypeInfo = z.object({
  type: DocumentTypeName,
  label: z.string(),
  legalStrength: LegalStrength,
  rowsField: z.string().nullable(),
  variables: z.array(z.object({ path: z.string(), description: z.string(), format: z.string() })),
  /** Column keys for a CSV/XLSX data file of this type (field paths; the Polish names below work the same). */
  columns: z.array(z.string()),
  /** The same columns with their Polish headers (as in the sample files) and what goes in them. */
  dataColumns: z.array(z.object({ key: z.string(), name: z.string(), description: z.string() })),
});
export type DocumentTypeInfo = z.infer<typeof DocumentTypeInfo>;

export const SampleFileQuery = z.strictObject({
  format: z.enum(['csv', 'xlsx'], { error: 'Wybierz csv albo xlsx.' }).default('csv'),
});

export const DocumentSummary = z.object({
  id: Id,
  type: DocumentTypeName,
  source: DocumentSource,
  recipientKey: z.string(),
  recipientId: Id.nullable(),
  unitId: Id.nullable(),
  propertyId: Id.nullable(),
  period: z.string(),
  title: z.string(),
  filename: z.string(),
  pdfSize: z.number().int(),
  pdfSha256: z.string(),
  importId: z.string().nullable(),
  createdAt: z.string(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const DocumentDetail = DocumentSummary.extend({ data: z.record(z.string(), z.unknown()) });
export type DocumentDetail = z.infer<typeof DocumentDetail>;

/** One document from data: who it is for (a unit's or recipient's key, or the unit's NRB) and the type's data. */
export const DocumentItem = z.strictObject({
  recipientKey: z.string().trim().min(1, 'Podaj klucz adresata (klucz lokalu, adresata albo NRB).').max(100),
  data: z.record(z.string(), z.unknown()),
});

export const DocumentImportInput = z.strictObject({
  type: DocumentTypeName,
  items: z.array(DocumentItem).min(1, 'Brak dokumentów do zaimportowania.').max(50_000),
});
export type DocumentImportInput = z.infer<typeof DocumentImportInput>;

export const ImportError = z.object({
  /** 1-based item number (JSON) or the line in the file (CSV/XLSX). */
  line: z.number().int(),
  recipientKey: z.string().nullable(),
  path: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof ImportError>;

export const ImportResult = z.object({
  importId: z.string(),
  type: DocumentTypeName,
  created: z.number().int(),
  /** Printouts: pages no recipient key was found on (1-based), with the start of their text. */
  unmatchedPages: z.array(z.object({ page: z.number().int(), reason: z.string(), text: z.string() })).default([]),
  /** ZIPs: files that were skipped, with why. */
  skippedFiles: z.array(z.object({ name: z.string(), reason: z.string() })).default([]),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const DocumentListQuery = z.object({
  type: DocumentTypeName.optional(),
  period: Period.optional(),
  propertyId: Id.optional(),
  importId: optionalText(100).optional(),
  cursor: Cursor,
  limit: Limit,
});
export type DocumentListQuery = z.infer<typeof DocumentListQuery>;

/** Fields sent with a ready PDF (multipart) by a rent system. */
export const PdfDocumentFields = z.strictObject({
  type: DocumentTypeName,
  recipientKey: z.string().trim().min(1).max(100),
  period: Period,
  title: optionalText(300).optional(),
  /** JSON object of merge fields the template may use as document.<name>. */
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type PdfDocumentFields = z.infer<typeof PdfDocumentFields>;

import type { z } from '../../../shared/zod.js';
import type { Party, Sheet } from '../pdf/sheet.js';

export const DOCUMENT_TYPES = [
  'fee_notice',
  'sales_document',
  'water_settlement',
  'annual_settlement',
  'general_letter',
  'ledger_card',
] as const;
export type DocumentTypeName = (typeof DOCUMENT_TYPES)[number];

/**
 * How much an e-mail is worth for this document in Polish law: `informational` (e-mail is fine),
 * `notice` (e-mail only to recipients who consented), `written_form_required` (e-mail is a copy; the
 * document must also go on paper or with a qualified signature — e.g. a tenant's rent increase, art. 8a uopl).
 */
export type LegalStrength = 'informational' | 'notice' | 'written_form_required';

/** Who the document is from and to, filled from the database when the document is created. */
export interface DocumentParties {
  /** The property (wspólnota, spółdzielnia) or the manager issuing the document. */
  issuer: Party & { nip: string | null };
  /** The correspondence address of the recipient. */
  recipient: Party & { country: string };
  /** The unit the document is about, when there is one. */
  unit: { number: string; address: string; nrb: string | null } | null;
}

export interface TemplateText {
  subject: string;
  html: string;
  text: string;
}

export interface DocumentTypeDef<S extends z.ZodType = z.ZodType> {
  type: DocumentTypeName;
  /** Polish name shown to clerks: "Zawiadomienie o wysokości opłat". */
  label: string;
  legalStrength: LegalStrength;
  /** The data schema (document-specific fields only; parties come from the database). */
  schema: S;
  /** For flat CSV/XLSX imports: the array field with one item per row; other columns repeat on each row. */
  rowsField: string | null;
  /** Settlement month `YYYY-MM` the document belongs to (batches select documents by it). */
  period(data: z.output<S>): string;
  /** Short title for lists and the PDF metadata. */
  title(data: z.output<S>, parties: DocumentParties): string;
  /** ASCII file name of the PDF attachment, e.g. `zawiadomienie_oplaty_2026-04_lokal_12.pdf`. */
  filename(data: z.output<S>, parties: DocumentParties): string;
  /** Draws the document. Throws only on programming errors; data problems are caught by the schema. */
  draw(sheet: Sheet, data: z.output<S>, parties: DocumentParties): void;
  /** Cross-field checks the schema cannot express simply (sums, the NRB coming from the unit); Polish messages. */
  check?(data: z.output<S>, parties: DocumentParties): { path: string; message: string }[];
  /** The default Polish e-mail template (LiquidJS). */
  template: TemplateText;
  /** A complete example (every optional field filled) for previews, template checks, tests and the demo. */
  sample(): z.input<S>;
}

/** ASCII-only, lower-case file name part: "Lokal 12/3 Łódź" → "lokal_12-3_lodz". */
export function fileSlug(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁ]/g, (c) => (c === 'ł' ? 'l' : 'L'))
    .toLowerCase()
    .replace(/\//g, '-')
    .replace(/[^a-z0-9-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
}

/** A settlement that ends in an underpayment must say by when and to which account it is paid. */
export function underpaymentIssues(
  d: { balance: number; paymentDeadline: string | null; issueDate: string; nrb: string | null },
  p: DocumentParties,
): { path: string; message: string }[] {
  if (d.balance <= 0) return [];
  const issues: { path: string; message: string }[] = [];
  if (!d.paymentDeadline) {
    issues.push({ path: 'paymentDeadline', message: 'Wynikiem jest niedopłata — podaj termin zapłaty.' });
  } else if (d.paymentDeadline < d.issueDate) {
    issues.push({ path: 'paymentDeadline', message: 'Termin zapłaty jest wcześniejszy niż data rozliczenia.' });
  }
  if (!d.nrb && !p.unit?.nrb) {
    issues.push({
      path: 'nrb',
      message: 'Wynikiem jest niedopłata, a brak numeru rachunku lokalu — wpisz NRB w danych albo w kartotece lokalu.',
    });
  }
  return issues;
}

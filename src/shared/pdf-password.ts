import { DocumentTypeName } from './documents.js';
import { z } from './zod.js';

/**
 * Password-protected PDFs (D71). A rule says where a message's PDF password comes from — data the office holds,
 * never a PESEL: the last digits of the unit's NRB (the account number printed on the tenant's notices), or the
 * code kept on the recipient's card. `off`: no password. The owner password is random per message and kept nowhere.
 */
export const PDF_PASSWORD_KINDS = ['off', 'nrb_digits', 'recipient_code'] as const;

const kindError = (issue: { input?: unknown }) => {
  if (issue.input === undefined) return 'To pole jest wymagane.';
  return /pesel/i.test(String(issue.input))
    ? 'Hasła do PDF-u nie wolno tworzyć z numeru PESEL — wybierz numer rachunku lokalu albo kod adresata.'
    : 'Nieznana reguła hasła — wybierz: bez hasła, cyfry numeru rachunku lokalu albo kod adresata.';
};

export const PdfPasswordRule = z
  .strictObject({
    kind: z.enum(PDF_PASSWORD_KINDS, { error: kindError }),
    /** `nrb_digits`: how many of the NRB's last digits (4–12). */
    digits: z.number().int().min(4, 'Najmniej 4 cyfry.').max(12, 'Najwyżej 12 cyfr.').optional(),
  })
  .refine((r) => r.kind !== 'nrb_digits' || r.digits !== undefined, {
    path: ['digits'],
    message: 'Podaj, ile ostatnich cyfr numeru rachunku jest hasłem.',
  })
  .refine((r) => r.kind === 'nrb_digits' || r.digits === undefined, {
    path: ['digits'],
    message: 'Liczbę cyfr podaje się tylko przy numerze rachunku.',
  });
export type PdfPasswordRule = z.infer<typeof PdfPasswordRule>;

/** An account's rule; null: no password (the default). */
export const AccountPdfPassword = z.object({ rule: PdfPasswordRule.nullable() });
export type AccountPdfPassword = z.infer<typeof AccountPdfPassword>;

/** The installation's rule per document type; a type left out (or null) follows the sending account. */
export const TypePdfPasswords = z.object({
  types: z.partialRecord(DocumentTypeName, PdfPasswordRule.nullable()),
});
export type TypePdfPasswords = z.infer<typeof TypePdfPasswords>;

export const PdfPasswordStatus = TypePdfPasswords.extend({
  /** Whether the server can encrypt PDFs (the `qpdf` program is installed). */
  available: z.boolean(),
});
export type PdfPasswordStatus = z.infer<typeof PdfPasswordStatus>;

/**
 * The code kept on a recipient's card as their PDF password: 4–32 letters, digits or dashes. An 11-digit number is
 * refused — it may be a PESEL, which must never become a password.
 */
export const PdfCode = z
  .string()
  .trim()
  .max(32, 'Kod może mieć najwyżej 32 znaki.')
  .refine(
    (s) => s === '' || /^[A-Za-z0-9][A-Za-z0-9-]{3,}$/.test(s),
    'Kod: co najmniej 4 znaki — litery, cyfry lub myślnik (nie na początku).',
  )
  .refine((s) => !/^\d{11}$/.test(s), 'Kod nie może mieć postaci numeru PESEL (11 cyfr).');

/** The sentence both parts of an e-mail with a protected PDF carry: how to open it, never the password. */
export function pdfPasswordHint(rule: PdfPasswordRule): string | null {
  if (rule.kind === 'nrb_digits') {
    return `Plik PDF jest zabezpieczony hasłem: to ostatnie ${rule.digits} ${rule.digits === 4 ? 'cyfry' : 'cyfr'} numeru rachunku do wpłat Twojego lokalu (podanego na wcześniejszych zawiadomieniach).`;
  }
  if (rule.kind === 'recipient_code') {
    return 'Plik PDF jest zabezpieczony hasłem: to Twój kod do dokumentów, przekazany przez administrację (w razie wątpliwości zapytaj w biurze).';
  }
  return null;
}

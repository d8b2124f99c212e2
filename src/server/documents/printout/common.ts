/** What every printout reader shares: limits, the clerk-facing ValidationError, Polish wording, the PDF sniff. */
import { type FieldIssue, ValidationError } from '../../lib/errors.js';

const MB = 1024 * 1024;

export interface PdfLimits {
  /** Refuse longer files (default 5000 pages). */
  maxPages?: number;
  /** Refuse bigger files (default 200 MB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_PAGES = 5000;
const DEFAULT_MAX_BYTES = 200 * MB;

export function invalid(message: string, field = 'file', detail = message): ValidationError {
  const fields: FieldIssue[] = [{ path: field, message: detail }];
  return new ValidationError(message, fields);
}

const NOT_A_PDF = 'Plik nie jest prawidłowym PDF-em.';

/** "1 stronę", "3 strony", "5 stron" (after "ma"). */
export function pagesWord(count: number): string {
  if (count === 1) return '1 stronę';
  const few = count % 10 >= 2 && count % 10 <= 4 && (count % 100 < 12 || count % 100 > 14);
  return `${count} ${few ? 'strony' : 'stron'}`;
}

export function megabytes(bytes: number): string {
  return `${Math.ceil((bytes / MB) * 10) / 10} MB`;
}

/** "%PDF-" at the start, or within the first 1024 bytes (the junk PDF readers tolerate before the header). */
export function looksLikePdf(data: Uint8Array): boolean {
  const end = Math.min(data.length - 5, 1024);
  for (let i = 0; i <= end; i++) {
    if (
      data[i] === 0x25 &&
      data[i + 1] === 0x50 &&
      data[i + 2] === 0x44 &&
      data[i + 3] === 0x46 &&
      data[i + 4] === 0x2d
    )
      return true;
  }
  return false;
}

export function checkInput(pdf: Uint8Array, limits: PdfLimits): void {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  if (pdf.length === 0) throw invalid('Plik jest pusty.', 'file', 'Pusty plik.');
  if (pdf.length > maxBytes)
    throw invalid(
      `Plik jest za duży (${megabytes(pdf.length)}, najwyżej ${megabytes(maxBytes)}).`,
      'file',
      'Za duży plik.',
    );
  if (!looksLikePdf(pdf)) throw invalid(NOT_A_PDF);
}

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
const HTML_NOT_PDF =
  'Plik jest stroną internetową (HTML), a nie PDF-em — pobierz z systemu czynszowego właściwy plik PDF i wgraj go ponownie.';
const TRUNCATED =
  'Plik PDF jest niekompletny (urwany przy zapisie albo przesyłaniu) — zapisz go ponownie i wgraj jeszcze raz.';

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

/** An HTML page saved as .pdf (a rent system's error page, a web viewer): a tag at the start of the file. */
function looksLikeHtml(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, 1024)).toString('latin1');
  return /<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]/i.test(head);
}

/** "%%EOF" within the last 1024 bytes, where PDF readers expect it: a file cut short ends without it. */
export function endsLikePdf(data: Uint8Array): boolean {
  const tail = Buffer.from(data.buffer, data.byteOffset, data.length).subarray(Math.max(0, data.length - 1024));
  return tail.includes('%%EOF', 0, 'latin1');
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
  if (looksLikeHtml(pdf)) throw invalid(HTML_NOT_PDF, 'file', 'Strona HTML zamiast PDF.');
  if (!looksLikePdf(pdf)) throw invalid(NOT_A_PDF);
  if (!endsLikePdf(pdf)) throw invalid(TRUNCATED, 'file', 'Niekompletny PDF.');
}

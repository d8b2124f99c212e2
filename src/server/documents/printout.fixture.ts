/** Shared helpers of the printout tests: printouts rendered like a rent system's, NRBs, error catching. */
import { expect } from 'vitest';
import { ValidationError } from '../lib/errors.js';
import { renderPdf } from './pdf/sheet.js';

/** A valid NRB (check digits computed) for an account number. */
export function nrb(account: number): string {
  const bban = `10201026${String(account).padStart(16, '0')}`;
  const check = 98n - (BigInt(`${bban}252100`) % 97n);
  return `${String(check).padStart(2, '0')}${bban}`;
}

/** "34 1020 1026 …" as a bank prints it. */
export function grouped(digits: string): string {
  return `${digits.slice(0, 2)} ${digits.slice(2).replace(/(\d{4})(?=\d)/g, '$1 ')}`;
}

export interface PageSpec {
  title: string;
  lines: string[];
  box?: [string, string][];
}

export function printout(pages: PageSpec[]): Promise<Buffer> {
  return renderPdf(
    { title: 'Wydruk', author: 'System czynszowy', createdAt: new Date('2025-03-01T00:00:00Z') },
    (s) => {
      pages.forEach((page, i) => {
        if (i > 0) s.doc.addPage();
        s.title(page.title);
        for (const line of page.lines) s.paragraph(line);
        if (page.box) s.box(page.box);
      });
    },
  );
}

export function noticePage(key: string, account: string, page: number, of: number): PageSpec {
  return {
    title: `Zawiadomienie o wysokości opłat — Lokal ${key}`,
    lines: [
      `Szanowny Panie Łukaszu Żółkiewski, uprzejmie informujemy o zmianie zaliczek od 1 kwietnia 2025 r. (strona ${page} z ${of}).`,
      'Wspólnota Mieszkaniowa „Źródlana 5”, ul. Źródlana 5, 80-180 Gdańsk. Zażółć gęślą jaźń.',
    ],
    box: [
      ['Numer lokalu', key],
      ['Rachunek do wpłat', `PL ${grouped(account)}`],
      ['Kwota miesięczna', '1 234,56 zł'],
    ],
  };
}

export function expectValidationError(error: unknown, message?: RegExp): void {
  expect(error).toBeInstanceOf(ValidationError);
  if (message) expect((error as ValidationError).message).toMatch(message);
}

export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

export function keysIn(text: string): string[] {
  return [...new Set(text.match(/L\d{4}/g) ?? [])].sort();
}

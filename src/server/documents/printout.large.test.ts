import { beforeAll, describe, expect, it } from 'vitest';
import { pdfPages, pdfText } from '../../../test/support/pdf.js';
import { keysIn, noticePage, nrb, type PageSpec, printout } from './printout.fixture.js';
import { keyMatcher, type SplitResult, splitPrintout } from './printout.js';

describe('splitPrintout: a 300-page printout', () => {
  const RECIPIENTS = 140;
  const counts: number[] = [];
  const keys: string[] = [];
  const accounts: string[] = [];
  const expectedPages: number[][] = [];
  const unmatchedPages: number[] = [];
  let pdf: Buffer;
  let result: SplitResult;
  let elapsed = 0;

  beforeAll(async () => {
    for (let i = 0; i < RECIPIENTS; i++) counts.push(i % 14 === 5 ? 1 : 2);
    let missing = 297 - counts.reduce((a, b) => a + b, 0);
    for (let i = 1; missing > 0 && i < RECIPIENTS; i += 3) {
      if (counts[i] === 2) {
        counts[i] = 3;
        missing--;
      }
    }
    expect(missing).toBe(0);
    const pages: PageSpec[] = [
      {
        title: 'Zestawienie wydruku — zaliczki na kwiecień 2025',
        lines: ['Liczba zawiadomień: 140. Suma: 172 838,40 zł. Operator: Małgorzata Ślęzak.'],
      },
    ];
    unmatchedPages.push(1);
    for (let i = 0; i < RECIPIENTS; i++) {
      if (i === 70) {
        pages.push({
          title: 'Strona informacyjna — Lokal L9999',
          lines: ['Ten lokal nie istnieje w ewidencji. Rachunek: PL 11 2222 3333 4444 5555 6666 7777.'],
        });
        unmatchedPages.push(pages.length);
      }
      const key = `L${String(i + 1).padStart(4, '0')}`;
      const account = nrb(5000 + i);
      keys.push(key);
      accounts.push(account);
      const own: number[] = [];
      for (let p = 1; p <= counts[i]!; p++) {
        pages.push(noticePage(key, account, p, counts[i]!));
        own.push(pages.length);
      }
      expectedPages.push(own);
    }
    pages.push({ title: 'Koniec wydruku', lines: ['Wydrukowano 140 zawiadomień na 297 stronach.'] });
    unmatchedPages.push(pages.length);
    expect(pages).toHaveLength(300);
    pdf = await printout(pages);
    const started = performance.now();
    result = await splitPrintout(pdf, keyMatcher(keys.map((key, i) => ({ key, patterns: [key, accounts[i]!] }))));
    elapsed = performance.now() - started;
  }, 60_000);

  it('finds one document per recipient, in order, with its pages', () => {
    expect(result.pageCount).toBe(300);
    expect(result.documents.map((d) => d.key)).toEqual(keys);
    expect(result.documents.map((d) => d.pages)).toEqual(expectedPages);
    expect(result.documents.every((d) => d.occurrence === 1)).toBe(true);
    expect(result.repeatedKeys).toEqual([]);
    expect(new Set(counts)).toEqual(new Set([1, 2, 3]));
  });

  it('reports the pages without a known key and conserves every page', () => {
    expect(result.unmatched.map((u) => u.page)).toEqual(unmatchedPages);
    expect(result.unmatched.every((u) => u.reason === 'no_key')).toBe(true);
    expect(result.unmatched[0]!.text).toContain('Zestawienie wydruku');
    expect(result.unmatched[1]!.text).toContain('L9999');
    expect(result.unmatched.every((u) => u.text.length <= 200)).toBe(true);
    const all = [...result.documents.flatMap((d) => d.pages), ...result.unmatched.map((u) => u.page)].sort(
      (a, b) => a - b,
    );
    expect(all).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('gives each recipient a PDF with only its own pages', () => {
    result.documents.forEach((doc, i) => {
      const bytes = Buffer.from(doc.pdf);
      expect(pdfPages(bytes), doc.key).toBe(counts[i]);
      const text = pdfText(bytes);
      expect(keysIn(text), doc.key).toEqual([doc.key]);
      expect(text.replace(/\s/g, ''), doc.key).toContain(accounts[i]);
    });
    // About a hundred pdftotext runs: on a loaded machine this takes longer than the default 20 s.
  }, 60_000);

  it('is fast enough for a real printout', () => {
    expect(elapsed).toBeLessThan(10_000);
  });
});

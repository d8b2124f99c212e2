import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { grouped, nrb } from './printout.fixture.js';
import { keyMatcher, pageTexts } from './printout.js';

describe('pageTexts', () => {
  it('joins the pieces of a word, puts spaces between words and a new line between lines', async () => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    const font = (name: string) => fileURLToPath(new URL(`../../../assets/fonts/${name}`, import.meta.url));
    doc.font(font('Roboto-Regular.ttf')).fontSize(11);
    doc.text('Lokal', 50, 100, { lineBreak: false });
    // "L0012" with its end in bold: two pieces for pdf.js (a font change), touching: one word for the reader.
    doc.text('L00', 100, 100, { lineBreak: false });
    const width = doc.widthOfString('L00');
    doc.font(font('Roboto-Bold.ttf')).text('12', 100 + width, 100, { lineBreak: false });
    doc.text('Łąka', 300, 100, { lineBreak: false });
    doc.font(font('Roboto-Regular.ttf')).text('Rachunek 34 1020', 50, 130, { lineBreak: false });
    doc.end();
    expect(await pageTexts(await done)).toEqual(['Lokal L0012 Łąka\nRachunek 34 1020']);
  });
});

describe('keyMatcher', () => {
  it('prefers the longer key when one key is part of another (a recipient key built on a unit key)', () => {
    const nested = keyMatcher([
      { key: 'SMP-0001', patterns: ['SMP-0001'] },
      { key: 'SMP-0001-1', patterns: ['SMP-0001-1'] },
      { key: 'SMP-0002', patterns: ['SMP-0002'] },
    ]);
    expect(nested('Adresat: SMP-0001-1, Kowalski')).toEqual({ key: 'SMP-0001-1' });
    expect(nested('Lokal SMP-0001 — zawiadomienie')).toEqual({ key: 'SMP-0001' });
    // Both really on the page (the unit on its own too): still ambiguous.
    expect(nested('Lokal SMP-0001, adresat SMP-0001-1')).toEqual({
      key: null,
      reason: 'ambiguous',
      candidates: ['SMP-0001', 'SMP-0001-1'],
    });
    expect(nested('SMP-0001-1 i SMP-0002')).toMatchObject({ key: null, reason: 'ambiguous' });
  });

  const account = nrb(12);
  const find = keyMatcher([
    { key: 'A', patterns: ['L0012', account] },
    { key: 'B', patterns: ['L001'] },
    { key: 'C', patterns: ['Łąkowa 5 m. 12'] },
  ]);

  it('matches whole words only', () => {
    expect(find('Lokal L0012, rozliczenie')).toEqual({ key: 'A' });
    expect(find('Lokal L001: rozliczenie')).toEqual({ key: 'B' });
    expect(find('Lokal L00123')).toEqual({ key: null, reason: 'no_key' });
    expect(find('lokal l0012')).toEqual({ key: 'A' });
  });

  it('matches an NRB however the page spaces it, but not inside a longer number', () => {
    expect(find(`Rachunek: ${grouped(account)}`)).toEqual({ key: 'A' });
    expect(find(`Rachunek:\nPL${account.slice(0, 10)}\n${account.slice(10)}`)).toEqual({ key: 'A' });
    expect(find(`Rachunek ${account.slice(0, 2)}-${account.slice(2, 14)} ${account.slice(14)}`)).toEqual({ key: 'A' });
    expect(find(`Kwota 12 ${grouped(account)}`)).toEqual({ key: 'A' });
    expect(find(`Numer 9${account}`)).toEqual({ key: null, reason: 'no_key' });
    expect(find(`Numer ${grouped(account)}1`)).toEqual({ key: null, reason: 'no_key' });
    expect(find(`Faktury ${account.slice(0, 10)}/${account.slice(10)}`)).toEqual({ key: null, reason: 'no_key' });
    expect(find(`Rachunek ${grouped(account).slice(0, -1)}`)).toEqual({ key: null, reason: 'no_key' });
  });

  it('ignores case, diacritics and extra spaces in text patterns', () => {
    expect(find('ul. ŁĄKOWA   5 m.\n12, Gdańsk')).toEqual({ key: 'C' });
    expect(find('ul. Lakowa 5 m. 123')).toEqual({ key: null, reason: 'no_key' });
  });

  it('calls a page with two keys ambiguous', () => {
    expect(find('Lokale L0012 i L001')).toEqual({ key: null, reason: 'ambiguous', candidates: ['A', 'B'] });
  });
});

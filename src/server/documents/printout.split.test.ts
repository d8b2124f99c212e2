import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { pdfPages, pdfText } from '../../../test/support/pdf.js';
import { expectValidationError, failure, grouped, keysIn, noticePage, nrb, printout } from './printout.fixture.js';
import { keyMatcher, pageTexts, splitPrintout } from './printout.js';

describe('splitPrintout: small printouts', () => {
  const keys = ['L0001', 'L0002', 'L0003'];
  const accounts = keys.map((_, i) => nrb(100 + i));
  const find = keyMatcher(keys.map((key, i) => ({ key, patterns: [key, accounts[i]!] })));

  it('matches a page by its NRB alone', async () => {
    const pdf = await printout([
      {
        title: 'Wezwanie do zapłaty',
        lines: [`Prosimy o wpłatę na rachunek ${grouped(accounts[1]!)} do 15 kwietnia.`],
      },
    ]);
    expect(await pageTexts(pdf)).toEqual([expect.stringContaining(grouped(accounts[1]!))]);
    const result = await splitPrintout(pdf, find);
    expect(result.documents.map((d) => [d.key, d.pages])).toEqual([['L0002', [1]]]);
  });

  it('reports an ambiguous page with the keys it found, and a key that comes back as a new document', async () => {
    const pdf = await printout([
      noticePage('L0001', accounts[0]!, 1, 2),
      noticePage('L0001', accounts[0]!, 2, 2),
      noticePage('L0002', accounts[1]!, 1, 1),
      { title: 'Lokale L0001 i L0003', lines: ['Wspólne zawiadomienie.'] },
      noticePage('L0001', accounts[0]!, 1, 1),
      noticePage('L0003', accounts[2]!, 1, 1),
    ]);
    const result = await splitPrintout(pdf, find);
    expect(result.documents.map((d) => [d.key, d.pages, d.occurrence])).toEqual([
      ['L0001', [1, 2], 1],
      ['L0002', [3], 1],
      ['L0001', [5], 2],
      ['L0003', [6], 1],
    ]);
    expect(result.repeatedKeys).toEqual(['L0001']);
    expect(result.unmatched).toEqual([
      {
        page: 4,
        text: expect.stringContaining('Lokale L0001 i L0003'),
        reason: 'ambiguous',
        candidates: ['L0001', 'L0003'],
      },
    ]);
    expect(pdfPages(result.documents[0]!.pdf)).toBe(2);
    expect(keysIn(pdfText(Buffer.from(result.documents[2]!.pdf)))).toEqual(['L0001']);
  });

  it('accepts a plain findKey returning a key or null; a page without a key ends a document', async () => {
    const pdf = await printout([
      { title: 'Lokal A-1', lines: [] },
      { title: 'Lokal A-1', lines: [] },
      { title: 'Nic', lines: [] },
      { title: 'Lokal A-1', lines: [] },
    ]);
    const result = await splitPrintout(pdf, (text) => (text.includes('A-1') ? 'A-1' : null));
    expect(result.documents.map((d) => [d.key, d.pages, d.occurrence])).toEqual([
      ['A-1', [1, 2], 1],
      ['A-1', [4], 2],
    ]);
    expect(result.unmatched).toEqual([
      { page: 3, text: expect.stringContaining('Nic'), reason: 'no_key', candidates: [] },
    ]);
  });

  it('leaves the caller’s bytes intact', async () => {
    const pdf = await printout([noticePage('L0001', accounts[0]!, 1, 1)]);
    const copy = Buffer.from(pdf);
    await splitPrintout(new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), find);
    expect(pdf.equals(copy)).toBe(true);
  });
});

describe('splitPrintout: files it refuses', () => {
  const find = () => null;

  function encrypted(options: { userPassword?: string; ownerPassword: string }): Promise<Buffer> {
    const doc = new PDFDocument({ pdfVersion: '1.7', ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    doc.text('Lokal L0001');
    doc.end();
    return done;
  }

  it('refuses a PDF with a password to open it', async () => {
    const pdf = await encrypted({ userPassword: 'tajne', ownerPassword: 'bardzotajne' });
    expectValidationError(await failure(splitPrintout(pdf, find)), /hasłem/);
  });

  it('refuses an encrypted PDF even when it opens without a password', async () => {
    const pdf = await encrypted({ ownerPassword: 'bardzotajne' });
    expectValidationError(await failure(pageTexts(pdf)), /zaszyfrowany/);
  });

  it('refuses garbage, an empty file and a broken PDF', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    expectValidationError(await failure(splitPrintout(garbage, find)), /nie jest prawidłowym PDF-em/);
    expectValidationError(await failure(pageTexts(new Uint8Array(0))), /pusty/);
    const broken = new TextEncoder().encode(
      '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\nsmieci\n%%EOF',
    );
    expectValidationError(await failure(splitPrintout(broken, find)), /uszkodzony/);
    const whole = await printout([
      { title: 'Lokal L0001', lines: [] },
      { title: 'Lokal L0002', lines: [] },
    ]);
    expectValidationError(await failure(splitPrintout(whole.subarray(0, whole.length >> 1), find)), /niekompletny/);
  });

  it('refuses files over the limits', async () => {
    const pdf = await printout([
      { title: 'Lokal L0001', lines: [] },
      { title: 'Lokal L0001', lines: [] },
      { title: 'Lokal L0001', lines: [] },
    ]);
    expectValidationError(
      await failure(splitPrintout(pdf, find, { maxPages: 2 })),
      /Plik ma 3 strony, a można wgrać najwyżej 2\./,
    );
    expectValidationError(await failure(splitPrintout(pdf, find, { maxBytes: 1000 })), /za duży/);
    expect((await splitPrintout(pdf, find, { maxPages: 3 })).pageCount).toBe(3);
  });
});

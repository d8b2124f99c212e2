import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfPages, pdfText } from '../../../test/support/pdf.js';
import { ValidationError } from '../lib/errors.js';
import { renderPdf } from './pdf/sheet.js';
import { keyMatcher, pageTexts, readPdfZip, type SplitResult, splitPrintout } from './printout.js';

/** A valid NRB (check digits computed) for an account number. */
function nrb(account: number): string {
  const bban = `10201026${String(account).padStart(16, '0')}`;
  const check = 98n - (BigInt(`${bban}252100`) % 97n);
  return `${String(check).padStart(2, '0')}${bban}`;
}

/** "34 1020 1026 …" as a bank prints it. */
function grouped(digits: string): string {
  return `${digits.slice(0, 2)} ${digits.slice(2).replace(/(\d{4})(?=\d)/g, '$1 ')}`;
}

interface PageSpec {
  title: string;
  lines: string[];
  box?: [string, string][];
}

function printout(pages: PageSpec[]): Promise<Buffer> {
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

function noticePage(key: string, account: string, page: number, of: number): PageSpec {
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

function expectValidationError(error: unknown, message?: RegExp): void {
  expect(error).toBeInstanceOf(ValidationError);
  if (message) expect((error as ValidationError).message).toMatch(message);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function keysIn(text: string): string[] {
  return [...new Set(text.match(/L\d{4}/g) ?? [])].sort();
}

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
  });

  it('is fast enough for a real printout', () => {
    expect(elapsed).toBeLessThan(10_000);
  });
});

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
    expectValidationError(await failure(splitPrintout(whole.subarray(0, whole.length >> 1), find)), /uszkodzony/);
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

describe('readPdfZip', () => {
  const limits = { maxFiles: 20, maxTotalBytes: 10 * 1024 * 1024, maxFileBytes: 5 * 1024 * 1024 };
  let pdf: Uint8Array;

  beforeAll(async () => {
    pdf = new Uint8Array(await printout([{ title: 'Lokal L0001', lines: ['Zawiadomienie'] }]));
  });

  const text = (value: string) => new TextEncoder().encode(value);

  /** Sets the uncompressed size the central directory declares for `name`. */
  function declareSize(zip: Uint8Array, name: string, size: number): void {
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const nameBytes = text(name);
    for (let at = 0; at + 46 < zip.length; at++) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      const length = view.getUint16(at + 28, true);
      if (Buffer.from(zip.subarray(at + 46, at + 46 + length)).equals(Buffer.from(nameBytes))) {
        view.setUint32(at + 24, size, true);
        return;
      }
    }
    throw new Error(`no central directory entry for ${name}`);
  }

  it('accepts PDFs (also in folders and with Polish names) and rejects the rest with a reason', () => {
    const zip = zipSync({
      'L0001.pdf': pdf,
      'Łąka-12.pdf': pdf,
      lokale: { 'L0003.pdf': pdf },
      'notatki.txt': text('to nie jest PDF'),
      'L0004.pdf': text('<html>to też nie</html>'),
      __MACOSX: { '._L0001.pdf': text('junk'), lokale: { '._L0003.pdf': text('junk') } },
      '.DS_Store': text('junk'),
      pusty: {},
    });
    const result = readPdfZip(zip, limits);
    expect(result.files.map((f) => [f.name, f.key])).toEqual([
      ['L0001.pdf', 'L0001'],
      ['Łąka-12.pdf', 'Łąka-12'],
      ['lokale/L0003.pdf', 'L0003'],
    ]);
    expect(Buffer.from(result.files[1]!.data).equals(Buffer.from(pdf))).toBe(true);
    expect(result.rejected).toEqual([
      { name: 'notatki.txt', reason: expect.stringContaining('nie jest plik PDF') },
      { name: 'L0004.pdf', reason: expect.stringContaining('nie jest PDF-em') },
    ]);
  });

  it('reads a Polish name in the DOS code page of Windows (no UTF-8 flag)', () => {
    const zip = zipSync({ 'QQka-12.pdf': pdf });
    const placeholder = Buffer.from('QQka-12.pdf');
    let patched = 0;
    for (let at = zip.indexOf(placeholder[0]!); at >= 0; at = zip.indexOf(placeholder[0]!, at + 1)) {
      if (Buffer.from(zip.subarray(at, at + placeholder.length)).equals(placeholder)) {
        zip[at] = 0x9d; // Ł in CP852
        zip[at + 1] = 0xa5; // ą
        patched++;
      }
    }
    expect(patched).toBe(2);
    expect(readPdfZip(zip, limits).files.map((f) => f.key)).toEqual(['Łąka-12']);
  });

  it('rejects every file of a repeated key', () => {
    const zip = zipSync({
      'L0005.pdf': pdf,
      stare: { 'L0005.pdf': pdf },
      'L0006.pdf': pdf,
      'l0006.PDF': pdf,
      'L0007.pdf': pdf,
    });
    const result = readPdfZip(zip, limits);
    expect(result.files.map((f) => f.key)).toEqual(['L0007']);
    expect(result.rejected.map((r) => r.name)).toEqual(['L0005.pdf', 'stare/L0005.pdf', 'L0006.pdf', 'l0006.PDF']);
    expect(result.rejected[0]!.reason).toMatch(/L0005.*stare\/L0005\.pdf/);
  });

  it('refuses an archive with too many files', () => {
    const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`L000${i}.pdf`, pdf]));
    expectValidationError(
      thrown(() => readPdfZip(zipSync(files), { ...limits, maxFiles: 4 })),
      /za dużo plików \(5, najwyżej 4\)/,
    );
    expect(readPdfZip(zipSync(files), { ...limits, maxFiles: 5 }).files).toHaveLength(5);
  });

  it('refuses a file whose declared size is over the limit, before unpacking it', () => {
    const zip = zipSync({ 'L0001.pdf': pdf, 'bomba.pdf': pdf });
    declareSize(zip, 'bomba.pdf', 0xfffffff0); // 4 GB: unpacking it would run out of memory
    expectValidationError(
      thrown(() => readPdfZip(zip, limits)),
      /„bomba\.pdf” w archiwum ma po rozpakowaniu 4096 MB/,
    );
  });

  it('refuses an archive whose files together are over the limit', () => {
    const zeros = new Uint8Array(3 * 1024 * 1024);
    zeros.set(text('%PDF-1.4\n'));
    const zip = zipSync({ 'a.pdf': zeros, 'b.pdf': zeros, 'c.pdf': zeros, 'd.pdf': zeros });
    expect(zip.length).toBeLessThan(100_000);
    expectValidationError(
      thrown(() => readPdfZip(zip, limits)),
      /razem mogą mieć najwyżej 10 MB/,
    );
    expect(readPdfZip(zip, { ...limits, maxTotalBytes: 12 * 1024 * 1024 }).files).toHaveLength(4);
  });

  it('rejects a file that unpacks to something else than declared', () => {
    const zip = zipSync({ 'L0001.pdf': pdf, 'L0002.pdf': pdf });
    declareSize(zip, 'L0002.pdf', 1000);
    const result = readPdfZip(zip, limits);
    expect(result.files.map((f) => f.key)).toEqual(['L0001']);
    expect(result.rejected).toEqual([{ name: 'L0002.pdf', reason: expect.stringContaining('uszkodzony') }]);
  });

  it('refuses what is not a ZIP', () => {
    expectValidationError(
      thrown(() => readPdfZip(pdf, limits)),
      /nie jest prawidłowym archiwum ZIP/,
    );
    expectValidationError(
      thrown(() => readPdfZip(text('PK\u0003\u0004 tylko nagłówek i nic więcej'), limits)),
      /ZIP/,
    );
    expectValidationError(
      thrown(() => readPdfZip(new Uint8Array(0), limits)),
      /ZIP/,
    );
  });
});

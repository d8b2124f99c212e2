import { randomBytes } from 'node:crypto';
import PDFKit from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../lib/errors.js';
import {
  formBomb,
  heapBomb,
  inflationBomb,
  manyPages,
  nestingBomb,
  pageBomb,
  selfDrawingForm,
} from './pdf-bombs.fixture.js';
import { mergePdfs } from './printout/merge.js';
import { expectValidationError, failure, noticePage, nrb, printout } from './printout.fixture.js';
import { keyMatcher, splitPrintout } from './printout.js';
import { createPdfReader, type PdfReader, type PdfReadOptions } from './read-pool.js';

const MB = 1024 * 1024;
const DEFAULTS: PdfReadOptions = { processes: 1, timeoutMs: 120_000, memoryMb: 128, maxPages: 5000 };

function readerFor(options: Partial<PdfReadOptions> = {}) {
  const handle: { reader: PdfReader } = { reader: undefined as unknown as PdfReader };
  beforeAll(() => {
    handle.reader = createPdfReader({ ...DEFAULTS, ...options });
  });
  afterAll(() => handle.reader?.close());
  return handle;
}

function encrypted(options: { userPassword?: string; ownerPassword: string }): Promise<Buffer> {
  const doc = new PDFKit({ pdfVersion: '1.7', ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.text('Lokal L0001');
  doc.end();
  return done;
}

describe('PDF reader: good files give the same result as reading in this process', () => {
  const r = readerFor();
  const keys = ['L0001', 'L0002', 'L0003', 'L0004'].map((key, i) => ({ key, patterns: [key, nrb(100 + i)] }));
  let pdf: Buffer;

  beforeAll(async () => {
    const pages = [];
    for (let i = 0; i < 24; i++) {
      // Every seventh page belongs to nobody: runs break, keys come back as second documents.
      const nobody = i % 7 === 3;
      const group = Math.floor(i / 6);
      pages.push(noticePage(nobody ? 'L9999' : keys[group]!.key, nrb(nobody ? 999 : 100 + group), (i % 6) + 1, 6));
    }
    pdf = await printout(pages);
  });

  it('splits a printout into byte-identical documents', async () => {
    const here = await splitPrintout(pdf, keyMatcher(keys));
    const there = await r.reader.split(pdf, keys, 200 * MB);
    expect(there.documents.length).toBeGreaterThan(4);
    expect(there.unmatched.map((u) => u.page)).toEqual([4, 11, 18]);
    expect({ ...there, documents: there.documents.map((d) => ({ ...d, pdf: Buffer.from(d.pdf) })) }).toEqual({
      ...here,
      documents: here.documents.map((d) => ({ ...d, pdf: Buffer.from(d.pdf) })),
    });
  });

  it('merges byte for byte as in this process, and leaves the caller’s bytes intact', async () => {
    const parts = (await splitPrintout(pdf, keyMatcher(keys))).documents.map((d) => d.pdf);
    const input = {
      sources: parts,
      order: [0, 1, 0, 2, 3, 1],
      title: 'Do druku — test',
      producer: 'Listonosz',
      createdAt: new Date('2026-04-01T10:00:00Z'),
    };
    const copies = parts.map((p) => Buffer.from(p));
    const there = await r.reader.merge(input);
    expect(there.equals(Buffer.from(await mergePdfs(input)))).toBe(true);
    expect(parts.map((p) => Buffer.from(p))).toEqual(copies);
  });

  it('checks a good file and counts its pages', async () => {
    expect(await r.reader.check(pdf, 200 * MB)).toEqual({ pages: 24 });
    const refusals = await r.reader.checkAll([pdf, Buffer.from('%PDF-1.7\nnic\n%%EOF\n'), pdf], 200 * MB);
    expect(refusals.map((x) => x?.message ?? null)).toEqual([null, expect.stringMatching(/uszkodzony/), null]);
  });
});

describe('PDF reader: files that only pretend to be PDFs are refused, each with its reason', () => {
  const r = readerFor();
  let good: Buffer;

  beforeAll(async () => {
    good = await printout([noticePage('L0001', nrb(1), 1, 2), noticePage('L0001', nrb(1), 2, 2)]);
  });

  const refusal = async (pdf: Uint8Array) => {
    const error = await failure(r.reader.check(pdf, 200 * MB));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([{ path: 'file', message: expect.any(String) }]);
    return (error as ValidationError).message;
  };

  it('an HTML page, with or without a PDF header', async () => {
    const page = '<!DOCTYPE html><html><head><title>Błąd 500</title></head><body>Spróbuj później</body></html>';
    expect(await refusal(Buffer.from(page))).toMatch(/stroną internetową \(HTML\), a nie PDF-em/);
    expect(await refusal(Buffer.from(`%PDF-1.7\n${page}\n%%EOF\n`))).toMatch(/\(HTML\)/);
  });

  it('a file cut short', async () => {
    for (const share of [0.5, 0.9, 0.995])
      expect(await refusal(good.subarray(0, Math.floor(good.length * share)))).toMatch(/niekompletny/);
  });

  it('random bytes after a PDF header', async () => {
    const random = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(64 * 1024), Buffer.from('\n%%EOF\n')]);
    expect(await refusal(random)).toBe('Plik PDF jest uszkodzony — nie da się go odczytać.');
    expect(await refusal(randomBytes(4096))).toMatch(/nie jest prawidłowym PDF-em/);
  });

  it('a PDF with a password to open it, and one encrypted without', async () => {
    expect(await refusal(await encrypted({ userPassword: 'tajne', ownerPassword: 'bardzotajne' }))).toMatch(
      /zabezpieczony hasłem/,
    );
    expect(await refusal(await encrypted({ ownerPassword: 'bardzotajne' }))).toMatch(/zaszyfrowany/);
  });

  it('a file over the page limit', async () => {
    const many = createPdfReader({ ...DEFAULTS, maxPages: 5 });
    try {
      expectValidationError(
        await failure(many.check(manyPages(6), 200 * MB)),
        /Plik ma 6 stron, a można wgrać najwyżej 5\./,
      );
      expect(await many.check(manyPages(5), 200 * MB)).toEqual({ pages: 5 });
    } finally {
      await many.close();
    }
  });
});

const TOO_COMPLEX = /^Plik PDF jest zbyt złożony — /;

describe('PDF reader: bombs stop at a limit, and the reader goes on', () => {
  const r = readerFor({ timeoutMs: 120_000, memoryMb: 128 });
  let good: Buffer;

  beforeAll(async () => {
    good = await printout([noticePage('L0001', nrb(1), 1, 1)]);
  });

  it('a stream that inflates to 300 MB stops at the memory limit for decoded data', async () => {
    const bomb = await inflationBomb(300);
    expect(bomb.length).toBeLessThan(4096);
    const error = await failure(r.reader.check(bomb, 200 * MB));
    expectValidationError(error, TOO_COMPLEX);
    expect((error as Error).message).toContain('więcej niż 128 MB pamięci (limit pamięci na jeden plik)');
    expect(await r.reader.check(good, 200 * MB)).toEqual({ pages: 1 });
  }, 180_000);

  it('an object stream that fills the heap ends its reading process, not this one', async () => {
    const bomb = await heapBomb(8);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = await failure(r.reader.split(bomb, [], 200 * MB));
    expectValidationError(error, TOO_COMPLEX);
    expect((error as Error).message).toContain('więcej niż 128 MB pamięci');
    expect(await r.reader.check(good, 200 * MB)).toEqual({ pages: 1 });
  }, 180_000);

  it('a form that draws itself is read once (the loop is cut), not forever', async () => {
    expect(await r.reader.check(selfDrawingForm(), 200 * MB)).toEqual({ pages: 1 });
  }, 180_000);

  it('arrays nested 200 000 deep are refused as a broken file', async () => {
    expectValidationError(await failure(r.reader.check(nestingBomb(200_000), 200 * MB)), /uszkodzony/);
    expectValidationError(await failure(r.reader.split(nestingBomb(200_000), [], 200 * MB)), /uszkodzony/);
  }, 180_000);

  it('thousands of pages drawing one heavy stream, and forms drawing forms, stop at the time limit', async () => {
    const quick = createPdfReader({ ...DEFAULTS, timeoutMs: 3000 });
    try {
      // Forms drawing forms, eight deep, ten times each: 10^8 words from 3 KB.
      for (const bomb of [await pageBomb(1000, 256), formBomb(8, 10)]) {
        expect(bomb.length).toBeLessThan(400 * 1024);
        const error = await failure(quick.check(bomb, 200 * MB));
        expectValidationError(error, TOO_COMPLEX);
        expect((error as Error).message).toContain('trwało dłużej niż 3 s (limit czasu na jeden plik)');
        expect(await quick.check(good, 200 * MB)).toEqual({ pages: 1 });
      }
    } finally {
      await quick.close();
    }
  }, 180_000);
});

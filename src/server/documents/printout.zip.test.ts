import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectValidationError, printout, thrown } from './printout.fixture.js';
import { readPdfZip } from './printout.js';

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

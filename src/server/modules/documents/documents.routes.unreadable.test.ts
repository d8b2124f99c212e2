import { randomBytes } from 'node:crypto';
import { zipSync } from 'fflate';
import PDFKit from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectError, upload } from '../../../../test/support/world.js';
import { counts, expectRejected, pdfFile, samplePdf, setupDocumentsApp, t, w } from './documents.routes.fixture.js';

/** Uploaded "PDFs" are read whole, not only sniffed: what only looks like a PDF is refused, saying what it is. */
setupDocumentsApp();

function encrypted(): Promise<Buffer> {
  const doc = new PDFKit({ pdfVersion: '1.7', userPassword: 'tajne', ownerPassword: 'bardzotajne' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.text('Lokal SMP-0003');
  doc.end();
  return done;
}

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>Błąd 500</title></head><body><h1>Błąd serwera</h1>%PDF-1.7</body></html>';

const MESSAGES = {
  html: 'Plik jest stroną internetową (HTML), a nie PDF-em — pobierz z systemu czynszowego właściwy plik PDF i wgraj go ponownie.',
  truncated:
    'Plik PDF jest niekompletny (urwany przy zapisie albo przesyłaniu) — zapisz go ponownie i wgraj jeszcze raz.',
  random: 'Plik PDF jest uszkodzony — nie da się go odczytać.',
  encrypted: 'Plik PDF jest zabezpieczony hasłem — zapisz go bez hasła i wgraj ponownie.',
};

describe('unreadable PDFs', () => {
  let kinds: Record<keyof typeof MESSAGES, Buffer>;
  let good: Buffer;

  beforeAll(async () => {
    good = await samplePdf('Nota odsetkowa nr NO/7/2026', ['Odsetki za zwłokę: 3,10 zł.']);
    kinds = {
      // A rent system's error page saved with a PDF header in front (it passes a sniff for "%PDF-").
      html: Buffer.from(`%PDF-1.7\n${HTML_PAGE}`),
      truncated: good.subarray(0, Math.floor(good.length * 0.7)),
      random: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(32 * 1024), Buffer.from('\n%%EOF\n')]),
      encrypted: await encrypted(),
    };
  });

  const fields = { type: 'sales_document', recipientKey: 'SMP-0003', period: '2026-05' };

  it('POST /api/documents/pdf refuses each kind with its own message, nothing stored', async () => {
    const before = await counts();
    for (const [kind, data] of Object.entries(kinds)) {
      const res = await upload(t, w.admin, '/api/documents/pdf', pdfFile(data, `${kind}.pdf`), fields);
      const error = expectError(res, 400, 'validation_failed', MESSAGES[kind as keyof typeof MESSAGES]);
      expect(error.fields, kind).toEqual([{ path: 'file', message: expect.any(String) }]);
    }
    expect(await counts()).toEqual(before);
    // The same route still takes a good file.
    expect((await upload(t, w.admin, '/api/documents/pdf', pdfFile(good), fields)).statusCode).toBe(201);
  }, 120_000);

  it('POST /api/documents/zip names each unreadable file with its reason, nothing stored', async () => {
    const before = await counts();
    const zip = zipSync({
      'SMP-0001.pdf': good,
      'SMP-0002.pdf': kinds.html,
      'SMP-0003.pdf': kinds.truncated,
      'WMD-0001.pdf': kinds.random,
      'WMD-0002.pdf': kinds.encrypted,
      // An HTML page without a PDF header, with "%PDF-" in its first kilobyte (the archive's sniff lets it by).
      'WMD-0003.pdf': Buffer.from(HTML_PAGE),
    });
    const rows = await expectRejected(() =>
      upload(
        t,
        w.admin,
        '/api/documents/zip',
        { filename: 'pliki.zip', contentType: 'application/zip', data: zip },
        {
          type: 'fee_notice',
          period: '2026-05',
        },
      ),
    );
    expect(rows).toEqual([
      { line: 1, key: 'SMP-0002.pdf', path: 'file', message: MESSAGES.html },
      { line: 2, key: 'SMP-0003.pdf', path: 'file', message: MESSAGES.truncated },
      { line: 3, key: 'WMD-0001.pdf', path: 'file', message: MESSAGES.random },
      { line: 4, key: 'WMD-0002.pdf', path: 'file', message: MESSAGES.encrypted },
      { line: 5, key: 'WMD-0003.pdf', path: 'file', message: MESSAGES.html },
    ]);
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('a plain HTML page (no PDF header) is named as such on /pdf and /printout too, before any reading', async () => {
    const page = pdfFile(Buffer.from(HTML_PAGE), 'zawiadomienie.pdf');
    expectError(await upload(t, w.admin, '/api/documents/pdf', page, fields), 400, 'validation_failed', MESSAGES.html);
    expectError(
      await upload(t, w.admin, '/api/documents/printout', page, { type: 'fee_notice', period: '2026-05' }),
      400,
      'validation_failed',
      MESSAGES.html,
    );
  });

  it('POST /api/documents/printout says the same', async () => {
    const before = await counts();
    for (const [kind, data] of Object.entries(kinds)) {
      const res = await upload(t, w.admin, '/api/documents/printout', pdfFile(data, `${kind}.pdf`), {
        type: 'fee_notice',
        period: '2026-05',
      });
      expectError(res, 400, 'validation_failed', MESSAGES[kind as keyof typeof MESSAGES]);
    }
    expect(await counts()).toEqual(before);
  }, 120_000);
});

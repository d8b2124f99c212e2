import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../../../test/support/pdf.js';
import type { ReceiptData } from './receipt.js';
import { createReceiptRenderer } from './receipt-pool.js';

const data: ReceiptData = {
  messageId: '01900000-0000-7000-8000-00000000000a',
  messageIdHeader: '<01900000-0000-7000-8000-00000000000a@czynsze.example.pl>',
  account: {
    name: 'Czynsze',
    fromName: 'Spółdzielnia „Przyszłość”',
    fromAddress: 'czynsze@example.pl',
    host: 'smtp.example.pl',
  },
  to: { name: 'Żaneta Łukasik', address: 'zaneta@example.pl' },
  envelopeFrom: 'zwroty@example.pl',
  subject: 'Zawiadomienie o wysokości opłat — lokal 12',
  sentAt: '2026-04-01T08:00:00.000Z',
  smtpResponse: '250 2.0.0 Ok: queued as 4XyZ',
  smtpQueueId: '4XyZ',
  eml: { sha256: 'a'.repeat(64), size: 101_234 },
  attachments: [{ filename: 'zawiadomienie.pdf', sha256: 'b'.repeat(64), size: 70_000 }],
  attempts: [{ startedAt: '2026-04-01T07:59:59.000Z', outcome: 'sent', response: '250 2.0.0 Ok: queued as 4XyZ' }],
  feedback: [],
  generatedAt: '2026-04-02T10:00:00.000Z',
};

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const threaded = createReceiptRenderer(2);
const here = createReceiptRenderer(0);
afterAll(async () => {
  await threaded.close();
  await here.close();
});

describe('receipts drawn away from the request thread', () => {
  it('are the same receipt as one drawn on the calling thread, Polish letters and all', async () => {
    const [fromThread, fromHere] = await Promise.all([threaded.render(data), here.render(data)]);
    expect(fromThread.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(fromThread);
    expect(text).toBe(pdfText(fromHere));
    expect(text).toContain('Potwierdzenie wysyłki wiadomości e-mail');
    expect(text).toContain('Żaneta Łukasik');
    expect(text).toContain('a'.repeat(64));
  });

  it('keep every letter copyable, whatever receipts the same thread drew before', { timeout: 60_000 }, async () => {
    // "Ż" is drawn from the glyph of "Z". With the fonts parsed once and shared between receipts, a receipt that had
    // "Ż" and no "Z" cached that glyph without its letter, and every later receipt of the thread read " awiadomienie"
    // in pdftotext (tenants and courts copy from it). Each receipt parses its own fonts; a fresh process shows it.
    const first: ReceiptData = {
      ...data,
      subject: 'Żółć',
      to: { name: 'Żaneta', address: 'zaneta@example.pl' },
      smtpResponse: '250 Ok',
      smtpQueueId: null,
      attempts: [{ startedAt: '2026-04-01T07:59:59.000Z', outcome: 'sent', response: '250 Ok' }],
    };
    const script = [
      `import { renderReceipt } from './src/server/modules/delivery/receipt.ts';`,
      `await renderReceipt(${JSON.stringify(first)});`,
      `process.stdout.write((await renderReceipt(${JSON.stringify(data)})).toString('base64'));`,
    ].join('\n');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: ROOT, timeout: 50_000, maxBuffer: 10 * 1024 * 1024 },
    );
    const text = pdfText(Buffer.from(stdout, 'base64'));
    expect(text).toContain('Zawiadomienie o wysokości opłat — lokal 12');
    expect(text).toContain('queued as 4XyZ');
  });

  it('keep the request thread free while they are drawn', async () => {
    await threaded.render(data); // the thread started and warm
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await Promise.all(Array.from({ length: 6 }, () => threaded.render(data)));
    } finally {
      clearInterval(timer);
    }
    // Drawn here, six receipts would hold this thread for their whole time and no timer could fire in between.
    expect(ticks).toBeGreaterThan(3);
  });
});

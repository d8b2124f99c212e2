import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import {
  createDeliveryWorld,
  type DeliveryWorld,
  expectPdf,
  messageDetail,
  pdfText,
  qpdfCheck,
  untilStatus,
  withWorker,
} from '../../../../test/support/delivery.js';
import {
  autoReply,
  complaintReport,
  deliveryReport,
  type Original,
  readReceipt,
  tenantReply,
} from '../../../../test/support/feedback-reports.js';
import { expectError, expectFieldError, expectStatus } from '../../../../test/support/world.js';
import { createReportClassifier } from '../../feedback/classifier-port.js';
import type { FeedbackSink } from '../../feedback/ports.js';
import { newId } from '../../lib/ids.js';

/**
 * The receipt carries the feedback recorded after sending (issue 12, D52): each event with its Polish time, what it
 * means, who reported it and the SHA-256 of the report as kept; the kept report downloads beside the proof .eml.
 * Sent through a real SMTP sink; the reports go through the real classifier and the event sink.
 */
let dw: DeliveryWorld;
let sink: FeedbackSink;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const flat = (s: string) => s.replace(/\s+/g, ' ');

async function sentMessage(to: string): Promise<Original> {
  const { w, h } = dw;
  const draft = expectStatus(
    await call(h.t, w.clerkA, 'POST', '/api/messages', {
      accountId: w.accountA,
      toName: 'Łucja Żółkiewska',
      toAddress: to,
      subject: 'Zawiadomienie o wysokości opłat — Źródlana',
      text: 'Szanowna Pani, w załączeniu zawiadomienie.',
    }),
    201,
  );
  expectStatus(await call(h.t, w.clerkA, 'POST', `/api/messages/${draft.id}/queue`, {}), 200);
  await withWorker(h, () => untilStatus(dw, w.clerkA, draft.id, 'sent'));
  return { id: draft.id, messageIdHeader: draft.messageIdHeader, to };
}

/** One report through the real classifier into the event sink, received at `at`; returns the event id. */
async function feed(raw: Buffer, at: string) {
  const d = await createReportClassifier().classify(raw);
  const id = newId();
  await sink.record({
    id,
    mailboxId: 'mb',
    folder: 'INBOX',
    uid: 1,
    messageId: null,
    sha256: null,
    size: raw.length,
    kind: d.kind,
    targetFolder: d.folder,
    receivedAt: new Date(at),
    details: d.details ?? {},
    raw,
  });
  return id;
}

beforeAll(async () => {
  dw = await createDeliveryWorld();
  sink = dw.h.t.container.createFeedbackEventSink(async () => [dw.w.accountA]);
});
afterAll(() => dw?.h.close());

describe('the receipt with feedback that came later (D52)', () => {
  let o: Original;
  const raws: Record<string, Buffer> = {};
  const events: Record<string, string> = {};

  beforeAll(async () => {
    o = await sentMessage('lucja.zolkiewska@example.pl');
    const returnPath = 'zwrotne.czynsze@zarzadca.example.pl';
    raws.read = readReceipt(o, { returnPath });
    raws.auto = autoReply(o);
    raws.reply = tenantReply(o, { text: 'Dziękuję, zapłacę w piątek.' });
    raws.soft = deliveryReport(o, {
      returnPath,
      status: '4.2.2',
      action: 'failed',
      diag: '452 4.2.2 <lucja.zolkiewska@example.pl>: Mailbox full',
    });
    raws.complaint = complaintReport(o, { returnPath });
    raws.hard = deliveryReport(o, {
      returnPath,
      status: '5.1.1',
      diag: '550 5.1.1 <lucja.zolkiewska@example.pl>: Recipient address rejected: User unknown',
    });
    // Winter and summer: Polish time is UTC+1 in December, UTC+2 in July.
    events.read = await feed(raws.read, '2026-12-06T09:15:00.000Z');
    events.auto = await feed(raws.auto, '2026-12-06T09:20:00.000Z');
    events.reply = await feed(raws.reply, '2026-12-06T09:30:00.000Z');
    events.soft = await feed(raws.soft, '2026-12-06T09:40:00.000Z');
    events.complaint = await feed(raws.complaint, '2026-12-06T09:50:00.000Z');
    events.hard = await feed(raws.hard, '2027-07-01T08:05:00.000Z');
  });

  it('every event is in "Informacje zwrotne" in order, with its Polish time, meaning, reporter and report hash', async () => {
    const m = await messageDetail(dw, dw.w.clerkA, o.id);
    expect(m.status).toBe('bounced');
    expect(m.feedback.map((e: { kind: string }) => e.kind)).toEqual([
      'read_receipt',
      'auto_reply',
      'reply',
      'soft_bounce',
      'complaint',
      'hard_bounce',
    ]);
    const pdf = expectPdf(await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${o.id}/receipt.pdf`));
    expect(qpdfCheck(pdf)).toMatch(/No syntax or stream encoding errors found/);
    if (process.env.RECEIPT_DUMP) (await import('node:fs')).writeFileSync(process.env.RECEIPT_DUMP, pdf);
    const text = pdfText(pdf);
    const section = flat(text.slice(text.indexOf('Informacje zwrotne')));
    const entries = [
      '1. 06.12.2026, 10:15:00 (czas polski) — Przeczytano Adresat otworzył wiadomość. Zgłosił: Thunderbird 128.5.0',
      '2. 06.12.2026, 10:20:00 (czas polski) — Autoodpowiedź — dotarła do skrzynki Automatyczna odpowiedź — wiadomość dotarła do skrzynki.',
      '3. 06.12.2026, 10:30:00 (czas polski) — Otrzymano odpowiedź adresata Adresat odpowiedział. Nadawca raportu: Jan Kowalski <lucja.zolkiewska@example.pl>',
      '4. 06.12.2026, 10:40:00 (czas polski) — Zwrot przejściowy Skrzynka adresata jest pełna. Zgłosił: mx.zarzadca.example.pl',
      '5. 06.12.2026, 10:50:00 (czas polski) — Skarga na spam Adresat zgłosił wiadomość jako spam. Zgłosił: fbl.poczta.example.pl',
      '6. 01.07.2027, 10:05:00 (czas polski) — Zwrócona Skrzynka adresata nie istnieje. Zgłosił: mx.zarzadca.example.pl',
    ];
    let at = 0;
    for (const entry of entries) {
      const found = section.indexOf(entry, at);
      expect(found, `${entry}\n--- in ---\n${section}`).toBeGreaterThanOrEqual(at);
      at = found;
    }
    expect(section).toContain(
      'Odpowiedź serwera: 550 5.1.1 <lucja.zolkiewska@example.pl>: Recipient address rejected: User unknown',
    );
    expect(section).toContain('Odpowiedź serwera: 452 4.2.2 <lucja.zolkiewska@example.pl>: Mailbox full');
    expect(section).toContain('Nadawca raportu: Mail Delivery System <MAILER-DAEMON@mx.zarzadca.example.pl>');
    expect(section).toContain('Temat: Jestem na urlopie');
    expect(section).toContain('Temat: Potwierdzenie odczytu (wyświetlenia) - Zawiadomienie');
    for (const [name, raw] of Object.entries(raws)) {
      expect(section, name).toContain(`SHA-256: ${sha256(raw)}`);
    }
    expect(section).toContain('każdą przechowujemy w niezmienionej postaci');
  });

  it('the kept report of the bounce downloads exactly as it came, beside the proof', async () => {
    const res = await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${o.id}/feedback/${events.hard}/eml`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('message/rfc822');
    expect(res.headers['content-disposition']).toContain(
      `attachment; filename="raport-hard-bounce-${events.hard}.eml"`,
    );
    expect(res.rawPayload.equals(raws.hard as Buffer)).toBe(true);
  });

  it('the report download is authorised like the proof: another position 403, another message’s event 404', async () => {
    const url = `/api/messages/${o.id}/feedback/${events.hard}/eml`;
    expectError(await call(dw.h.t, dw.w.clerkB, 'GET', url), 403, 'forbidden');
    expectError(await call(dw.h.t, dw.w.clerkB, 'GET', `/api/messages/${o.id}/eml`), 403, 'forbidden');
    const other = await sentMessage('inny.lokator@example.pl');
    expectError(
      await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${other.id}/feedback/${events.hard}/eml`),
      404,
      'not_found',
      /Nie znaleziono tej informacji zwrotnej/,
    );
    expectStatus(await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${o.id}/feedback/nie-uuid/eml`), 400);
    expectFieldError(
      await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/42/feedback/${events.hard}/eml`),
      'params.id',
      'Nieprawidłowy identyfikator.',
    );
    expectError(await call(dw.h.t, null, 'GET', url), 401, 'unauthenticated');

    const pdf = expectPdf(await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${other.id}/receipt.pdf`));
    const text = flat(pdfText(pdf));
    expect(text).toContain(
      'Informacje zwrotne Do chwili wygenerowania potwierdzenia nie otrzymano żadnych informacji zwrotnych.',
    );
    expect(text).not.toContain('Zwrócona');
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Session } from '../../../../test/support/app.js';
import {
  auditOf,
  createDeliveryWorld,
  type DeliveryWorld,
  expectPdf,
  messageDetail,
  pdfText,
  qpdfCheck,
  reject550,
  sleep,
  untilStatus,
  withWorker,
} from '../../../../test/support/delivery.js';
import { expectError, expectStatus, upload } from '../../../../test/support/world.js';

/**
 * Delivery end to end through the HTTP API, with a worker sending to a real SMTP sink on 127.0.0.1: what the
 * server receives, the proof of sending (.eml, PDF receipt), resends after a failure, cancelling and scheduling.
 */
let dw: DeliveryWorld;

const SUBJECT = 'Zawiadomienie o wysokości opłat — Źródlana';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function newDraft(toAddress: string, extra: Record<string, unknown> = {}, session?: Session) {
  const { w } = dw;
  const res = await call(dw.h.t, session ?? w.clerkA, 'POST', '/api/messages', {
    accountId: session === w.clerkB ? w.accountB : w.accountA,
    toName: 'Żaneta Łęcka',
    toAddress,
    subject: SUBJECT,
    text: 'Szanowna Pani, w załączeniu zawiadomienie o nowej wysokości opłat.',
    ...extra,
  });
  return expectStatus(res, 201).id as string;
}

async function queue(ids: string[], extra: Record<string, unknown> = {}, session?: Session) {
  const res = await call(dw.h.t, session ?? dw.w.clerkA, 'POST', '/api/messages/queue', {
    selection: { ids },
    ...extra,
  });
  return expectStatus(res, 200);
}

const received = (address: string) => dw.h.sink.received.filter((r) => r.rcpt === address);
const detail = (id: string) => messageDetail(dw, dw.w.clerkA, id);

async function suppressed(address: string) {
  const rows = await dw.h.t.container.db
    .selectFrom('suppressions')
    .select('address')
    .where('address', '=', address)
    .execute();
  return rows.length > 0;
}

beforeAll(async () => {
  dw = await createDeliveryWorld();
});
afterAll(() => dw?.h.close());

describe('sending: a queued message goes out and can be proven', () => {
  const to = 'zaneta.lecka@example.pl';
  const PDF = { filename: 'Zawiadomienie — Łódź.pdf', contentType: 'application/pdf', data: randomBytes(2048) };
  let id: string;
  let frozen: Buffer;

  beforeAll(async () => {
    id = await newDraft(to);
    expectStatus(await upload(dw.h.t, dw.w.clerkA, `/api/messages/${id}/attachments`, PDF), 201);
    expect(await queue([id])).toEqual({ matched: 1, changed: 1, skipped: 0, held: 0 });
    frozen = (await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${id}/eml`)).rawPayload;
    // A change to the account after queueing must not reach what is sent.
    expectStatus(
      await call(dw.h.t, dw.w.admin, 'PATCH', `/api/accounts/${dw.w.accountA}`, {
        fromName: 'Nazwa zmieniona po kolejce',
      }),
      200,
    );
    await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, id, 'sent'));
  });

  it('the server received the frozen bytes once, from the account’s envelope sender', async () => {
    const copies = received(to);
    expect(copies).toHaveLength(1);
    expect(copies[0]?.mailFrom).toBe('zwrotne.czynsze@zarzadca.example.pl');
    expect(sha256(copies[0]?.raw as Buffer)).toBe((await detail(id)).eml.sha256);
    expect(copies[0]?.raw.equals(frozen)).toBe(true);
    const parsed = await simpleParser(copies[0]?.raw as Buffer);
    expect(parsed.subject).toBe(SUBJECT);
    expect(parsed.from?.text).not.toContain('zmieniona');
    expect(parsed.attachments[0]?.filename).toBe(PDF.filename);
  });

  it('the detail shows the server’s acceptance and the attempt', async () => {
    const m = await detail(id);
    expect(m).toMatchObject({
      status: 'sent',
      mailbox: 'sent',
      sentAt: expect.any(String),
      smtpResponse: expect.stringMatching(/^250 /),
      smtpQueueId: expect.stringMatching(/^Q\d+$/),
      lastError: null,
      attemptsMade: 1,
    });
    expect(m.attempts).toEqual([
      expect.objectContaining({ series: 0, attemptNo: 1, accountId: dw.w.accountA, outcome: 'sent', smtpCode: 250 }),
    ]);
    expect((await auditOf(dw, id)).map((a) => a.action)).toEqual([
      'message.create',
      'message.attachment_add',
      'message.queue',
    ]);
  });

  it('the receipt is a valid PDF naming the recipient, the Polish subject, the .eml hash and the 250 reply', async () => {
    const res = await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${id}/receipt.pdf`);
    const pdf = expectPdf(res);
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="potwierdzenie-wysylki-${id}.pdf"; filename*=UTF-8''potwierdzenie-wysylki-${id}.pdf`,
    );
    const m = await detail(id);
    const text = pdfText(pdf);
    expect(text).toContain('Potwierdzenie wysyłki');
    expect(text).toContain(to);
    expect(text).toContain(SUBJECT);
    expect(text).toContain('Żaneta Łęcka');
    expect(text).toContain(m.eml.sha256);
    expect(text).toContain(m.smtpResponse);
    expect(text).toMatch(/Odpowiedź serwera SMTP\s+250 /);
    expect(text).toContain(m.smtpQueueId);
    // A long Message-ID may wrap at the column's edge.
    expect(text.replace(/\s+/g, '')).toContain(m.messageIdHeader);
    expect(text).toContain(PDF.filename);
    expect(text).toContain(sha256(PDF.data));
    // The sender as it was sent, not as the account was renamed afterwards.
    expect(text).toMatch(/Nadawca\s+Biuro — Czynsze SMTP <czynsze@zarzadca\.example\.pl>/);
    expect(text).not.toContain('zmieniona');
    expect(qpdfCheck(pdf)).toMatch(/No syntax or stream encoding errors found/);
  });
});

describe('sending: resend after a rejected address', () => {
  const to = 'nieznany.lokator@example.pl';
  let id: string;

  beforeAll(async () => {
    dw.behaviours.set(to, (n) => (n === 1 ? reject550(to) : { kind: 'accept' }));
    id = await newDraft(to);
    await queue([id]);
    await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, id, 'failed'));
  });

  it('the 550 failed the message and put the address on the suppression list', async () => {
    expect(await detail(id)).toMatchObject({
      status: 'failed',
      mailbox: 'failed',
      lastError: expect.stringContaining('550'),
      errorHint: expect.stringMatching(/Adres odbiorcy nie istnieje/),
    });
    expect(await suppressed(to)).toBe(true);
    expect(received(to)).toHaveLength(0);
    expectError(
      await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${id}/receipt.pdf`),
      409,
      'conflict',
      /dopiero po przyjęciu/,
    );
  });

  it('POST /:id/resend makes a new message (own Message-ID), lifts the suppression, and it is sent', async () => {
    const res = await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${id}/resend`);
    const result = expectStatus(res, 200);
    expect(result).toEqual({ matched: 1, changed: 1, skipped: 0, held: 0, created: [expect.any(String)] });
    const copyId = result.created[0] as string;
    // The original keeps its failure and its attempt; the new message carries the retry.
    expect(await detail(id)).toMatchObject({ status: 'failed', mailbox: 'failed', series: 0 });
    expect(await detail(copyId)).toMatchObject({
      status: 'queued',
      mailbox: 'outbox',
      series: 0,
      parent: { id, kind: 'resend' },
    });
    expect(await suppressed(to)).toBe(false);
    const audit = (await auditOf(dw, id)).filter((a) => a.action === 'message.resend');
    expect(audit).toEqual([
      {
        action: 'message.resend',
        actorId: dw.w.clerkAId,
        details: {
          previousStatus: 'failed',
          newMessageId: copyId,
          messageIdHeader: expect.stringContaining(copyId),
          to,
        },
      },
    ]);
    expect((await auditOf(dw, to)).map((a) => a.action)).toEqual(['suppression.remove']);

    const sent = await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, copyId, 'sent'));
    expect(sent.attempts.map((a: { outcome: string; smtpCode: number }) => [a.outcome, a.smtpCode])).toEqual([
      ['sent', 250],
    ]);
    expect((await detail(id)).attempts.map((a: { smtpCode: number }) => a.smtpCode)).toEqual([550]);
    // The first attempt was refused at RCPT TO: the server holds exactly one copy, with the new Message-ID.
    expect(received(to)).toHaveLength(1);
    expect(received(to)[0]?.messageId).toBe(sent.messageIdHeader);
    expect(dw.h.sink.attempts.get(to)).toBe(2);
  });

  it('a message that is still waiting cannot be resent (skipped)', async () => {
    const waiting = await newDraft('czeka@example.pl');
    await queue([waiting], { sendAt: new Date(Date.now() + 3_600_000).toISOString() });
    const res = await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${waiting}/resend`);
    expect(expectStatus(res, 200)).toEqual({ matched: 1, changed: 0, skipped: 1, held: 0, created: [] });
    expectStatus(
      await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages/cancel', { selection: { ids: [waiting] } }),
      200,
    );
  });
});

describe('sending: bulk resend of the failed mailbox', () => {
  const addresses = ['pierwszy.blad@example.pl', 'drugi.blad@example.pl'];
  let ids: string[];
  let foreign: string;

  beforeAll(async () => {
    for (const a of [...addresses, 'obcy.blad@example.pl'])
      dw.behaviours.set(a, (n) => (n === 1 ? reject550(a) : { kind: 'accept' }));
    ids = [await newDraft(addresses[0] as string), await newDraft(addresses[1] as string)];
    await queue(ids);
    foreign = await newDraft('obcy.blad@example.pl', {}, dw.w.clerkB);
    await queue([foreign], {}, dw.w.clerkB);
    await withWorker(dw.h, async () => {
      for (const id of ids) await untilStatus(dw, dw.w.clerkA, id, 'failed');
      await untilStatus(dw, dw.w.clerkB, foreign, 'failed');
    });
  });

  it('a dry run counts the clerk’s failed messages and changes nothing', async () => {
    // The failed message resent above stays in Nieudane (its copy went out): the filter names these two.
    const res = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages/resend', {
      selection: { filter: { mailbox: 'failed', q: 'blad' } },
      dryRun: true,
    });
    expect(expectStatus(res, 200)).toEqual({ matched: 2, changed: 2, skipped: 0, held: 0, created: [] });
    for (const id of ids) expect(await detail(id)).toMatchObject({ status: 'failed', series: 0, children: [] });
    for (const a of addresses) expect(await suppressed(a)).toBe(true);
    for (const id of ids) expect((await auditOf(dw, id)).map((a) => a.action)).not.toContain('message.resend');
  });

  it('the real run makes a new message for each, the worker sends them; the other position’s stays failed', async () => {
    // The failed message resent above stays in Nieudane (its copy went out): the filter names these two.
    const res = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages/resend', {
      selection: { filter: { mailbox: 'failed', q: 'blad' } },
    });
    const result = expectStatus(res, 200);
    expect(result).toMatchObject({ matched: 2, changed: 2, skipped: 0, held: 0 });
    expect(result.created).toHaveLength(2);
    for (const id of ids) expect(await detail(id)).toMatchObject({ status: 'failed', series: 0 });
    await withWorker(dw.h, async () => {
      for (const copy of result.created) await untilStatus(dw, dw.w.clerkA, copy, 'sent');
    });
    for (const a of addresses) expect(received(a)).toHaveLength(1);
    for (const id of ids) {
      const audit = (await auditOf(dw, id)).find((a) => a.action === 'message.resend');
      expect(audit?.details).toMatchObject({ previousStatus: 'failed', newMessageId: expect.any(String) });
    }
    expect((await messageDetail(dw, dw.w.clerkB, foreign)).status).toBe('failed');
    expect(received('obcy.blad@example.pl')).toHaveLength(0);
  });
});

describe('sending: cancel and schedule', () => {
  it('cancelled messages are never sent by a worker started afterwards', async () => {
    const addresses = ['anulowany1@example.pl', 'anulowany2@example.pl', 'anulowany3@example.pl'];
    const ids: string[] = [];
    for (const a of addresses) ids.push(await newDraft(a));
    await queue(ids);
    const selection = { ids };
    const dry = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages/cancel', { selection, dryRun: true });
    expect(expectStatus(dry, 200)).toEqual({ matched: 3, changed: 3, skipped: 0, held: 0 });
    for (const id of ids) expect((await detail(id)).status).toBe('queued');
    const res = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages/cancel', { selection });
    expect(expectStatus(res, 200)).toEqual({ matched: 3, changed: 3, skipped: 0, held: 0 });
    await withWorker(dw.h, async () => {
      await sleep(400);
      await dw.h.settle(5_000);
    });
    for (const id of ids) {
      expect(await detail(id)).toMatchObject({ status: 'cancelled', mailbox: 'cancelled', attempts: [] });
      const audit = (await auditOf(dw, id)).filter((a) => a.action === 'message.cancel');
      expect(audit).toEqual([
        { action: 'message.cancel', actorId: dw.w.clerkAId, details: { previousStatus: 'queued' } },
      ]);
    }
    for (const a of addresses) expect(received(a)).toHaveLength(0);
    const again = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages/cancel', { selection });
    expect(expectStatus(again, 200)).toEqual({ matched: 3, changed: 0, skipped: 3, held: 0 });
  });

  it('a message scheduled 2 s ahead waits, then goes out', async () => {
    const to = 'zaplanowany@example.pl';
    const id = await newDraft(to);
    const sendAt = new Date(Date.now() + 2_000);
    expect(await queue([id], { sendAt: sendAt.toISOString() })).toMatchObject({ changed: 1 });
    expect(await detail(id)).toMatchObject({ status: 'queued', sendAt: sendAt.toISOString() });
    await withWorker(dw.h, async () => {
      await sleep(1_000);
      expect((await detail(id)).status).toBe('queued');
      expect(received(to)).toHaveLength(0);
      const sent = await untilStatus(dw, dw.w.clerkA, id, 'sent', 5_000);
      expect(new Date(sent.sentAt).getTime()).toBeGreaterThanOrEqual(sendAt.getTime());
    });
    expect(received(to)).toHaveLength(1);
    const audit = (await auditOf(dw, id)).find((a) => a.action === 'message.queue');
    expect(audit?.details).toMatchObject({ sendAt: sendAt.toISOString() });
  });
});

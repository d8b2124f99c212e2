import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import {
  auditOf,
  createDeliveryWorld,
  type DeliveryWorld,
  untilStatus,
  withWorker,
} from '../../../../test/support/delivery.js';
import { feedReply, tenantMail } from '../../../../test/support/inbox.js';
import { insertFeedbackMailbox } from '../../../../test/support/triage-world.js';
import { expectError, expectFieldError, expectStatus } from '../../../../test/support/world.js';
import type { FeedbackSink } from '../../feedback/ports.js';

/**
 * Odebrane (D49) through the API, with a worker sending to a real SMTP sink: a tenant's reply to a sent message is
 * fed through the real classifier and sink; it is listed and opened per position and read per user; Odpowiedz and
 * Przekaż make new messages from the same account that the worker sends, with the threading headers and files.
 */
let dw: DeliveryWorld;
let sink: FeedbackSink;
let sentId: string;
let sentHeader: string;
let replyId: string;
let tenantId: string;
const TENANT = 'jan.kowalski@poczta.example.pl';
const PDF = Buffer.from('%PDF-1.4\n% zdjęcie licznika\n');

const t = () => dw.h.t;
const count = async (table: 'messages' | 'message_attachments') =>
  Number(
    (
      await t()
        .container.db.selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  dw = await createDeliveryWorld();
  const { w } = dw;
  sink = t().container.createFeedbackEventSink(async () => [w.accountA]);
  const draft = await call(t(), w.clerkA, 'POST', '/api/messages', {
    accountId: w.accountA,
    toName: 'Jan Kowalski',
    toAddress: TENANT,
    subject: 'Zawiadomienie o wysokości opłat',
    text: 'Szanowny Panie, w załączeniu zawiadomienie.',
  });
  sentId = expectStatus(draft, 201).id;
  expectStatus(await call(t(), w.clerkA, 'POST', `/api/messages/${sentId}/queue`), 200);
  sentHeader = (await withWorker(dw.h, () => untilStatus(dw, w.clerkA, sentId, 'sent'))).messageIdHeader;
  const mail = await tenantMail({
    from: TENANT,
    inReplyTo: sentHeader,
    references: ['<starszy@poczta.example.pl>', sentHeader],
    text: 'Dzień dobry, pralka przecieka od wczoraj. Zdjęcie licznika w załączniku.',
    html: '<p>Dzień dobry, <b>pralka</b> przecieka.</p><script>alert(1)</script><img src=x onerror=alert(2)>',
    attachments: [{ filename: 'licznik.pdf', content: PDF, contentType: 'application/pdf' }],
  });
  tenantId = mail.messageId;
  replyId = await feedReply(t(), sink, mail.raw);
});
afterAll(() => dw?.h.close());

describe('Odebrane: list, scope, read per user', () => {
  it('the clerk of the position sees the reply unread; a clerk of another position does not', async () => {
    const { w } = dw;
    const page = expectStatus(await call(t(), w.clerkA, 'GET', '/api/inbox'), 200);
    expect(page.items).toEqual([
      expect.objectContaining({ id: replyId, messageId: sentId, fromAddress: TENANT, readAt: null, answeredAt: null }),
    ]);
    expect(expectStatus(await call(t(), w.clerkB, 'GET', '/api/inbox'), 200).items).toEqual([]);
    expectError(await call(t(), w.clerkB, 'GET', `/api/inbox/${replyId}`), 403, 'forbidden', /innego stanowiska/);
    expectError(await call(t(), w.clerkB, 'POST', `/api/inbox/${replyId}/read`), 403, 'forbidden');
    expect(expectStatus(await call(t(), w.clerkB, 'GET', '/api/inbox/counts'), 200)).toEqual({ unread: 0, total: 0 });
    const byMessage = expectStatus(await call(t(), w.admin, 'GET', `/api/inbox?messageId=${sentId}`), 200);
    expect(byMessage.items.map((i: { id: string }) => i.id)).toEqual([replyId]);
  });

  it('opening marks it read for that user only; "unread" again brings it back', async () => {
    const { w } = dw;
    expect(expectStatus(await call(t(), w.clerkA, 'GET', '/api/inbox/counts'), 200)).toEqual({ unread: 1, total: 1 });
    const d = expectStatus(await call(t(), w.clerkA, 'GET', `/api/inbox/${replyId}`), 200);
    expect(d.readAt).not.toBeNull();
    expect(expectStatus(await call(t(), w.clerkA, 'GET', '/api/inbox/counts'), 200).unread).toBe(0);
    expect(expectStatus(await call(t(), w.admin, 'GET', '/api/inbox/counts'), 200).unread).toBe(1);
    const unreadOnly = expectStatus(await call(t(), w.clerkA, 'GET', '/api/inbox?filter=unread'), 200);
    expect(unreadOnly.items).toEqual([]);
    expectStatus(await call(t(), w.clerkA, 'POST', `/api/inbox/${replyId}/unread`), 204);
    expect(expectStatus(await call(t(), w.clerkA, 'GET', '/api/inbox/counts'), 200).unread).toBe(1);
    expect(expectStatus(await call(t(), w.clerkA, 'GET', '/api/inbox?q=PRALKA'), 200).items).toHaveLength(1);
    expect(expectStatus(await call(t(), w.clerkA, 'GET', '/api/inbox?q=lodówka'), 200).items).toHaveLength(0);
  });

  it('the detail: sender, original, sanitised HTML, the attachment downloadable', async () => {
    const d = expectStatus(await call(t(), dw.w.clerkA, 'GET', `/api/inbox/${replyId}`), 200);
    expect(d).toMatchObject({
      fromAddress: TENANT,
      fromName: 'Jan Kowalski',
      subject: 'Re: Zawiadomienie o wysokości opłat',
      original: { id: sentId, subject: 'Zawiadomienie o wysokości opłat', toAddress: TENANT, status: 'sent' },
      attachments: [{ index: 0, filename: 'licznik.pdf', contentType: 'application/pdf', size: PDF.length }],
      thread: [],
      truncated: false,
    });
    expect(d.text).toContain('pralka przecieka');
    expect(d.html).toContain('<b>pralka</b>');
    expect(d.html).not.toMatch(/script|onerror/);
    const file = await call(t(), dw.w.clerkA, 'GET', `/api/inbox/${replyId}/attachments/0`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expectStatus(await call(t(), dw.w.clerkA, 'GET', `/api/inbox/${replyId}/attachments/1`), 404);
    expectStatus(await call(t(), dw.w.clerkB, 'GET', `/api/inbox/${replyId}/attachments/0`), 403);
  });
});

describe('Odpowiedz and Przekaż through the outbox', () => {
  it('bad input is refused in Polish and nothing is stored', async () => {
    const { w } = dw;
    const before = [await count('messages'), await count('message_attachments')];
    expectFieldError(
      await call(t(), w.clerkA, 'POST', `/api/inbox/${replyId}/reply`, { text: '   ' }),
      'text',
      /treść/,
    );
    expectFieldError(
      await call(t(), w.clerkA, 'POST', `/api/inbox/${replyId}/forward`, { toAddress: 'dział techniczny' }),
      'toAddress',
      /adres/i,
    );
    expectFieldError(
      await call(t(), w.clerkA, 'POST', `/api/inbox/${replyId}/forward`, {
        toAddress: 'techniczny@zarzadca.example.pl',
        toName: 'Dział\r\nBcc: obcy@example.com',
      }),
      'toName',
      /niewidoczny znak/,
    );
    expectError(
      await call(t(), w.clerkB, 'POST', `/api/inbox/${replyId}/reply`, { text: 'Nie moje.' }),
      403,
      'forbidden',
    );
    expect([await count('messages'), await count('message_attachments')]).toEqual(before);
  });

  it('a reply goes from the same account to the tenant, threaded, and is sent by the worker', async () => {
    const { w } = dw;
    const res = await call(t(), w.clerkA, 'POST', `/api/inbox/${replyId}/reply`, {
      text: 'Dzień dobry, hydraulik przyjdzie jutro o 10.',
    });
    const sent = expectStatus(res, 201);
    expect(sent.status).toBe('queued');
    const m = await withWorker(dw.h, () => untilStatus(dw, w.clerkA, sent.messageId, 'sent'));
    expect(m).toMatchObject({
      accountId: w.accountA,
      toAddress: TENANT,
      subject: 'Re: Zawiadomienie o wysokości opłat',
    });
    const got = dw.h.sink.received.filter((r) => r.rcpt === TENANT).at(-1);
    const eml = await simpleParser(got!.raw);
    expect(eml.from?.value[0]?.address).toBe('czynsze@zarzadca.example.pl');
    expect(eml.subject).toBe('Re: Zawiadomienie o wysokości opłat');
    expect(eml.inReplyTo).toBe(tenantId);
    expect(eml.references).toEqual(['<starszy@poczta.example.pl>', sentHeader, tenantId]);
    expect(eml.text).toContain('hydraulik przyjdzie jutro');
    expect(eml.text).toMatch(/pisze:\n> Dzień dobry, pralka przecieka/);
    const d = expectStatus(await call(t(), w.clerkA, 'GET', `/api/inbox/${replyId}`), 200);
    expect(d.answeredAt).not.toBeNull();
    expect(d.answers).toEqual([expect.objectContaining({ id: sent.messageId, action: 'reply', status: 'sent' })]);
    expect((await auditOf(dw, sent.messageId)).map((a) => a.action)).toContain('message.reply');
  });

  it('a forward carries the tenant’s attachment to the typed address, from the same account', async () => {
    const { w } = dw;
    const to = 'techniczny@zarzadca.example.pl';
    const res = await call(t(), w.clerkA, 'POST', `/api/inbox/${replyId}/forward`, {
      toAddress: to,
      toName: 'Dział techniczny',
      text: 'Proszę o wizytę.',
    });
    const sent = expectStatus(res, 201);
    await withWorker(dw.h, () => untilStatus(dw, w.clerkA, sent.messageId, 'sent'));
    const eml = await simpleParser(dw.h.sink.received.filter((r) => r.rcpt === to).at(-1)!.raw);
    expect(eml.from?.value[0]?.address).toBe('czynsze@zarzadca.example.pl');
    expect(eml.subject).toBe('Fwd: Re: Zawiadomienie o wysokości opłat');
    expect(eml.text).toContain('Proszę o wizytę.');
    expect(eml.text).toContain(`Od: Jan Kowalski <${TENANT}>`);
    expect(eml.attachments.map((a) => [a.filename, a.content.equals(PDF)])).toEqual([['licznik.pdf', true]]);
    const sentBox = expectStatus(await call(t(), w.clerkA, 'GET', '/api/mailboxes/sent?limit=50'), 200);
    expect(sentBox.items.map((i: { id: string }) => i.id)).toContain(sent.messageId);
  });
});

describe('Odebrane and Pulpit see the same replies', () => {
  it('a reply tied to no message shows to the clerks whose accounts use its feedback mailbox, and Pulpit counts it', async () => {
    const { w } = dw;
    const mailbox = await insertFeedbackMailbox(t(), 'wspolna', [w.accountA]);
    const mail = await tenantMail({
      from: 'nieznany.lokator@poczta.example.pl',
      inReplyTo: '<obca-wiadomosc@gdzies.example.pl>',
      text: 'Dzień dobry, proszę o kontakt w sprawie lokalu.',
    });
    const id = await feedReply(t(), sink, mail.raw, mailbox);
    const row = await t()
      .container.db.selectFrom('feedback_replies')
      .select(['kind', 'account_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ kind: 'reply', account_id: null });

    const listed = expectStatus(await call(t(), w.clerkA, 'GET', '/api/inbox'), 200);
    expect(listed.items.map((i: { id: string }) => i.id)).toContain(id);
    expectStatus(await call(t(), w.clerkA, 'GET', `/api/inbox/${id}`), 200);
    expectStatus(await call(t(), w.clerkA, 'POST', `/api/inbox/${id}/unread`), 204);
    expect(expectStatus(await call(t(), w.clerkB, 'GET', '/api/inbox'), 200).items).toEqual([]);
    expectError(await call(t(), w.clerkB, 'GET', `/api/inbox/${id}`), 403, 'forbidden');

    for (const who of [w.clerkA, w.clerkB, w.admin]) {
      const counts = expectStatus(await call(t(), who, 'GET', '/api/inbox/counts'), 200);
      const attention = expectStatus(await call(t(), who, 'GET', '/api/stats/attention'), 200);
      expect(attention.unreadReplies).toBe(counts.unread);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  draft,
  feedMail,
  insertFeedbackMailbox,
  realSink,
  type SentMessage,
  sentMessage,
  unknownMail,
} from '../../../../test/support/triage-world.js';
import {
  createWorld,
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  type World,
} from '../../../../test/support/world.js';

let t: TestApp;
let w: World;
/** Mailboxes: A's (used by account A), B's, and one no account uses. */
let mbA: string;
let mbB: string;
let mbNone: string;
const ids: Record<string, string> = {};
let sentA: SentMessage;
let sentB: SentMessage;

const base = Date.parse('2026-12-06T10:00:00.000Z');
const at = (minutes: number) => new Date(base + minutes * 60_000);

async function openIds(who: World['admin'], query = '') {
  const page = expectStatus(await call(t, who, 'GET', `/api/triage${query}`), 200);
  return page.items.map((i: { id: string }) => i.id) as string[];
}

async function reply(id: string) {
  return t.container.db.selectFrom('feedback_replies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  mbA = await insertFeedbackMailbox(t, 'Zwroty Czynsze', [w.accountA]);
  mbB = await insertFeedbackMailbox(t, 'Zwroty Księgowość', [w.accountB]);
  mbNone = await insertFeedbackMailbox(t, 'Stara skrzynka', []);
  sentA = await sentMessage(t, w.clerkA, w.accountA, 'jan@example.pl');
  sentB = await sentMessage(t, w.clerkB, w.accountB, 'ewa@example.pl');
  const sink = realSink(t);
  ids.a = await feedMail(sink, mbA, unknownMail({ subject: 'Zmiana adresu biura' }), at(1));
  ids.b = await feedMail(sink, mbB, unknownMail({ subject: 'Oferta dla księgowości' }), at(2));
  ids.none = await feedMail(sink, mbNone, unknownMail({ subject: 'Do nikogo' }), at(3));
  // Tied to A's message by a weak clue (In-Reply-To of a bulk mail): still unknown, but the account is known.
  ids.tied = await feedMail(
    sink,
    mbA,
    unknownMail({ subject: 'Automatyczna informacja', inReplyTo: sentA.messageIdHeader }),
    at(4),
  );
});
afterAll(() => t?.close());

describe('triage list: who sees which unknown mail (D50)', () => {
  it('the sink stored them as unknown, one tied to its message', async () => {
    expect((await reply(ids.a!)).kind).toBe('unknown');
    expect((await reply(ids.tied!)).message_id).toBe(sentA.id);
    expect((await reply(ids.tied!)).account_id).toBe(w.accountA);
  });

  it('an administrator sees all of it, newest first, in pages', async () => {
    expect(await openIds(w.admin)).toEqual([ids.tied, ids.none, ids.b, ids.a]);
    const first = expectStatus(await call(t, w.admin, 'GET', '/api/triage?limit=3'), 200);
    expect(first.items).toHaveLength(3);
    expect(first.items[0]).toMatchObject({ subject: 'Automatyczna informacja', mailboxName: 'Zwroty Czynsze' });
    const second = expectStatus(await call(t, w.admin, 'GET', `/api/triage?limit=3&cursor=${first.nextCursor}`), 200);
    expect(second.items.map((i: { id: string }) => i.id)).toEqual([ids.a]);
    expect(second.nextCursor).toBeNull();
  });

  it("a clerk sees their account's mail and untied mail of their accounts' mailbox, nothing else", async () => {
    expect(await openIds(w.clerkA)).toEqual([ids.tied, ids.a]);
    expect(await openIds(w.clerkB)).toEqual([ids.b]);
  });

  it("one mail: another position's is refused, a missing one is not found, nobody logged in is refused", async () => {
    expectError(await call(t, w.clerkB, 'GET', `/api/triage/${ids.a}`), 403, 'forbidden');
    expectError(await call(t, w.clerkA, 'GET', `/api/triage/${ids.none}`), 403, 'forbidden');
    expectError(await call(t, w.admin, 'GET', `/api/triage/${MISSING_ID}`), 404, 'not_found');
    expect((await call(t, null, 'GET', '/api/triage')).statusCode).toBe(401);
  });

  it('shows sender, subject, text, sanitised HTML and why it could not be classified', async () => {
    const d = expectStatus(await call(t, w.clerkA, 'GET', `/api/triage/${ids.a}`), 200);
    expect(d).toMatchObject({
      fromAddress: 'biuro@dostawca.example.pl',
      fromName: 'Biuro Obsługi',
      subject: 'Zmiana adresu biura',
      text: 'Uprzejmie informujemy o zmianie adresu biura.',
      complete: true,
      message: null,
      why: ['bulk', 'no_report', 'not_tied'],
    });
    expect(d.html).toContain('<b>informujemy</b>');
    expect(d.html).not.toMatch(/script|onclick|alert/);
    const tied = expectStatus(await call(t, w.clerkA, 'GET', `/api/triage/${ids.tied}`), 200);
    expect(tied.message).toMatchObject({ id: sentA.id, toAddress: 'jan@example.pl', status: 'sent' });
    expect(tied.why).toContain('tied_weakly');
  });
});

describe('decisions (D50)', () => {
  it('refuses bad input and stores nothing of it', async () => {
    const url = `/api/triage/${ids.a}/decision`;
    expectFieldError(await call(t, w.clerkA, 'POST', url, { decision: 'bounce' }), 'messageId', /.+/);
    expectError(await call(t, w.clerkA, 'POST', url, { decision: 'delete' }), 400, 'validation_failed');
    // Another position's message, a draft, an unknown message.
    expectError(await call(t, w.clerkA, 'POST', url, { decision: 'bounce', messageId: sentB.id }), 403, 'forbidden');
    const unsent = await draft(t, w.clerkA, w.accountA, 'jan@example.pl');
    expectFieldError(
      await call(t, w.clerkA, 'POST', url, { decision: 'bounce', messageId: unsent.id }),
      'messageId',
      /nie została wysłana/,
    );
    expectFieldError(
      await call(t, w.clerkA, 'POST', url, { decision: 'reply', messageId: MISSING_ID }),
      'messageId',
      /Nieznana/,
    );
    // Another position's mail: refused before the body is read.
    expectError(await call(t, w.clerkB, 'POST', url, { decision: 'bounce', messageId: sentB.id }), 403, 'forbidden');
    const row = await reply(ids.a!);
    expect(row).toMatchObject({ kind: 'unknown', reviewed_at: null, decision: null, message_id: null });
    const m = await t.container.db
      .selectFrom('messages')
      .select('status')
      .where('id', '=', sentB.id)
      .executeTakeFirstOrThrow();
    expect(m.status).toBe('sent');
    const blocked = await t.container.db.selectFrom('suppressions').selectAll().execute();
    expect(blocked).toEqual([]);
    expect(await openIds(w.clerkA)).toContain(ids.a);
  });

  it('"To odpowiedź adresata": becomes a reply under the message picked, leaves the list, audited', async () => {
    const res = expectStatus(
      await call(t, w.clerkA, 'POST', `/api/triage/${ids.a}/decision`, { decision: 'reply', messageId: sentA.id }),
      200,
    );
    expect(res).toEqual({ id: ids.a, decision: 'reply', changed: false });
    expect(await reply(ids.a!)).toMatchObject({
      kind: 'reply',
      decision: 'reply',
      reviewed_by: w.clerkAId,
      message_id: sentA.id,
      account_id: w.accountA,
    });
    expect(await openIds(w.clerkA)).not.toContain(ids.a);
    const event = await t.container.db
      .selectFrom('feedback_events')
      .selectAll()
      .where('id', '=', ids.a!)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ kind: 'reply', message_id: sentA.id, confidence: 'manual' });
    const audit = await t.container.db.selectFrom('audit_log').selectAll().where('entity_id', '=', ids.a!).execute();
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([['feedback_mail.triage', w.clerkAId]]);
    // Decided once: a second decision is a conflict.
    expectError(
      await call(t, w.admin, 'POST', `/api/triage/${ids.a}/decision`, { decision: 'nothing' }),
      409,
      'conflict',
    );
  });

  it('"To zwrot": the message bounces, its address is blocked and what waits for it is held — as the sink does', async () => {
    const waiting = await draft(t, w.clerkA, w.accountA, 'JAN@example.pl');
    await t.container.db
      .updateTable('messages')
      .set({ status: 'queued', mailbox: 'outbox' })
      .where('id', '=', waiting.id)
      .execute();
    const res = expectStatus(
      await call(t, w.clerkA, 'POST', `/api/triage/${ids.tied}/decision`, { decision: 'bounce', messageId: sentA.id }),
      200,
    );
    expect(res.changed).toBe(true);
    const status = async (id: string) =>
      await t.container.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(await status(sentA.id)).toMatchObject({ status: 'bounced', mailbox: 'failed' });
    expect(await status(waiting.id)).toMatchObject({ status: 'held', held_reason: 'suppressed' });
    const block = await t.container.db.selectFrom('suppressions').selectAll().execute();
    expect(block).toMatchObject([{ address: 'jan@example.pl', source: 'bounce', message_id: sentA.id }]);
    expect(await reply(ids.tied!)).toMatchObject({ kind: 'unknown', decision: 'bounce', reviewed_by: w.clerkAId });
    const event = await t.container.db
      .selectFrom('feedback_events')
      .selectAll()
      .where('id', '=', ids.tied!)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      kind: 'hard_bounce',
      effect: 'bounced',
      confidence: 'manual',
      address: 'jan@example.pl',
    });
    const actions = await t.container.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', 'in', ['message.bounced', 'suppression.add', 'feedback_mail.triage'])
      .orderBy('action')
      .execute();
    expect(actions).toEqual([
      { action: 'feedback_mail.triage', actor_id: w.clerkAId },
      { action: 'feedback_mail.triage', actor_id: w.clerkAId },
      { action: 'message.bounced', actor_id: w.clerkAId },
      { action: 'suppression.add', actor_id: w.clerkAId },
    ]);
    // The message view shows it as a bounce (badge "zwrot").
    const view = expectStatus(await call(t, w.clerkA, 'GET', `/api/messages/${sentA.id}`), 200);
    expect(view.feedback.map((e: { kind: string }) => e.kind)).toContain('hard_bounce');
  });

  it('"Nic nie robić": reviewed and hidden from the list, but kept', async () => {
    expectStatus(await call(t, w.admin, 'POST', `/api/triage/${ids.none}/decision`, { decision: 'nothing' }), 200);
    expect(await reply(ids.none!)).toMatchObject({ kind: 'unknown', decision: 'nothing', reviewed_by: w.adminId });
    expect(await openIds(w.admin)).toEqual([ids.b]);
    // Kept: still readable (e.g. from the audit log), just no longer waiting.
    expect(expectStatus(await call(t, w.admin, 'GET', `/api/triage/${ids.none}`), 200).subject).toBe('Do nikogo');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Session } from '../../../../test/support/app.js';
import {
  createDeliveryWorld,
  type DeliveryWorld,
  reject550,
  untilStatus,
  withWorker,
} from '../../../../test/support/delivery.js';
import { expectStatus } from '../../../../test/support/world.js';
import { newId } from '../../lib/ids.js';

/**
 * The message event log (D60): one row per state change, written with the change — by the real worker sending to
 * the SMTP sink (queued, sent, retrying, failed) and by the feedback sink (bounced, read, replied) — and the
 * `GET /api/events` feed: keyset paging by cursor, scoped to the caller's positions' accounts.
 */
let dw: DeliveryWorld;

beforeAll(async () => {
  dw = await createDeliveryWorld();
}, 60_000);
afterAll(() => dw?.h.close());

async function send(session: Session, accountId: string, toAddress: string) {
  const id = expectStatus(
    await call(dw.h.t, session, 'POST', '/api/messages', {
      accountId,
      toName: 'Żaneta Łęcka',
      toAddress,
      subject: 'Zawiadomienie o wysokości opłat',
      text: 'W załączeniu zawiadomienie.',
    }),
    201,
  ).id as string;
  expectStatus(await call(dw.h.t, session, 'POST', '/api/messages/queue', { selection: { ids: [id] } }), 200);
  return id;
}

async function typesOf(messageId: string) {
  const rows = await dw.h.t.container.db
    .selectFrom('message_events')
    .select(['type', 'payload'])
    .where('message_id', '=', messageId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.type);
}

/** Hands the feedback sink an event tied to our message by its X-Listonosz-Message id (a strong clue). */
async function feedback(kind: 'hard_bounce' | 'read_receipt' | 'reply', messageId: string, to: string) {
  const { w } = dw;
  const sink = dw.h.t.container.createFeedbackEventSink(async () => [w.accountA, w.accountB]);
  await sink.record({
    id: newId(),
    mailboxId: newId(),
    folder: 'INBOX',
    uid: 1,
    messageId: null,
    sha256: null,
    size: 100,
    kind,
    targetFolder: null,
    receivedAt: new Date(),
    details: {
      hints: { listonoszMessageIds: [messageId], sender: to },
      recipients: kind === 'hard_bounce' ? [{ finalRecipient: to, status: '5.1.1', reason: 'recipient_unknown' }] : [],
      reply:
        kind === 'reply' ? { from: to, fromName: 'Żaneta', subject: 'Re: zawiadomienie', text: 'Dziękuję' } : undefined,
    },
    raw: null,
  });
}

describe('message events', () => {
  let ok: string;
  let retried: string;
  let failed: string;
  let other: string;

  beforeAll(async () => {
    const { w, behaviours } = dw;
    behaviours.set('retry@example.pl', (n) =>
      n === 1 ? { kind: 'reject', at: 'rcpt', code: 451, message: '4.2.0 Try again later' } : { kind: 'accept' },
    );
    behaviours.set('nie-ma@example.pl', () => reject550('nie-ma@example.pl'));
    ok = await send(w.clerkA, w.accountA, 'jan@example.pl');
    retried = await send(w.clerkA, w.accountA, 'retry@example.pl');
    failed = await send(w.clerkA, w.accountA, 'nie-ma@example.pl');
    other = await send(w.clerkB, w.accountB, 'ewa@example.pl');
    await withWorker(dw.h, async () => {
      await untilStatus(dw, w.clerkA, ok, 'sent');
      await untilStatus(dw, w.clerkA, retried, 'sent');
      await untilStatus(dw, w.clerkA, failed, 'failed');
      await untilStatus(dw, w.clerkB, other, 'sent');
    });
  }, 60_000);

  it('the worker writes queued, sent, retrying and failed with the change', async () => {
    expect(await typesOf(ok)).toEqual(['queued', 'sent']);
    expect(await typesOf(retried)).toEqual(['queued', 'retrying', 'sent']);
    expect(await typesOf(failed)).toEqual(['queued', 'failed']);
    const row = await dw.h.t.container.db
      .selectFrom('message_events')
      .selectAll()
      .where('message_id', '=', ok)
      .where('type', '=', 'sent')
      .executeTakeFirstOrThrow();
    expect(row.account_id).toBe(dw.w.accountA);
    const payload = JSON.parse(row.payload);
    expect(payload.to).toBe('jan@example.pl');
    expect(payload.smtpResponse).toMatch(/^250/);
  });

  it('a resend is a new message with its own queued event', async () => {
    const res = await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${ok}/resend`);
    const newId = expectStatus(res, 200).created[0] as string;
    expect(await typesOf(newId)).toEqual(['queued']);
  });

  it('feedback writes bounced, read and replied', async () => {
    await feedback('read_receipt', ok, 'jan@example.pl');
    await feedback('reply', ok, 'jan@example.pl');
    await feedback('hard_bounce', other, 'ewa@example.pl');
    expect(await typesOf(ok)).toEqual(['queued', 'sent', 'read', 'replied']);
    expect(await typesOf(other)).toEqual(['queued', 'sent', 'bounced']);
  });

  it('the feed pages by cursor and shows a clerk only their positions’ accounts', async () => {
    const { w } = dw;
    const all = expectStatus(await call(dw.h.t, w.admin, 'GET', '/api/events?after=0&limit=500'), 200);
    const a = expectStatus(await call(dw.h.t, w.clerkA, 'GET', '/api/events?limit=500'), 200);
    const b = expectStatus(await call(dw.h.t, w.clerkB, 'GET', '/api/events?limit=500'), 200);
    expect(all.items.length).toBe(a.items.length + b.items.length);
    expect(new Set(a.items.map((e: { accountId: string }) => e.accountId))).toEqual(new Set([w.accountA]));
    expect(new Set(b.items.map((e: { accountId: string }) => e.accountId))).toEqual(new Set([w.accountB]));
    expect(b.items.map((e: { type: string }) => e.type)).toEqual(['queued', 'sent', 'bounced']);

    // Walk clerk A's events two at a time: the same events, in order, none twice.
    const walked: number[] = [];
    let cursor = 0;
    for (;;) {
      const page = expectStatus(await call(dw.h.t, w.clerkA, 'GET', `/api/events?after=${cursor}&limit=2`), 200);
      if (page.items.length === 0) {
        expect(page.nextCursor).toBe(cursor);
        break;
      }
      walked.push(...page.items.map((e: { id: number }) => e.id));
      cursor = page.nextCursor;
    }
    expect(walked).toEqual(a.items.map((e: { id: number }) => e.id));
    expect([...walked].sort((x, y) => x - y)).toEqual(walked);
  });

  it('refuses a cursor that is not a number', async () => {
    const res = await call(dw.h.t, dw.w.clerkA, 'GET', '/api/events?after=abc');
    expect(res.statusCode).toBe(400);
  });
});

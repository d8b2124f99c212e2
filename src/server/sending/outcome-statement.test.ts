import { afterEach, describe, expect, it } from 'vitest';
import { createTestClock } from '../../../test/support/clock.js';
import { testDialect } from '../../../test/support/db.js';
import { createHarness, type Harness } from '../../../test/support/sending.js';
import type { DialectName } from '../db/dialect.js';
import type { AttemptReport, ClaimedMessage } from './ports.js';

let h: Harness;
afterEach(() => h?.close());

// An hour ahead of the wall clock: the queued messages are due by then.
const clock = createTestClock(new Date(Date.now() + 3_600_000).toISOString());
const before = (ms: number) => new Date(clock.now().getTime() - ms);

const store = (dialect: DialectName) => h.store({ dialect, clock, leaseMs: 60_000, random: () => 0.5 });

/** The results a group of four gets: two sent, one to retry, one refused for its content (failed, no suppression). */
const RESULTS: AttemptReport['result'][] = [
  { ok: true, response: '250 2.0.0 Ok: queued as ABC123' },
  {
    ok: false,
    failure: { code: 'EPROTOCOL', responseCode: 451, response: '451 4.3.0 Try again later', command: 'DATA' },
  },
  { ok: true, response: '250 Ok' },
  {
    ok: false,
    failure: { code: 'EMESSAGE', responseCode: 552, response: '552 5.3.4 Message too big', command: 'DATA' },
  },
];

/** What both ways of writing must leave, with the address (the only difference between the two groups) cut off. */
async function written(ids: string[]) {
  const db = h.t.container.db;
  const cut = <T extends Record<string, unknown>>(row: T) =>
    JSON.parse(JSON.stringify(row).replace(/[ab](\d)@example\.pl/g, 'x$1@example.pl')) as T;
  const out = [];
  for (const id of ids) {
    const message = await db
      .selectFrom('messages')
      .select([
        ...['status', 'mailbox', 'next_attempt_at', 'last_outcome', 'last_error', 'error_hint', 'held_reason'],
        ...['sent_at', 'smtp_response', 'smtp_queue_id', 'attempts', 'updated_at', 'lease_owner', 'lease_expires_at'],
      ] as const)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const attempts = await db
      .selectFrom('message_attempts')
      .select(['series', 'attempt_no', 'worker_id', 'started_at', 'finished_at', 'outcome', 'smtp_code'])
      .select(['enhanced_status', 'response', 'error_code', 'account_id'])
      .where('message_id', '=', id)
      .execute();
    const events = await db
      .selectFrom('message_events')
      .select(['type', 'occurred_at', 'payload', 'account_id', 'batch_id'])
      .where('message_id', '=', id)
      .orderBy('id')
      .execute();
    out.push(cut({ message, attempts, events }));
  }
  return out;
}

describe.skipIf(testDialect !== 'postgres')('plain outcomes in one statement (PostgreSQL, D89)', () => {
  it('write exactly what the transaction of separate statements writes, fenced and alarm included', async () => {
    h = await createHarness();
    const db = h.t.container.db;
    // Queued together, so that both groups carry the same queueing times.
    const ids = await h.queue(['a', 'b'].flatMap((g) => RESULTS.map((_, i) => `${g}${i}@example.pl`)));
    const groups = { a: ids.slice(0, RESULTS.length), b: ids.slice(RESULTS.length) };
    const [account] = await store('postgres').sendableAccounts();
    const byWay = { a: store('postgres'), b: store('sqlite') };
    const claimed = new Map<string, ClaimedMessage>();
    for (const m of (await byWay.a.claim('w1', account!, 8)).messages) claimed.set(m.id, m);
    expect(claimed.size).toBe(8);
    // The last message of each group lost its lease to another worker meanwhile: its outcome must not be written.
    const fenced = [groups.a[3], groups.b[3]] as string[];
    await db.updateTable('messages').set({ lease_owner: 'w2' }).where('id', 'in', fenced).execute();

    for (const g of ['a', 'b'] as const) {
      // The account had an alarm (a failure earlier); a message that went out clears it, either way.
      await db
        .updateTable('smtp_accounts')
        .set({ last_error: 'Serwer nie odpowiada', last_error_at: before(3_600_000).toISOString() })
        .execute();
      const reports = groups[g].map((id, i) => ({
        message: claimed.get(id) as ClaimedMessage,
        startedAt: before(1000),
        finishedAt: before(500),
        result: RESULTS[i] as AttemptReport['result'],
      }));
      await byWay[g].complete('w1', reports);
      const alarm = await db
        .selectFrom('smtp_accounts')
        .select(['last_error', 'last_error_at'])
        .executeTakeFirstOrThrow();
      expect(alarm).toEqual({ last_error: null, last_error_at: null });
    }

    const [a, b] = [await written(groups.a), await written(groups.b)];
    expect(a).toEqual(b);
    // And what was written is what it should be (not the same mistake twice).
    expect(a.map((r) => r.message.status)).toEqual(['sent', 'retry_wait', 'sent', 'sending']);
    expect(a.map((r) => r.events.map((e) => e.type))).toEqual([
      ['queued', 'sent'],
      ['queued', 'retrying'],
      ['queued', 'sent'],
      ['queued'],
    ]);
    expect(a.map((r) => r.attempts.map((x) => x.outcome))).toEqual([['sent'], ['transient'], ['sent'], ['message']]);
    expect(a[0]?.message).toMatchObject({
      smtp_queue_id: 'ABC123',
      lease_owner: null,
      updated_at: clock.now().toISOString(),
    });
    expect(a[3]?.message.lease_owner).toBe('w2');
  });
});

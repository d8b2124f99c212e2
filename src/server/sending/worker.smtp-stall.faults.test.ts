import { afterEach, describe, expect, it } from 'vitest';
import { loopbackAccount } from '../../../test/support/accounts.js';
import { createHarness, type Harness } from '../../../test/support/sending.js';
import {
  type MisbehavingServer,
  type Misbehaviour,
  startMisbehavingSmtp,
} from '../../../test/support/smtp-misbehaving.js';
import type { RetryPolicy } from './retry-policy.js';

/**
 * Issue 15, point 9 (D82): a relay that takes the message and never answers the final dot, or answers one byte a
 * second. The send ends at the configured timeout, is recorded with a Polish reason, the message waits for a retry
 * (never stuck in 'sending'), and another account's mail keeps going out meanwhile. Short timeouts: one second of
 * silence on a socket, two for the greeting.
 */
let h: Harness | null = null;
let bad: MisbehavingServer | null = null;
afterEach(async () => {
  await h?.close();
  await bad?.close();
  h = null;
  bad = null;
});

/** One try now, the next one far away: the first attempt's record is what the test reads. */
const ONE_TRY: RetryPolicy = { delaysMs: [600_000], jitter: 0, maxAttempts: 5, lifetimeMs: 3_600_000 };
const SOCKET_MS = 1000;
let stalledIdsSeen: string[] = [];

async function setUp(behaviour: Misbehaviour) {
  h = await createHarness({}, { maxConnections: 2 });
  bad = await startMisbehavingSmtp(behaviour);
  const { services } = h.t.container;
  const stalled = await services.accounts.create(
    h.admin,
    loopbackAccount({
      name: 'Konto na zawieszonym serwerze',
      fromName: 'Wspólnota',
      fromAddress: 'wspolnota@osiedle.example.pl',
      feedbackAddress: 'zwroty@osiedle.example.pl',
      port: bad.port,
      maxConnections: 2,
    }),
  );
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const draft = await services.messages.createDraft(h.admin, {
      accountId: stalled.id,
      recipientId: null,
      toName: `Lokator ${i}`,
      toAddress: `lokator${i}@example.pl`,
      subject: `Rozliczenie ${i}`,
      html: '',
      text: 'Szanowni Państwo, w załączeniu rozliczenie.',
      documentType: null,
    });
    ids.push(draft.id);
  }
  await services.delivery.queue(h.admin, { selection: { ids }, dryRun: false, sendAt: null });
  stalledIdsSeen = ids;
  return ids;
}

async function waitFor(check: () => Promise<boolean>, ms: number) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) {
      const rows = h ? await stalledOutcome(stalledIdsSeen) : [];
      throw new Error(`timed out; ${h?.sink.received.length} received; stalled: ${JSON.stringify(rows)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function stalledOutcome(stalledIds: string[]) {
  const harness = h as Harness;
  const rows = await Promise.all(
    stalledIds.map(async (id) => ({
      message: await harness.message(id),
      attempts: await harness.t.container.db
        .selectFrom('message_attempts')
        .select(['outcome', 'error_code', 'response'])
        .where('message_id', '=', id)
        .execute(),
    })),
  );
  return rows;
}

describe('a relay that stops answering', () => {
  it('stalls after DATA: timeout recorded as "may have arrived" with a Polish reason; other accounts keep sending', async () => {
    const stalledIds = await setUp({ kind: 'stall-after-data' });
    const harness = h as Harness;
    const started = Date.now();
    harness.worker({ socketMs: SOCKET_MS, policy: ONE_TRY }).start();
    // While the relay holds the two messages, the other account's 200 go out.
    await waitFor(async () => (bad?.messagesTaken ?? 0) === 2, 30_000);
    const flowing = await harness.queueMany(200);
    await waitFor(async () => harness.sink.received.length === 200, 60_000);
    await waitFor(async () => (await harness.message(stalledIds[0] as string)).status === 'retry_wait', 30_000);
    await waitFor(async () => (await harness.message(stalledIds[1] as string)).status === 'retry_wait', 30_000);
    const ms = Date.now() - started;

    const rows = await stalledOutcome(stalledIds);
    for (const { message, attempts } of rows) {
      expect(attempts).toHaveLength(1);
      // The server took the bytes: the message may have arrived, so the retry keeps its Message-ID.
      expect(attempts[0]).toMatchObject({ outcome: 'unknown', error_code: 'ETIMEDOUT' });
      expect(message.status).toBe('retry_wait');
      expect(message.error_hint).toMatch(/nie odpowiedział/);
      expect(message.error_hint).toMatch(/mogła do niego dotrzeć/);
    }
    expect(new Set(harness.sink.byMessageId().keys()).size).toBe(flowing.length);
    console.log(`stall after DATA (D82): both timed out and waiting for a retry after ${ms} ms`);
  }, 60_000);

  it('trickles its replies a byte a second: the send ends at the timeout instead of holding the connection', async () => {
    const stalledIds = await setUp({ kind: 'trickle', byteEveryMs: 1000, from: 'mail' });
    const harness = h as Harness;
    const started = Date.now();
    // The socket timeout is of silence: it must be shorter than the gap between two bytes to end the send.
    harness.worker({ socketMs: 800, policy: ONE_TRY }).start();
    const flowing = await harness.queueMany(100);
    await waitFor(async () => harness.sink.received.length === 100, 60_000);
    await waitFor(async () => {
      const rows = await stalledOutcome(stalledIds);
      return rows.every((r) => r.message.status !== 'sending' && r.message.status !== 'queued');
    }, 60_000);
    const ms = Date.now() - started;
    const rows = await stalledOutcome(stalledIds);
    for (const { message, attempts } of rows) {
      expect(attempts).toHaveLength(1);
      expect(attempts[0]?.error_code).toBe('ETIMEDOUT');
      expect(message.status).toBe('retry_wait');
      expect(message.error_hint).toMatch(/nie odpowiedział/);
    }
    expect(bad?.messagesTaken).toBe(0);
    expect(new Set(harness.sink.byMessageId().keys()).size).toBe(flowing.length);
    console.log(`trickling relay (D82): both ended and waiting for a retry after ${ms} ms`);
  }, 60_000);

  it('trickles from the greeting: the greeting timeout ends it and the account is shown as unreachable', async () => {
    // Bytes closer together than the socket timeout: only the bound on the whole greeting (2 s) can end it.
    const stalledIds = await setUp({ kind: 'trickle', byteEveryMs: 400, from: 'greeting' });
    const harness = h as Harness;
    harness.worker({ socketMs: SOCKET_MS, policy: ONE_TRY }).start();
    await waitFor(async () => {
      const rows = await stalledOutcome(stalledIds);
      return rows.every((r) => r.message.status === 'held');
    }, 40_000);
    const rows = await stalledOutcome(stalledIds);
    expect(rows[0]?.message.error_hint).toMatch(/Nie można połączyć się z serwerem 127\.0\.0\.1/);
  }, 60_000);
});

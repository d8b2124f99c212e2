import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../../test/support/app.js';
import { createHarness, type Harness } from '../../../test/support/sending.js';
import type { Behaviour } from '../../../test/support/smtp-sink.js';
import { createWorld, expectError, expectStatus, type World } from '../../../test/support/world.js';

/**
 * Issue 11 (points 1, 2, 9) at the API level against real SMTP servers on 127.0.0.1: an unreachable server is the
 * account's problem, shown with its times and cleared by "Spróbuj teraz" once fixed; a recipient's full mailbox
 * retries that one message and never pauses the account; Pulpit's summary is never "all fine" while anything is
 * wrong.
 */
let h: Harness;
let w: World;
afterEach(() => h?.close());

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(what: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await what()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
}

async function accountRow() {
  return h.t.container.db
    .selectFrom('smtp_accounts')
    .select(['circuit_state', 'circuit_failures', 'circuit_retry_at', 'last_error', 'last_error_at'])
    .where('id', '=', h.accountId)
    .executeTakeFirstOrThrow();
}

/** The harness's account is the one clerk A's position sends from; clerk B's position does not use it. */
async function world() {
  w = await createWorld(h.t);
  expectStatus(
    await call(h.t, w.admin, 'PUT', `/api/positions/${w.positionA}/accounts`, {
      accounts: [{ accountId: h.accountId, role: 'default' }],
    }),
    200,
  );
}

describe('an unreachable server is an account problem', () => {
  it('closed port: alarm with times, messages held with the true reason; fixed port + "Spróbuj teraz" sends all and clears the alarm', async () => {
    const port = await closedPort();
    h = await createHarness({}, { port });
    await world();
    const ids = await h.queue(['a@example.pl', 'b@example.pl', 'c@example.pl', 'd@example.pl', 'e@example.pl']);
    h.worker().start();
    await until(async () => (await Promise.all(ids.map((id) => h.message(id)))).every((m) => m.status === 'held'));

    for (const id of ids) {
      const m = await h.message(id);
      // No attempt is used up and the reason is the connection, not a server that "did not accept" the message.
      expect(m).toMatchObject({ status: 'held', held_reason: 'account', attempts: 0 });
      expect(m.error_hint).toContain(`Nie można połączyć się z serwerem 127.0.0.1:${port}`);
      expect(m.error_hint).not.toMatch(/nie przyjął/);
    }
    const a = await accountRow();
    expect(a).toMatchObject({ circuit_state: 'open', circuit_failures: 1 });
    expect(a.last_error).toBe(`Nie można połączyć się z serwerem 127.0.0.1:${port}`);
    expect(a.last_error_at).not.toBeNull();
    expect(new Date(a.circuit_retry_at as string).getTime()).toBeGreaterThan(Date.now());

    // The account list and Pulpit say so, with the times.
    const accounts = expectStatus(await call(h.t, w.clerkA, 'GET', '/api/accounts'), 200);
    expect(accounts[0]).toMatchObject({ id: h.accountId, lastError: a.last_error, lastErrorAt: a.last_error_at });
    const attention = expectStatus(await call(h.t, w.clerkA, 'GET', '/api/stats/attention'), 200);
    expect(attention.allFine).toBe(false);
    expect(attention.held.account).toBe(5);
    expect(attention.accounts).toEqual([
      {
        id: h.accountId,
        name: 'Konto testowe',
        state: 'open',
        problem: a.last_error,
        since: a.last_error_at,
        nextTryAt: a.circuit_retry_at,
        waiting: 5,
        feedbackAlarm: null,
      },
    ]);

    // The administrator fixes the port; a clerk of another position may not press "Spróbuj teraz", clerk A may.
    await h.t.container.services.accounts.update(h.admin, h.accountId, { port: h.sink.port });
    expectError(await call(h.t, w.clerkB, 'POST', `/api/accounts/${h.accountId}/retry-now`), 403, 'forbidden');
    expect(expectStatus(await call(h.t, w.clerkA, 'POST', `/api/accounts/${h.accountId}/retry-now`), 200)).toEqual({
      due: 5,
    });
    await h.settle();
    for (const id of ids) expect(await h.message(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(h.sink.received).toHaveLength(5);
    expect(await accountRow()).toMatchObject({
      circuit_state: 'closed',
      circuit_failures: 0,
      last_error: null,
      last_error_at: null,
    });
    const after = expectStatus(await call(h.t, w.clerkA, 'GET', '/api/stats/attention'), 200);
    expect(after).toMatchObject({ allFine: true, accounts: [], failed: 0 });
  });

  it('a successful connection test clears the alarm and makes the held messages due', async () => {
    const port = await closedPort();
    h = await createHarness({}, { port });
    await world();
    const ids = await h.queue(['a@example.pl', 'b@example.pl']);
    const worker = h.worker();
    worker.start();
    await until(async () => (await accountRow()).circuit_state === 'open');
    await worker.stop();
    await h.t.container.services.accounts.update(h.admin, h.accountId, { port: h.sink.port });
    expect(expectStatus(await call(h.t, w.admin, 'POST', `/api/accounts/${h.accountId}/test`), 200).ok).toBe(true);
    expect(await accountRow()).toMatchObject({ circuit_state: 'closed', last_error: null });
    for (const id of ids) expect((await h.message(id)).status).toBe('queued');
    expect(expectStatus(await call(h.t, w.admin, 'GET', '/api/stats/attention'), 200).accounts).toEqual([]);
  });

  it('an account paused by the administrator is not resumed by "Spróbuj teraz"', async () => {
    h = await createHarness();
    await world();
    await h.t.container.services.delivery.holdAccount(h.admin, h.accountId);
    expectError(await call(h.t, w.clerkA, 'POST', `/api/accounts/${h.accountId}/retry-now`), 409, 'conflict');
    const attention = expectStatus(await call(h.t, w.clerkA, 'GET', '/api/stats/attention'), 200);
    expect(attention.allFine).toBe(false);
    expect(attention.accounts[0]).toMatchObject({ id: h.accountId, state: 'paused' });
  });
});

describe("a recipient's full mailbox is the recipient's problem", () => {
  const OVER_QUOTA =
    '4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp';
  const script = (rcpt: string): Behaviour =>
    rcpt === 'pelna@example.pl' ? { kind: 'reject', at: 'rcpt', code: 452, message: OVER_QUOTA } : { kind: 'accept' };

  it('only that message retries; the others are sent; the account is never paused', async () => {
    h = await createHarness({ script });
    await world();
    const ids = await h.queue(['a@example.pl', 'pelna@example.pl', 'b@example.pl', 'c@example.pl', 'd@example.pl']);
    const full = ids[1] as string;
    h.worker().start();
    await h.settle();
    for (const id of ids.filter((id) => id !== full)) expect((await h.message(id)).status).toBe('sent');
    expect(h.sink.received.map((r) => r.rcpt).sort()).toEqual([
      'a@example.pl',
      'b@example.pl',
      'c@example.pl',
      'd@example.pl',
    ]);
    // Every attempt of the series was made (FAST_RETRY: 4), each a recipient's passing trouble, then it failed.
    const m = await h.message(full);
    expect(m).toMatchObject({ status: 'failed', attempts: 4 });
    const attempts = await h.attempts(full);
    expect(attempts).toHaveLength(4);
    expect(
      attempts.every((x) => x.outcome === 'transient' && x.smtp_code === 452 && x.enhanced_status === '4.2.2'),
    ).toBe(true);
    // The account never opened its circuit, and no address was blocked for a full mailbox.
    expect(await accountRow()).toMatchObject({ circuit_state: 'closed', circuit_failures: 0, last_error: null });
    expect(await h.t.container.db.selectFrom('suppressions').selectAll().execute()).toEqual([]);
    // The reply is kept with its code once.
    const row = await h.t.container.db
      .selectFrom('message_attempts')
      .select('response')
      .where('message_id', '=', full)
      .executeTakeFirstOrThrow();
    expect(row.response).toMatch(/^452 4\.2\.2 The email account/);
    // Pulpit: a failed message needs attention; the account itself is fine.
    const attention = expectStatus(await call(h.t, w.clerkA, 'GET', '/api/stats/attention'), 200);
    expect(attention).toMatchObject({ allFine: false, failed: 1, accounts: [] });
  });
});

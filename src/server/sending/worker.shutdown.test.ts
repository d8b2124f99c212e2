import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { testDialect } from '../../../test/support/db.js';
import { createHarness, type Harness } from '../../../test/support/sending.js';
import { collectOutput, exited, killed, spawnWorker, whenRunning } from '../../../test/support/worker-process.js';

/**
 * SIGTERM to a busy `listonosz worker` (the real CLI in its own process): it exits within its deadline, the
 * messages it claimed but had not started are back in the queue at once (lease released, attempt refunded, not left
 * for the reaper), and sends with no reply are cut off after the grace and recorded as "unknown".
 */
let h: Harness;
const children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => killed(c, 'SIGKILL')));
  await h?.close();
});

/** Long SMTP timeout and lease: only the stop itself may end the stalled sends or free the messages. */
const BUSY_ENV = { SMTP_TIMEOUT_SECONDS: '120', WORKER_LEASE_SECONDS: '120', SHUTDOWN_TIMEOUT_SECONDS: '6' };
/** SHUTDOWN_TIMEOUT_SECONDS 6 gives the sends a third of it (2 s); exiting takes a moment more. */
const DEADLINE_MS = 6000;

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function rows() {
  return h.t.container.db
    .selectFrom('messages')
    .select(['id', 'status', 'attempts', 'lease_owner', 'lease_expires_at', 'last_outcome'])
    .execute();
}

/** A worker sending over 2 connections to a server that never answers RCPT TO, with 40 messages queued. */
async function busyWorker() {
  h = await createHarness({ script: () => ({ kind: 'stall' }) }, { maxConnections: 2 }, { fileDb: true });
  await h.queueMany(40);
  const child = spawnWorker({ ...h.t.env, ...BUSY_ENV });
  children.push(child);
  const output = collectOutput(child);
  await whenRunning(child);
  // Both connections are stuck in a send, and the worker holds more claimed messages waiting for them.
  await waitFor(() => [...h.sink.attempts.values()].reduce((a, b) => a + b, 0) >= 2, 20_000);
  await waitFor(async () => (await rows()).filter((r) => r.status === 'sending').length > 2, 20_000);
  return { child, output };
}

describe('a worker stopped while busy', () => {
  it('exits within its deadline; unstarted claims are back in the queue, stalled sends are cut off', async () => {
    const { child, output } = await busyWorker();
    const claimed = (await rows()).filter((r) => r.status === 'sending').length;
    child.kill('SIGTERM');
    const end = await exited(child);
    expect(end.ms, output()).toBeLessThan(DEADLINE_MS);
    expect(end.code).toBe(0);

    const after = await rows();
    expect(after.filter((r) => r.status === 'sending')).toEqual([]);
    expect(after.every((r) => r.lease_owner === null && r.lease_expires_at === null)).toBe(true);
    // The two stalled sends: no reply, so they may have arrived; recorded as unknown and retried later.
    const cut = after.filter((r) => r.status === 'retry_wait');
    expect(cut.map((r) => [r.last_outcome, r.attempts])).toEqual([
      ['unknown', 1],
      ['unknown', 1],
    ]);
    const attempts = await h.t.container.db.selectFrom('message_attempts').select(['error_code', 'outcome']).execute();
    expect(attempts).toEqual([
      { error_code: 'ESHUTDOWN', outcome: 'unknown' },
      { error_code: 'ESHUTDOWN', outcome: 'unknown' },
    ]);
    // Every other message is queued again as if never claimed: no attempt used up.
    const queued = after.filter((r) => r.status === 'queued');
    expect(queued).toHaveLength(38);
    expect(queued.every((r) => r.attempts === 0)).toBe(true);
    expect(output()).toContain(
      `Sending stopped: ${claimed - 2} claimed message(s) back in the queue, 2 send(s) cut off`,
    );
  }, 60_000);

  it('exits at its deadline with a line saying so when the stop itself cannot finish (database locked)', async () => {
    const { child, output } = await busyWorker();
    const unlock = await lockMessages();
    try {
      child.kill('SIGTERM');
      const end = await exited(child);
      expect(end.ms, output()).toBeGreaterThanOrEqual(DEADLINE_MS - 500);
      // SQLite waits for a lock inside a synchronous call (busy_timeout, 5 s) during which not even the signal is
      // handled; the watchdog thread acts 1 s after the deadline should the main thread still be blocked then.
      expect(end.ms, output()).toBeLessThan(DEADLINE_MS + (testDialect === 'sqlite' ? 5000 : 0) + 2500);
      expect(end.code === 1 || end.signal === 'SIGKILL', `${end.code} ${end.signal}`).toBe(true);
      expect(output()).toMatch(/Not stopped within 6 s: exiting anyway/);
    } finally {
      await unlock();
    }
    // What it could not write is left to the leases: nothing was lost.
    expect(await rows()).toHaveLength(40);
  }, 60_000);
});

/** Holds a write lock on the messages table from another connection until the returned function is called. */
async function lockMessages(): Promise<() => Promise<void>> {
  if (testDialect === 'postgres') {
    const client = new pg.Client({ connectionString: h.t.env.DATABASE_URL });
    await client.connect();
    await client.query('begin');
    await client.query('lock table messages in exclusive mode');
    return async () => {
      await client.query('rollback');
      await client.end();
    };
  }
  // SQLite: one writer at a time; the worker's writes wait (busy_timeout 5 s) and then fail, again and again.
  await sql`begin immediate`.execute(h.t.container.db);
  return async () => {
    await sql`rollback`.execute(h.t.container.db);
  };
}

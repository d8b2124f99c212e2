import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/sending.js';

/**
 * A stopping worker gives back what it claimed but never started: each message returns to the status it was claimed
 * from, without a lease and with the claim's attempt refunded; a circuit's trial given back leaves the circuit open
 * and due, not half-open for ever.
 */
let h: Harness;
afterEach(() => h?.close());

const store = () => h.store({ leaseMs: 60_000 });

const row = (id: string) =>
  h.t.container.db
    .selectFrom('messages')
    .select(['status', 'attempts', 'lease_owner', 'lease_expires_at', 'held_reason', 'next_attempt_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

async function sendable() {
  const [account] = await store().sendableAccounts();
  if (!account) throw new Error('no sendable account');
  return account;
}

describe('releasing unsent claims', () => {
  it('queued and retry_wait messages go back as they were, attempt refunded, no lease', async () => {
    h = await createHarness();
    const ids = await h.queue(['a@example.pl', 'b@example.pl', 'c@example.pl']);
    const due = new Date(Date.now() - 1000).toISOString();
    // One message waits for a retry after a first attempt.
    await h.t.container.db
      .updateTable('messages')
      .set({ status: 'retry_wait', attempts: 1, next_attempt_at: due })
      .where('id', '=', ids[2] as string)
      .execute();
    const s = store();
    const claimed = await s.claim('w1', await sendable(), 10);
    expect(claimed.messages.map((m) => [m.id, m.claimedFrom]).sort()).toEqual(
      [
        [ids[0], 'queued'],
        [ids[1], 'queued'],
        [ids[2], 'retry_wait'],
      ].sort(),
    );
    // Someone else's lease is not touched.
    expect(await s.release('w2', claimed.messages)).toBe(0);
    expect(await s.release('w1', claimed.messages)).toBe(3);
    expect(await row(ids[0] as string)).toMatchObject({
      status: 'queued',
      attempts: 0,
      lease_owner: null,
      lease_expires_at: null,
    });
    expect(await row(ids[2] as string)).toMatchObject({ status: 'retry_wait', attempts: 1, lease_owner: null });
    // Claimable again at once.
    expect((await s.claim('w3', await sendable(), 10)).messages).toHaveLength(3);
  });

  it('a trial of an open circuit given back: held again, the circuit open and due for the next trial', async () => {
    h = await createHarness();
    const [id] = await h.queue(['a@example.pl']);
    const past = new Date(Date.now() - 1000).toISOString();
    await h.t.container.db
      .updateTable('messages')
      .set({ status: 'held', held_reason: 'account' })
      .where('id', '=', id as string)
      .execute();
    await h.t.container.db
      .updateTable('smtp_accounts')
      .set({ circuit_state: 'open', circuit_failures: 1, circuit_retry_at: past })
      .where('id', '=', h.accountId)
      .execute();
    const s = store();
    const claimed = await s.claim('w1', await sendable(), 10);
    expect(claimed.messages.map((m) => [m.trial, m.claimedFrom])).toEqual([[true, 'held']]);
    expect(await s.release('w1', claimed.messages)).toBe(1);
    expect(await row(id as string)).toMatchObject({ status: 'held', held_reason: 'account', attempts: 0 });
    const account = await h.t.container.db
      .selectFrom('smtp_accounts')
      .select(['circuit_state', 'circuit_retry_at'])
      .where('id', '=', h.accountId)
      .executeTakeFirstOrThrow();
    expect(account.circuit_state).toBe('open');
    expect(new Date(account.circuit_retry_at as string).getTime()).toBeLessThanOrEqual(Date.now());
    // The next worker finds the account and makes the trial.
    expect((await s.claim('w2', await sendable(), 10)).messages.map((m) => m.trial)).toEqual([true]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/sending.js';

/** Account-level failures: the account's circuit opens, its messages wait in `held` without using attempts. */
let h: Harness;
afterEach(() => h?.close());

async function account() {
  return h.t.container.db
    .selectFrom('smtp_accounts')
    .select(['circuit_state', 'circuit_failures', 'circuit_retry_at', 'last_error'])
    .where('id', '=', h.accountId)
    .executeTakeFirstOrThrow();
}

async function statuses(ids: string[]) {
  return Promise.all(ids.map((id) => h.message(id)));
}

describe('account-level failures', () => {
  it('535: holds the messages without using attempts, opens the circuit, and sends after the password is fixed', async () => {
    h = await createHarness(
      { auth: { user: 'czynsze', pass: 'dobre-haslo' } },
      { username: 'czynsze', password: 'złe-hasło' },
    );
    const ids = await h.queue(['a@example.pl', 'b@example.pl', 'c@example.pl']);
    const worker = h.worker();
    worker.start();
    await h.settle();
    for (const m of await statuses(ids))
      expect(m).toMatchObject({ status: 'held', held_reason: 'account', attempts: 0 });
    expect(h.sink.received).toHaveLength(0);
    const a = await account();
    expect(a.circuit_state).toBe('open');
    expect(a.circuit_failures).toBeGreaterThanOrEqual(1);
    expect(a.last_error).toMatch(/odrzucił logowanie/);
    const attempts = (await Promise.all(ids.map((id) => h.attempts(id)))).flat();
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    expect(attempts.every((x) => x.outcome === 'account' && x.smtp_code === 535)).toBe(true);

    // The admin corrects the password and resumes the account.
    const admin = h.admin;
    await h.t.container.services.accounts.update(admin, h.accountId, { password: 'dobre-haslo' });
    expect(await h.t.container.services.delivery.releaseAccount(admin, h.accountId)).toEqual({ released: 3 });
    await h.settle();
    for (const m of await statuses(ids)) expect(m).toMatchObject({ status: 'sent', attempts: 1 });
    expect(h.sink.received).toHaveLength(3);
    expect((await account()).circuit_state).toBe('closed');
  });

  it('half-open: when the pause is over, one trial message goes first; success releases the rest', async () => {
    h = await createHarness(
      { auth: { user: 'czynsze', pass: 'dobre-haslo' } },
      { username: 'czynsze', password: 'złe-hasło' },
    );
    const ids = await h.queue(['a@example.pl', 'b@example.pl', 'c@example.pl', 'd@example.pl']);
    const worker = h.worker();
    worker.start();
    await h.settle();
    expect((await account()).circuit_state).toBe('open');
    // Fixed on the server side (no one presses "release"); the circuit's pause runs out.
    await h.t.container.services.accounts.update(h.admin, h.accountId, { password: 'dobre-haslo' });
    await h.t.container.db
      .updateTable('smtp_accounts')
      .set({ circuit_retry_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', h.accountId)
      .execute();
    const deadline = Date.now() + 10_000;
    while ((await statuses(ids)).some((m) => m.status !== 'sent') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    for (const m of await statuses(ids)) expect(m.status).toBe('sent');
    expect(h.sink.received).toHaveLength(4);
    expect(await account()).toMatchObject({ circuit_state: 'closed', circuit_failures: 0 });
  });

  it('TLS required but broken: held with a TLS explanation on the account', async () => {
    h = await createHarness({ starttls: true }, { security: 'starttls' });
    const ids = await h.queue(['a@example.pl']);
    h.worker().start();
    await h.settle();
    expect(await h.message(ids[0] as string)).toMatchObject({ status: 'held', held_reason: 'account', attempts: 0 });
    expect((await account()).last_error).toMatch(/szyfrowanego połączenia/);
    expect(h.sink.received).toHaveLength(0);
  });

  it('an admin hold parks waiting messages; release sends them', async () => {
    h = await createHarness();
    const admin = h.admin;
    const ids = await h.queue(['a@example.pl', 'b@example.pl']);
    expect(await h.t.container.services.delivery.holdAccount(admin, h.accountId)).toEqual({ held: 2 });
    const worker = h.worker();
    worker.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(h.sink.received).toHaveLength(0);
    for (const m of await statuses(ids)) expect(m).toMatchObject({ status: 'held', held_reason: 'paused' });
    // A message queued while the account is paused waits too.
    const later = await h.queue(['c@example.pl']);
    expect(await h.message(later[0] as string)).toMatchObject({ status: 'held', held_reason: 'paused' });
    expect(await h.t.container.services.delivery.releaseAccount(admin, h.accountId)).toEqual({ released: 3 });
    await h.settle();
    expect(h.sink.received).toHaveLength(3);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Session } from '../../../../test/support/app.js';
import {
  auditOf,
  createDeliveryWorld,
  type DeliveryWorld,
  messageDetail,
  sleep,
  untilStatus,
  withWorker,
} from '../../../../test/support/delivery.js';
import { expectStatus } from '../../../../test/support/world.js';

/**
 * An administrator pauses an account through the API: its waiting messages are held, a running worker sends
 * nothing from it (while other accounts keep sending), and a release sends everything that waited.
 */
let dw: DeliveryWorld;

async function queuedDraft(session: Session, accountId: string, toAddress: string) {
  const { h } = dw;
  const created = await call(h.t, session, 'POST', '/api/messages', {
    accountId,
    toName: 'Grażyna Ślusarczyk',
    toAddress,
    subject: 'Zawiadomienie o wysokości opłat — Źródlana',
    text: 'Szanowna Pani, w załączeniu zawiadomienie.',
  });
  const id = expectStatus(created, 201).id as string;
  const queued = expectStatus(
    await call(h.t, session, 'POST', '/api/messages/queue', { selection: { ids: [id] } }),
    200,
  );
  return { id, queued };
}

const received = (address: string) => dw.h.sink.received.filter((r) => r.rcpt === address);

async function account(id: string) {
  return expectStatus(await call(dw.h.t, dw.w.admin, 'GET', `/api/accounts/${id}`), 200);
}

beforeAll(async () => {
  dw = await createDeliveryWorld();
});
afterAll(() => dw?.h.close());

describe('hold and release an account', () => {
  const waiting = ['wstrzymany1@example.pl', 'wstrzymany2@example.pl'];
  const later = 'wstrzymany3@example.pl';
  const other = 'inne.konto@example.pl';

  it('holds the account’s waiting messages; a running worker sends nothing from it; release sends them', async () => {
    const { h, w } = dw;
    const ids: string[] = [];
    for (const to of waiting) ids.push((await queuedDraft(w.clerkA, w.accountA, to)).id);
    expect((await account(w.accountA)).circuit).toEqual({ state: 'closed', failures: 0, retryAt: null });

    const hold = await call(h.t, w.admin, 'POST', `/api/accounts/${w.accountA}/hold`);
    expect(expectStatus(hold, 200)).toEqual({ held: 2 });
    expect((await account(w.accountA)).circuit.state).toBe('paused');
    for (const id of ids) {
      expect(await messageDetail(dw, w.clerkA, id)).toMatchObject({
        status: 'held',
        mailbox: 'outbox',
        heldReason: 'paused',
      });
    }

    await withWorker(h, async () => {
      // Queued while paused: held at once.
      const third = await queuedDraft(w.clerkA, w.accountA, later);
      expect(third.queued).toEqual({ matched: 1, changed: 1, skipped: 0, held: 1 });
      ids.push(third.id);
      expect(await messageDetail(dw, w.clerkA, third.id)).toMatchObject({ status: 'held', heldReason: 'paused' });
      // The worker is running: the other position's account still sends.
      const b = await queuedDraft(w.clerkB, w.accountB, other);
      await untilStatus(dw, w.clerkB, b.id, 'sent');
      await sleep(300);
      for (const to of [...waiting, later]) expect(received(to)).toHaveLength(0);
      for (const id of ids) expect((await messageDetail(dw, w.clerkA, id)).status).toBe('held');

      const release = await call(h.t, w.admin, 'POST', `/api/accounts/${w.accountA}/release`);
      expect(expectStatus(release, 200)).toEqual({ released: 3 });
      expect((await account(w.accountA)).circuit).toMatchObject({ state: 'closed', failures: 0 });
      for (const id of ids) await untilStatus(dw, w.clerkA, id, 'sent');
    });
    for (const to of [...waiting, later]) expect(received(to)).toHaveLength(1);
    expect(received(other)).toHaveLength(1);
    for (const id of ids) expect((await messageDetail(dw, w.clerkA, id)).heldReason).toBeNull();

    const audit = await auditOf(dw, w.accountA);
    expect(audit.filter((a) => a.action.startsWith('account.h') || a.action === 'account.release')).toEqual([
      { action: 'account.hold', actorId: w.adminId, details: { held: 2 } },
      { action: 'account.release', actorId: w.adminId, details: { released: 3 } },
    ]);
    const queuedWhilePaused = (await auditOf(dw, ids[2] as string)).find((a) => a.action === 'message.queue');
    expect(queuedWhilePaused?.details).toMatchObject({ held: 'paused' });
  });

  it('a held message can be cancelled, and a release does not bring it back', async () => {
    const { h, w } = dw;
    const { id } = await queuedDraft(w.clerkB, w.accountB, 'anulowany.wstrzymany@example.pl');
    expect(expectStatus(await call(h.t, w.admin, 'POST', `/api/accounts/${w.accountB}/hold`), 200)).toEqual({
      held: 1,
    });
    const cancel = await call(h.t, w.clerkB, 'POST', '/api/messages/cancel', { selection: { ids: [id] } });
    expect(expectStatus(cancel, 200)).toEqual({ matched: 1, changed: 1, skipped: 0, held: 0 });
    expect(expectStatus(await call(h.t, w.admin, 'POST', `/api/accounts/${w.accountB}/release`), 200)).toEqual({
      released: 0,
    });
    await withWorker(h, () => sleep(300));
    expect(await messageDetail(dw, w.clerkB, id)).toMatchObject({ status: 'cancelled', attempts: [] });
    expect(received('anulowany.wstrzymany@example.pl')).toHaveLength(0);
    expect((await auditOf(dw, id)).find((a) => a.action === 'message.cancel')?.details).toEqual({
      previousStatus: 'held',
    });
  });
});

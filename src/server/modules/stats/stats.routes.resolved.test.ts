import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import {
  createDeliveryWorld,
  type DeliveryWorld,
  reject550,
  untilStatus,
  withWorker,
} from '../../../../test/support/delivery.js';
import { expectStatus } from '../../../../test/support/world.js';

/**
 * Issue 11, point 9 (D41): Pulpit tells the truth. A failed message that was repaired (resent, sent to a corrected
 * address, on paper) no longer counts; Błędy keeps it marked resolved with a link to the new message; a bulk resend
 * never sends the same message twice; a message waiting for a retry keeps Pulpit from saying all is fine.
 */
let dw: DeliveryWorld;
const A = 'aniela.brak@example.pl';
const B = 'bozena.brak@example.pl';
const FULL = 'pelna.skrzynka@example.pl';

const attention = async () => expectStatus(await call(dw.h.t, dw.w.clerkA, 'GET', '/api/stats/attention'), 200);
const resendFailed = () =>
  call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages/resend', {
    selection: { filter: { mailbox: 'failed', accountId: dw.w.accountA } },
  });

async function sendTo(toAddress: string) {
  const draft = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages', {
    accountId: dw.w.accountA,
    recipientId: null,
    toAddress,
    subject: 'Zawiadomienie o opłatach',
    text: 'W załączeniu zawiadomienie.',
  });
  const id = expectStatus(draft, 201).id as string;
  expectStatus(await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${id}/queue`), 200);
  return id;
}

beforeAll(async () => {
  dw = await createDeliveryWorld();
});
afterAll(() => dw?.h.close());

describe('Pulpit after repairs', () => {
  let failed: string[];

  it('counts refused messages until they are resent; two bulk resends at once send each only once', async () => {
    dw.behaviours.set(A, () => reject550(A));
    dw.behaviours.set(B, () => reject550(B));
    failed = [await sendTo(A), await sendTo(B)];
    await withWorker(dw.h, async () => {
      for (const id of failed) await untilStatus(dw, dw.w.clerkA, id, 'failed');
    });
    expect(await attention()).toMatchObject({ allFine: false, failed: 2 });

    // The addresses were fixed on the server's side; the clerk (or two clerks) resend everything in Błędy.
    dw.behaviours.clear();
    const [one, two] = await Promise.all([resendFailed(), resendFailed()]);
    const results = [expectStatus(one, 200), expectStatus(two, 200)];
    expect(results.reduce((n, r) => n + r.changed, 0)).toBe(2);
    // A third run finds nothing left to resend.
    expect(expectStatus(await resendFailed(), 200)).toMatchObject({ matched: 2, changed: 0, skipped: 2 });
    await withWorker(dw.h, () => dw.h.settle());
    expect(dw.h.sink.received.filter((r) => r.rcpt === A)).toHaveLength(1);
    expect(dw.h.sink.received.filter((r) => r.rcpt === B)).toHaveLength(1);

    expect(await attention()).toMatchObject({ allFine: true, failed: 0, retrying: 0 });
  });

  it('Błędy keeps the originals, marked resolved with the new message; "open" shows none', async () => {
    const list = expectStatus(await call(dw.h.t, dw.w.clerkA, 'GET', '/api/mailboxes/failed'), 200);
    const originals = list.items.filter((m: { id: string }) => failed.includes(m.id));
    expect(originals).toHaveLength(2);
    for (const m of originals) {
      expect(m.resolution).toMatchObject({ kind: 'resend', messageId: expect.any(String) });
      const child = expectStatus(
        await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${m.resolution.messageId}`),
        200,
      );
      expect(child).toMatchObject({ status: 'sent', parent: { id: m.id } });
    }
    const open = expectStatus(await call(dw.h.t, dw.w.clerkA, 'GET', '/api/mailboxes/failed?resolved=open'), 200);
    expect(open.items).toEqual([]);
    const counts = expectStatus(await call(dw.h.t, dw.w.clerkA, 'GET', '/api/mailboxes/counts?resolved=open'), 200);
    expect(counts.failed).toBe(0);
  });

  it('a message waiting for a retry is shown with the next try, and all is not fine beside it', async () => {
    dw.behaviours.set(FULL, () => ({
      kind: 'reject',
      at: 'rcpt',
      code: 452,
      message: '4.2.2 The email account that you tried to reach is over quota.',
    }));
    const id = await sendTo(FULL);
    await withWorker(dw.h, () => untilStatus(dw, dw.w.clerkA, id, 'retry_wait'));
    const now = await attention();
    expect(now).toMatchObject({ allFine: false, retrying: 1, failed: 0, accounts: [] });
    const row = await dw.h.message(id);
    expect(now.nextRetryAt).toEqual(expect.any(String));
    expect(now.nextRetryAt).toBe(
      (await dw.h.t.container.repos.messages.findById(dw.h.t.container.db, id))?.next_attempt_at,
    );
    expect(row.status).toBe('retry_wait');
  });
});

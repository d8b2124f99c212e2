import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { reject550, withWorker } from '../../../../test/support/delivery.js';
import {
  createDocumentWorld,
  type DocumentWorld,
  importFeeNotices,
  PERIOD,
} from '../../../../test/support/documents.js';
import { createHarness, type Harness } from '../../../../test/support/sending.js';
import type { Behaviour } from '../../../../test/support/smtp-sink.js';
import { expectError, expectFieldError, expectStatus } from '../../../../test/support/world.js';
import { systemActor } from '../auth/auth.js';

/**
 * A batch sent for real (a worker and an SMTP sink on 127.0.0.1): what the batch page counts while and after it is
 * sent, and a second batch for the same month and property that must not send the same notices again.
 */
let h: Harness;
let w: DocumentWorld;
const behaviours = new Map<string, Behaviour>();

beforeAll(async () => {
  h = await createHarness({ script: (rcpt) => behaviours.get(rcpt) ?? { kind: 'accept' } });
  w = await createDocumentWorld(h.t);
  for (const account of [w.accountA, w.accountB]) {
    expectStatus(await call(h.t, w.admin, 'PATCH', `/api/accounts/${account}`, { port: h.sink.port }), 200);
  }
  await importFeeNotices(h.t, w);
}, 60_000);
afterAll(() => h?.close());

const SELECTION = { period: PERIOD };

async function createBatch(extra: Record<string, unknown> = {}) {
  return expectStatus(
    await call(h.t, w.clerkA, 'POST', '/api/batches', {
      documentType: 'fee_notice',
      positionId: w.positionA,
      selection: SELECTION,
      ...extra,
    }),
    201,
  );
}

async function runToEnd(id: string) {
  expectStatus(await call(h.t, w.clerkA, 'POST', `/api/batches/${id}/run`), 202);
  await h.t.container.services.batches.idle();
  return expectStatus(await call(h.t, w.clerkA, 'GET', `/api/batches/${id}`), 200);
}

async function draftAddresses(batchId: string) {
  const rows = await h.t.container.db
    .selectFrom('messages')
    .select('to_address')
    .where('batch_id', '=', batchId)
    .execute();
  return rows.map((r) => r.to_address);
}

describe('a batch sent for real, then a second batch for the same month and property', () => {
  let first: { id: string; name: string; emailCount: number };
  let rejected: string;
  let secondId: string;

  it('counts the batch messages per state after sending; each count opens its mailbox filtered by the batch', async () => {
    first = await runToEnd((await createBatch()).id);
    expect(first.name).toBe('Zawiadomienie o wysokości opłat — kwiecień 2026');
    const drafted = expectStatus(await call(h.t, w.clerkA, 'GET', `/api/batches/${first.id}`), 200);
    expect(drafted.messages).toEqual({
      drafts: first.emailCount,
      queued: 0,
      held: 0,
      sent: 0,
      failed: 0,
      cancelled: 0,
    });
    rejected = (await draftAddresses(first.id))[0]!;
    behaviours.set(rejected, reject550(rejected));

    const queued = expectStatus(await call(h.t, w.clerkA, 'POST', `/api/batches/${first.id}/queue`, {}), 200);
    expect(queued.changed).toBe(first.emailCount);
    const waiting = expectStatus(await call(h.t, w.clerkA, 'GET', `/api/batches/${first.id}`), 200);
    expect(waiting.messages).toMatchObject({ drafts: 0, queued: first.emailCount, sent: 0 });

    await withWorker(h, () => h.settle());
    const after = expectStatus(await call(h.t, w.clerkA, 'GET', `/api/batches/${first.id}`), 200);
    expect(after.messages).toEqual({
      drafts: 0,
      queued: 0,
      held: 0,
      sent: first.emailCount - 1,
      failed: 1,
      cancelled: 0,
    });
    expect(h.sink.received.length).toBe(first.emailCount - 1);

    // Each count's link: the mailbox filtered by the batch shows exactly those messages.
    const sent = expectStatus(
      await call(h.t, w.clerkA, 'GET', `/api/mailboxes/sent?batchId=${first.id}&limit=200`),
      200,
    );
    expect(sent.items).toHaveLength(after.messages.sent);
    const failed = expectStatus(await call(h.t, w.clerkA, 'GET', `/api/mailboxes/failed?batchId=${first.id}`), 200);
    expect(failed.items.map((m: { toAddress: string }) => m.toAddress)).toEqual([rejected]);
    // The tab counts follow the same filter.
    const counts = expectStatus(await call(h.t, w.clerkA, 'GET', `/api/mailboxes/counts?batchId=${first.id}`), 200);
    expect(counts).toEqual({ drafts: 0, outbox: 0, sent: first.emailCount - 1, failed: 1, cancelled: 0 });
    const none = expectStatus(
      await call(h.t, w.clerkA, 'GET', `/api/mailboxes/counts?batchId=${first.id}&documentType=annual_settlement`),
      200,
    );
    expect(none).toEqual({ drafts: 0, outbox: 0, sent: 0, failed: 0, cancelled: 0 });
  }, 60_000);

  it('says before anything is made what was already sent, and the second batch leaves it out', async () => {
    const sentCount = first.emailCount - 1;
    const preview = expectStatus(
      await call(h.t, w.clerkA, 'POST', '/api/batches/preview', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        selection: SELECTION,
      }),
      200,
    );
    expect(preview.documents).toBe(w.units.length);
    expect(preview.alreadySent.messages).toBe(sentCount);
    expect(preview.alreadySent.earlier).toEqual([
      expect.objectContaining({ batchId: first.id, name: first.name, messages: sentCount }),
    ]);

    const second = await createBatch();
    secondId = second.id;
    expect(second.includeAlreadySent).toBe(false);
    expect(second.alreadySent).toMatchObject({ messages: sentCount });
    const made = await runToEnd(second.id);
    // Only the address whose message failed gets a new draft; the notices already sent are left out.
    expect(made.skippedAlreadySent).toBe(sentCount);
    expect(made.emailCount).toBe(1);
    expect(await draftAddresses(second.id)).toEqual([rejected]);
    const skipped = expectStatus(
      await call(h.t, w.clerkA, 'GET', `/api/batches/${second.id}/items?channel=email&limit=200`),
      200,
    );
    expect(skipped.items.filter((i: { reason: string | null }) => i.reason === 'already_sent')).toHaveLength(sentCount);
  }, 60_000);

  it('counts a queued message as sent, and sends again only when the clerk includes it on purpose (audited)', async () => {
    const queuedOnly = await runToEnd((await createBatch({ selection: { ...SELECTION } })).id);
    expect(queuedOnly.emailCount).toBe(1);
    // The earlier batch's one new draft (the failed address) is now queued, not sent: it counts too.
    expectStatus(await call(h.t, w.clerkA, 'POST', `/api/batches/${secondId}/queue`, {}), 200);
    const third = await runToEnd((await createBatch()).id);
    expect(third.emailCount).toBe(0);
    expect(third.skippedAlreadySent).toBe(first.emailCount);

    const onPurpose = await runToEnd((await createBatch({ includeAlreadySent: true })).id);
    expect(onPurpose.includeAlreadySent).toBe(true);
    expect(onPurpose.emailCount).toBe(first.emailCount);
    expect(onPurpose.skippedAlreadySent).toBe(0);
    const audit = await h.t.container.db
      .selectFrom('audit_log')
      .select('details')
      .where('entity_id', '=', onPurpose.id)
      .where('action', '=', 'batch.create')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({
      includeAlreadySent: true,
      alreadySent: { messages: first.emailCount },
    });
  }, 60_000);

  it('refuses a send scheduled past the limit for every way of queueing, in the service', async () => {
    const batch = await runToEnd((await createBatch({ includeAlreadySent: true })).id);
    const tooFar = new Date(Date.now() + 400 * 86_400_000).toISOString();
    expectFieldError(
      await call(h.t, w.clerkA, 'POST', `/api/batches/${batch.id}/queue`, { sendAt: tooFar }),
      'sendAt',
      /Za odległy termin/,
    );
    expectFieldError(
      await call(h.t, w.clerkA, 'POST', `/api/batches/${batch.id}/queue`, { sendAt: tooFar, dryRun: true }),
      'sendAt',
      /Za odległy termin/,
    );
    const { services } = h.t.container;
    const [draft] = await h.t.container.db
      .selectFrom('messages')
      .select('id')
      .where('batch_id', '=', batch.id)
      .execute();
    await expect(
      services.delivery.queue(systemActor('test'), { selection: { ids: [draft!.id] }, dryRun: false, sendAt: tooFar }),
    ).rejects.toThrow(/najwyżej rok naprzód/);
    const still = expectStatus(await call(h.t, w.clerkA, 'GET', `/api/batches/${batch.id}`), 200);
    expect(still.messages.drafts).toBe(batch.emailCount);
    expectError(
      await call(h.t, w.clerkA, 'POST', `/api/messages/${draft!.id}/queue`, { sendAt: tooFar }),
      400,
      'validation_failed',
    );
  }, 60_000);
});

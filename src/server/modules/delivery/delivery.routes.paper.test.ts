import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { expectPdf, pdfText, reject550, withWorker } from '../../../../test/support/delivery.js';
import { createDocumentWorld, type DocumentWorld, importFeeNotices } from '../../../../test/support/documents.js';
import { createHarness, type Harness } from '../../../../test/support/sending.js';
import type { Behaviour } from '../../../../test/support/smtp-sink.js';
import { expectError, expectStatus } from '../../../../test/support/world.js';

/**
 * Issue 11, point 3 (D41): "Wyślij papierowo" for a message whose address was refused with 550 5.1.1 — a failed
 * message of one batch, and a message of a later batch held because that address is now blocked. Its document joins
 * the batch's paper pack with the reason "address refused"; the batch's counts, the pack and Pulpit follow.
 */
let h: Harness;
let w: DocumentWorld;
const behaviours = new Map<string, Behaviour>();
const db = () => h.t.container.db;

beforeAll(async () => {
  h = await createHarness({ script: (rcpt) => behaviours.get(rcpt) ?? { kind: 'accept' } });
  w = await createDocumentWorld(h.t);
  expectStatus(await call(h.t, w.admin, 'PATCH', `/api/accounts/${w.accountA}`, { port: h.sink.port }), 200);
  await importFeeNotices(h.t, w);
}, 180_000);
afterAll(() => h?.close());

async function batchMade() {
  const created = expectStatus(
    await call(h.t, w.clerkA, 'POST', '/api/batches', {
      documentType: 'fee_notice',
      positionId: w.positionA,
      selection: { period: '2026-04' },
    }),
    201,
  );
  expectStatus(await call(h.t, w.clerkA, 'POST', `/api/batches/${created.id}/run`), 202);
  await h.t.container.services.batches.idle();
  return created.id as string;
}

const batch = async (id: string) => expectStatus(await call(h.t, w.clerkA, 'GET', `/api/batches/${id}`), 200);
const message = async (id: string) => expectStatus(await call(h.t, w.clerkA, 'GET', `/api/messages/${id}`), 200);
const toPaper = (id: string, session = w.clerkA) => call(h.t, session, 'POST', `/api/messages/${id}/paper`);
const messagesOf = (batchId: string) =>
  db()
    .selectFrom('messages')
    .innerJoin('recipients', 'recipients.id', 'messages.recipient_id')
    .select(['messages.id', 'messages.to_address', 'messages.status', 'messages.held_reason', 'recipients.name'])
    .where('batch_id', '=', batchId)
    .orderBy('messages.to_address')
    .execute();

describe('"Wyślij papierowo" for a refused address', () => {
  let first: string;
  let second: string;
  let refused: { id: string; to_address: string; name: string }[];
  let paperBefore: number;

  beforeAll(async () => {
    first = await batchMade();
    refused = (await messagesOf(first)).slice(0, 2);
    for (const r of refused) behaviours.set(r.to_address, reject550(r.to_address));
    expectStatus(await call(h.t, w.clerkA, 'POST', `/api/batches/${first}/queue`, {}), 200);
    await withWorker(h, () => h.settle());
    // A later batch for the same notices: the refused addresses get new messages, held as they are blocked.
    second = await batchMade();
    paperBefore = (await batch(second)).paperCount;
    expectStatus(await call(h.t, w.clerkA, 'POST', `/api/batches/${second}/queue`, {}), 200);
  }, 180_000);

  it('a message held for a blocked address leaves the outbox and its document joins the paper pack', async () => {
    const held = (await messagesOf(second)).filter((m) => m.to_address === refused[0]!.to_address);
    expect(held).toEqual([expect.objectContaining({ status: 'held', held_reason: 'suppressed' })]);
    const heldId = held[0]!.id;
    expect((await message(heldId)).paperOffered).toBe(true);
    // Another position's clerk may not.
    expectStatus(await toPaper(heldId, w.clerkB), 403);

    expect(expectStatus(await toPaper(heldId), 200)).toEqual({ batchId: second });
    const after = await message(heldId);
    expect(after).toMatchObject({ status: 'cancelled', mailbox: 'cancelled', paperOffered: false });
    expect(after.resolution).toMatchObject({ kind: 'paper', messageId: null });

    const b = await batch(second);
    expect(b.paperByReason.address_refused).toBe(1);
    expect(b.paperCount).toBe(paperBefore + 1);
    expect(b.messages).toMatchObject({ held: 1, cancelled: 1 });
    expect(b.hasPaperPack).toBe(true);
    const items = expectStatus(
      await call(h.t, w.clerkA, 'GET', `/api/batches/${second}/items?channel=paper&limit=200`),
      200,
    );
    expect(items.items.filter((i: { reason: string }) => i.reason === 'address_refused')).toEqual([
      expect.objectContaining({ messageId: heldId, recipientName: refused[0]!.name }),
    ]);
    const pack = pdfText(expectPdf(await call(h.t, w.clerkA, 'GET', `/api/batches/${second}/paper-pack`)));
    // The list's row: who, and why on paper (the reason wraps in its column).
    const row = pack.split('\n').find((line) => line.includes(refused[0]!.name));
    expect(row).toContain('adres e-mail');
    expect(pack).toContain('odrzucony');

    const audit = await db()
      .selectFrom('audit_log')
      .select(['details'])
      .where('entity_id', '=', heldId)
      .where('action', '=', 'message.send_paper')
      .execute();
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([
      expect.objectContaining({ batchId: second, previousStatus: 'held', address: refused[0]!.to_address }),
    ]);
    // Twice is refused, nothing added.
    expectError(await toPaper(heldId), 409, 'conflict', /już w paczce do druku/);
    expect((await batch(second)).paperCount).toBe(paperBefore + 1);
  });

  it('a failed message refused for its address goes on paper, stays in Błędy as resolved, leaves Pulpit', async () => {
    const failedId = refused[1]!.id;
    const attention = async () =>
      expectStatus(await call(h.t, w.clerkA, 'GET', '/api/stats/attention'), 200) as { failed: number };
    const failedBefore = (await attention()).failed;
    expect((await batch(first)).messages.failed).toBe(2);

    expectStatus(await toPaper(failedId), 200);
    const after = await message(failedId);
    expect(after).toMatchObject({ status: 'failed', resolution: { kind: 'paper' }, paperOffered: false });
    expect((await attention()).failed).toBe(failedBefore - 1);
    const b = await batch(first);
    expect(b.messages.failed).toBe(1);
    expect(b.paperByReason.address_refused).toBe(1);
    // Błędy keeps it as the record; the "still needs me" filter leaves it out.
    const all = expectStatus(await call(h.t, w.clerkA, 'GET', `/api/mailboxes/failed?batchId=${first}`), 200);
    expect(all.items.find((m: { id: string }) => m.id === failedId)?.resolution).toMatchObject({ kind: 'paper' });
    const open = expectStatus(
      await call(h.t, w.clerkA, 'GET', `/api/mailboxes/failed?batchId=${first}&resolved=open`),
      200,
    );
    expect(open.items.map((m: { id: string }) => m.id)).toEqual([refused[0]!.id]);
    const counts = expectStatus(
      await call(h.t, w.clerkA, 'GET', `/api/mailboxes/counts?batchId=${first}&resolved=open`),
      200,
    );
    expect(counts.failed).toBe(1);
  });

  it('a message whose address was not refused is not sent on paper', async () => {
    const sent = (await messagesOf(first)).find((m) => m.status === 'sent')!;
    expect((await message(sent.id)).paperOffered).toBe(false);
    expectError(await toPaper(sent.id), 409, 'conflict', /adres serwer odrzucił/);
    expect((await batch(first)).paperByReason.address_refused).toBe(1);
  });
});

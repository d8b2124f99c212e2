import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld, importFeeNotices } from '../../../../test/support/documents.js';
import { expectStatus } from '../../../../test/support/world.js';
import { readVerpToken, VERP_KEY_PURPOSE } from '../../feedback/verp-token.js';

/**
 * Read receipts on request (issue 12, point 7; D46): off by default; asked for per account or per batch (a batch's
 * choice wins over its account's). When asked, the frozen .eml carries Disposition-Notification-To with the same
 * VERP address as the envelope sender (Return-Path); otherwise it has no such header.
 */
let t: TestApp;
let w: DocumentWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t);
  await importFeeNotices(t, w);
}, 120_000);
afterAll(() => t?.close());

const patchAccount = async (body: Record<string, unknown>) =>
  expectStatus(await call(t, w.admin, 'PATCH', `/api/accounts/${w.accountA}`, body), 200);

async function queuedDraft() {
  const draft = expectStatus(
    await call(t, w.clerkA, 'POST', '/api/messages', {
      accountId: w.accountA,
      toName: 'Zofia Żurawska',
      toAddress: 'zofia.zurawska@example.pl',
      subject: 'Zawiadomienie',
      text: 'W załączeniu zawiadomienie.',
    }),
    201,
  );
  expectStatus(await call(t, w.clerkA, 'POST', `/api/messages/${draft.id}/queue`, {}), 200);
  return frozen(draft.id);
}

/** The frozen .eml's header block and the envelope sender stored with it. */
async function frozen(id: string) {
  const res = await call(t, w.clerkA, 'GET', `/api/messages/${id}/eml`);
  expect(res.statusCode, res.body).toBe(200);
  // Unfolded: a long header value continues on the next line (RFC 5322 folding).
  const headers = (res.body.split('\r\n\r\n')[0] as string).replace(/\r\n[ \t]+/g, ' ');
  const detail = expectStatus(await call(t, w.clerkA, 'GET', `/api/messages/${id}`), 200);
  return {
    headers,
    envelopeFrom: detail.envelopeFrom as string,
    dnt: headers.match(/^Disposition-Notification-To: (.*)$/im)?.[1] ?? null,
  };
}

async function batchMessages(extra: Record<string, unknown>) {
  const batch = expectStatus(
    await call(t, w.clerkA, 'POST', '/api/batches', {
      documentType: 'fee_notice',
      positionId: w.positionA,
      selection: { period: '2026-04' },
      includeAlreadySent: true,
      ...extra,
    }),
    201,
  );
  expectStatus(await call(t, w.clerkA, 'POST', `/api/batches/${batch.id}/run`), 202);
  await t.container.services.batches.idle();
  expectStatus(await call(t, w.clerkA, 'POST', `/api/batches/${batch.id}/queue`, {}), 200);
  const rows = await t.container.db.selectFrom('messages').select('id').where('batch_id', '=', batch.id).execute();
  expect(rows.length).toBeGreaterThan(0);
  const view = expectStatus(await call(t, w.clerkA, 'GET', `/api/batches/${batch.id}`), 200);
  return { view, emls: await Promise.all(rows.map((r) => frozen(r.id))) };
}

describe('read receipts on request', () => {
  it('are off by default: no Disposition-Notification-To', async () => {
    const account = expectStatus(await call(t, w.admin, 'GET', `/api/accounts/${w.accountA}`), 200);
    expect(account.readReceipt).toBe(false);
    const eml = await queuedDraft();
    expect(eml.dnt).toBeNull();
    expect(eml.headers).not.toMatch(/Disposition-Notification/i);
  });

  it('per account: the header names the same signed VERP address as the envelope sender', async () => {
    expect((await patchAccount({ readReceipt: true, envelopeMode: 'verp' })).readReceipt).toBe(true);
    const eml = await queuedDraft();
    expect(eml.envelopeFrom).toMatch(/^zwrotne\.[a-z]+\+[a-z2-7]{40}@zarzadca\.example\.pl$/);
    expect(eml.dnt).toBe(eml.envelopeFrom);
    const key = t.container.secrets.deriveKey(VERP_KEY_PURPOSE);
    expect(readVerpToken(eml.dnt as string, key)?.strength).toBe('signed');
    // Without VERP, the feedback address itself (again the envelope sender).
    await patchAccount({ envelopeMode: 'feedback' });
    const plain = await queuedDraft();
    expect(plain.dnt).toBe(plain.envelopeFrom);
    expect(plain.envelopeFrom).toMatch(/^zwrotne\.[a-z]+@zarzadca\.example\.pl$/);
  });

  it("per batch: the batch's choice wins over the account's, and is shown on the batch", async () => {
    await patchAccount({ readReceipt: true, envelopeMode: 'verp' });
    const declined = await batchMessages({ readReceipt: false });
    expect(declined.view.readReceipt).toBe(false);
    for (const eml of declined.emls) expect(eml.dnt).toBeNull();

    await patchAccount({ readReceipt: false });
    const asked = await batchMessages({ readReceipt: true });
    expect(asked.view.readReceipt).toBe(true);
    for (const eml of asked.emls) expect(eml.dnt).toBe(eml.envelopeFrom);

    // Not said: as the account says (now off).
    const inherited = await batchMessages({});
    expect(inherited.view.readReceipt).toBeNull();
    for (const eml of inherited.emls) expect(eml.dnt).toBeNull();
  }, 180_000);
});

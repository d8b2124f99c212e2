import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  createDocumentWorld,
  type DocumentWorld,
  expectedAudience,
  importFeeNotices,
  PERIOD,
} from '../../../../test/support/documents.js';
import { pdfPages, pdfText } from '../../../../test/support/pdf.js';
import { expectError, expectFieldError, expectStatus, upload } from '../../../../test/support/world.js';

let t: TestApp;
let w: DocumentWorld;
let importId: string;
let documentIds: string[];

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t);
  importId = (await importFeeNotices(t, w)).importId;
  documentIds = (
    await t.container.db.selectFrom('documents').select('id').where('import_id', '=', importId).execute()
  ).map((r) => r.id);
}, 60_000);
afterAll(() => t?.close());

async function runToEnd(session: typeof w.admin, id: string) {
  expectStatus(await call(t, session, 'POST', `/api/batches/${id}/run`), 202);
  await t.container.services.batches.idle();
  return expectStatus(await call(t, session, 'GET', `/api/batches/${id}`), 200);
}

async function draftsOf(batchId: string) {
  return t.container.db.selectFrom('messages').selectAll().where('batch_id', '=', batchId).execute();
}

describe('batches (wysyłki)', () => {
  let batchId: string;

  it('makes one draft per e-mail address and a paper pack for the rest, and never duplicates on a re-run', async () => {
    const created = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        selection: { period: PERIOD },
      }),
      201,
    );
    batchId = created.id;
    expect(created).toMatchObject({ status: 'new', accountId: w.accountA, total: w.units.length, done: 0 });
    const regulamin = Buffer.from('%PDF-1.4\n% regulamin\n');
    expectStatus(
      await upload(t, w.clerkA, `/api/batches/${batchId}/attachments`, {
        filename: 'Regulamin rozliczeń.pdf',
        contentType: 'application/pdf',
        data: regulamin,
      }),
      201,
    );

    const ready = await runToEnd(w.clerkA, batchId);
    const expected = await expectedAudience(t, documentIds);
    expect(expected.email).toBeGreaterThan(5);
    expect(ready).toMatchObject({
      status: 'ready',
      total: w.units.length,
      done: w.units.length,
      emailCount: expected.email,
    });
    expect(ready.paperCount).toBe(Object.values(expected.paper).reduce((s, n) => s + n, 0));
    for (const [reason, n] of Object.entries(expected.paper)) expect(ready.paperByReason[reason]).toBe(n);

    const drafts = await draftsOf(batchId);
    expect(drafts).toHaveLength(expected.email);
    expect(new Set(drafts.map((d) => d.to_address)).size).toBe(drafts.length);
    expect(
      drafts.every((d) => d.status === 'draft' && d.account_id === w.accountA && d.document_type === 'fee_notice'),
    ).toBe(true);
    const one = expectStatus(await call(t, w.clerkA, 'GET', `/api/messages/${drafts[0]!.id}`), 200);
    expect(one.subject).toMatch(/^Zawiadomienie o wysokości opłat od 01\.04\.2026 — lokal /);
    expect(one.text).toMatch(/\d\u00a0zł \(słownie: /);
    expect(one.attachments.map((a: { filename: string }) => a.filename)).toEqual([
      expect.stringMatching(/^zawiadomienie_oplaty_2026-04_lokal_.+\.pdf$/),
      'Regulamin rozliczeń.pdf',
    ]);

    // Running again makes nothing new.
    const again = await runToEnd(w.clerkA, batchId);
    expect(again.emailCount).toBe(expected.email);
    expect(await draftsOf(batchId)).toHaveLength(expected.email);

    // The mailbox filters by batch.
    const page = expectStatus(
      await call(t, w.clerkA, 'GET', `/api/mailboxes/drafts?batchId=${batchId}&limit=200`),
      200,
    );
    expect(page.items).toHaveLength(expected.email);
  }, 60_000);

  it('gives the paper pack as one PDF: the list, then every paper copy', async () => {
    const batch = expectStatus(await call(t, w.clerkA, 'GET', `/api/batches/${batchId}`), 200);
    expect(batch.hasPaperPack).toBe(batch.paperCount > 0);
    const res = await call(t, w.clerkA, 'GET', `/api/batches/${batchId}/paper-pack`);
    expect(res.statusCode).toBe(200);
    const pack = res.rawPayload;
    const text = pdfText(pack).replace(/\s+/g, ' ');
    expect(text).toContain('WYSYŁKA PAPIEROWA — LISTA');
    expect(text).toMatch(/brak zgody na e-|papier na życzenie/);
    expect(text).not.toMatch(/wybrał|wybrała/);
    // One page per copy (the demo's fee notices fit one page) after the list.
    expect(pdfPages(pack)).toBeGreaterThanOrEqual(batch.paperCount + 1);
    const items = expectStatus(
      await call(t, w.clerkA, 'GET', `/api/batches/${batchId}/items?channel=paper&limit=200`),
      200,
    );
    expect(items.items).toHaveLength(batch.paperCount);
    expect(items.items.every((i: { reason: string | null }) => i.reason !== null)).toBe(true);
  });

  it('queues the whole batch, freezing each message', async () => {
    const dry = expectStatus(await call(t, w.clerkA, 'POST', `/api/batches/${batchId}/queue`, { dryRun: true }), 200);
    const drafts = await draftsOf(batchId);
    expect(dry.changed).toBe(drafts.length);
    const done = expectStatus(await call(t, w.clerkA, 'POST', `/api/batches/${batchId}/queue`, {}), 200);
    expect(done.changed).toBe(drafts.length);
    const after = await draftsOf(batchId);
    expect(after.every((m) => m.status === 'queued' && m.eml_sha256 !== null)).toBe(true);
  });

  it('keeps batches to their position: another clerk cannot see or use them', async () => {
    expectError(await call(t, w.clerkB, 'GET', `/api/batches/${batchId}`), 403, 'forbidden');
    expectError(await call(t, w.clerkB, 'POST', `/api/batches/${batchId}/run`), 403, 'forbidden');
    expectError(await call(t, w.clerkB, 'GET', `/api/batches/${batchId}/paper-pack`), 403, 'forbidden');
    expectError(
      await call(t, w.clerkB, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        selection: { period: PERIOD },
      }),
      403,
      'forbidden',
      /stanowisku/,
    );
    const list = expectStatus(await call(t, w.clerkB, 'GET', '/api/batches'), 200);
    expect(list.items.map((b: { id: string }) => b.id)).not.toContain(batchId);
    expectError(await call(t, null, 'GET', '/api/batches'), 401, 'unauthenticated');
  });

  it('refuses a batch with no documents, a foreign account or a template with an unknown variable', async () => {
    expectFieldError(
      await call(t, w.clerkA, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        selection: { period: '2030-01' },
      }),
      'selection',
      /Brak dokumentów/,
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        accountId: w.accountB,
        selection: { period: PERIOD },
      }),
      'accountId',
      /stanowiska/,
    );
    const bad = await call(t, w.clerkA, 'POST', '/api/batches', {
      documentType: 'fee_notice',
      positionId: w.positionA,
      selection: { period: PERIOD },
      template: { subject: 'Opłaty {{ document.razem }}', html: '<p>x</p>' },
    });
    expectFieldError(bad, 'subject', /Nieznana zmienna „document.razem”/);
    expectFieldError(
      await call(t, w.clerkA, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        selection: {},
      }),
      'selection',
      /Wskaż dokumenty/,
    );
  });
});

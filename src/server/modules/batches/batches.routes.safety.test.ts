import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld, importFeeNotices } from '../../../../test/support/documents.js';
import { expectStatus } from '../../../../test/support/world.js';
import { TEMPLATE_LIMITS } from '../../documents/template-engine.js';

let t: TestApp;
let w: DocumentWorld;
let importId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t);
  importId = (await importFeeNotices(t, w)).importId;
}, 60_000);
afterAll(() => t?.close());

/** The batch's documents in the order a run takes them. */
async function documentsInRunOrder() {
  return t.container.db
    .selectFrom('documents')
    .select(['id', 'data', 'recipient_id', 'unit_id'])
    .where('import_id', '=', importId)
    .orderBy('property_id')
    .orderBy('recipient_key')
    .orderBy('id')
    .execute();
}

async function createAndRun(template: { subject: string; html: string; text?: string }) {
  const created = expectStatus(
    await call(t, w.clerkA, 'POST', '/api/batches', {
      documentType: 'fee_notice',
      positionId: w.positionA,
      selection: { importId },
      template,
    }),
    201,
  );
  expectStatus(await call(t, w.clerkA, 'POST', `/api/batches/${created.id}/run`), 202);
  await t.container.services.batches.idle();
  return expectStatus(await call(t, w.clerkA, 'GET', `/api/batches/${created.id}`), 200);
}

describe('batches: templates over a limit and hidden characters from data', () => {
  it('stops a run at the document whose data takes the template over a limit, naming the limit in Polish', async () => {
    // The first document (checked when the batch is made) is ordinary; the rest carry a total of 2 mln zł.
    const docs = await documentsInRunOrder();
    for (const d of docs.slice(1)) {
      const data = { ...JSON.parse(d.data), total: 200_000_000 };
      await t.container.db
        .updateTable('documents')
        .set({ data: JSON.stringify(data) })
        .where('id', '=', d.id)
        .execute();
    }
    const started = performance.now();
    const batch = await createAndRun({
      subject: 'Opłaty — lokal {{ unit.number }}',
      html: '<p>{{ document.total | kwota }}</p>{% if document.total > 100000000 %}{% for i in (1..document.total) %}.{% endfor %}{% endif %}',
    });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(batch.status).toBe('failed');
    expect(batch.error).toMatch(
      /^Tworzenie wiadomości zatrzymane przy dokumencie „.+”\. Szablon tworzy za dużo treści/,
    );
    expect(batch.error).toContain(`limit ${TEMPLATE_LIMITS.renderUnits.toLocaleString('pl-PL')} znaków`);
    for (const d of docs.slice(1)) {
      const data = { ...JSON.parse(d.data) };
      await t.container.db
        .updateTable('documents')
        .set({ data: JSON.stringify(data) })
        .where('id', '=', d.id)
        .execute();
    }
  });

  it('drops bidi overrides and controls from names, file names and the rendered subject', async () => {
    const db = t.container.db;
    const spoof = 'Jan\u202Egnp.exe\u200F Kowal\u0007ski';
    await db.updateTable('recipients').set({ name: spoof }).execute();
    await db
      .updateTable('documents')
      .set({ filename: 'faktura\u202Efdp.exe\r\n.pdf', title: 'Opłaty\u2066 kwiecień\u2069' })
      .where('import_id', '=', importId)
      .execute();
    const batch = await createAndRun({
      subject: 'Dla {{ recipient.name }}: {{ document.title }}',
      html: '<p>{{ recipient.name }}</p>',
    });
    expect(batch.status).toBe('ready');
    const drafts = await db.selectFrom('messages').selectAll().where('batch_id', '=', batch.id).execute();
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) {
      expect(d.to_name).toBe('Jangnp.exe Kowalski');
      expect(d.subject).toBe('Dla Jangnp.exe Kowalski: Opłaty kwiecień');
    }
    const files = await db
      .selectFrom('message_attachments')
      .select('filename')
      .where(
        'message_id',
        'in',
        drafts.map((d) => d.id),
      )
      .execute();
    expect(new Set(files.map((f) => f.filename))).toEqual(new Set(['fakturafdp.exe .pdf']));
  });
});

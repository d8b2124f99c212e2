import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  createDocumentWorld,
  type DocumentWorld,
  importFeeNotices,
  PERIOD,
} from '../../../../test/support/documents.js';
import { assignProperties, expectError, expectStatus } from '../../../../test/support/world.js';
import { demoFeeNotice } from '../../demo/demo-documents.js';

/**
 * Documents belong to properties; a clerk lists, reads, imports and sends them only within the properties their
 * positions serve (issue 10, point 3). Clerk B's position is narrowed to one property of the demo.
 */
let t: TestApp;
let w: DocumentWorld;
let mine: string;
let keysOf: Map<string, string>;

const count = async () =>
  Number(
    (
      await t.container.db
        .selectFrom('documents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t);
  await importFeeNotices(t, w);
  const units = await t.container.db.selectFrom('units').select(['external_key', 'property_id']).execute();
  keysOf = new Map(units.map((u) => [u.external_key as string, u.property_id]));
  mine = units[0]!.property_id;
  await assignProperties(t, w, w.positionB, [mine]);
}, 60_000);
afterAll(() => t?.close());

describe('documents: kept to the properties of the clerk’s positions', () => {
  it('lists only the documents of their properties', async () => {
    const page = expectStatus(await call(t, w.clerkB, 'GET', '/api/documents?limit=200'), 200);
    const expected = await t.container.db
      .selectFrom('documents')
      .select('id')
      .where('property_id', '=', mine)
      .execute();
    expect(page.items.length).toBe(expected.length);
    expect(page.items.every((d: { propertyId: string }) => d.propertyId === mine)).toBe(true);
    // The administrator and clerk A (whose position serves every demo property) still see all of them.
    expect(expectStatus(await call(t, w.clerkA, 'GET', '/api/documents?limit=200'), 200).items).toHaveLength(
      await count(),
    );
  });

  it('refuses a document, its PDF and its preview outside their properties', async () => {
    const other = await t.container.db
      .selectFrom('documents')
      .select('id')
      .where('property_id', '!=', mine)
      .executeTakeFirstOrThrow();
    expectError(await call(t, w.clerkB, 'GET', `/api/documents/${other.id}`), 403, 'forbidden', /spoza/);
    expectError(await call(t, w.clerkB, 'GET', `/api/documents/${other.id}/pdf`), 403, 'forbidden');
    expectError(
      await call(t, w.clerkB, 'POST', '/api/templates/preview', {
        documentType: 'fee_notice',
        template: { subject: '{{ document.title }}', html: '<p>{{ recipient.name }}</p>', text: '' },
        documentId: other.id,
      }),
      403,
      'forbidden',
    );
    const own = await t.container.db
      .selectFrom('documents')
      .select('id')
      .where('property_id', '=', mine)
      .executeTakeFirstOrThrow();
    expectStatus(await call(t, w.clerkB, 'GET', `/api/documents/${own.id}`), 200);
  });

  it('rejects an import with keys of other properties as a whole, naming each such row', async () => {
    const before = await count();
    const items = w.units.map((u) => ({ recipientKey: u.key, data: demoFeeNotice(u, '2026-05') }));
    const res = await call(t, w.clerkB, 'POST', '/api/documents/import', { type: 'fee_notice', items });
    const error = expectError(res, 422, 'rows_rejected') as unknown as { rows: { key: string; message: string }[] };
    const foreign = w.units.filter((u) => keysOf.get(u.key) !== mine);
    expect(error.rows.map((r) => r.key).sort()).toEqual(foreign.map((u) => u.key).sort());
    expect(error.rows.every((r) => /spoza Twojego stanowiska/.test(r.message))).toBe(true);
    expect(await count()).toBe(before);
    const ownItems = items.filter((i) => keysOf.get(i.recipientKey) === mine);
    const ok = expectStatus(
      await call(t, w.clerkB, 'POST', '/api/documents/import', { type: 'fee_notice', items: ownItems }),
      201,
    );
    expect(ok.created).toBe(ownItems.length);
  });

  it("a batch takes only the documents of its position's properties", async () => {
    const batch = expectStatus(
      await call(t, w.clerkB, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionB,
        selection: { period: PERIOD },
      }),
      201,
    );
    const expected = await t.container.db
      .selectFrom('documents')
      .select('id')
      .where('property_id', '=', mine)
      .where('period', '=', PERIOD)
      .execute();
    expect(batch.total).toBe(expected.length);
    const otherProperty = [...keysOf.values()].find((p) => p !== mine) as string;
    expectError(
      await call(t, w.clerkB, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionB,
        selection: { period: PERIOD, propertyId: otherProperty },
      }),
      400,
      'validation_failed',
      /nie obsługuje/,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld, importFeeNotices } from '../../../../test/support/documents.js';
import { pageThrough } from '../../../../test/support/paging.js';
import { expectStatus } from '../../../../test/support/world.js';

// Mailboxes filtered by property (nieruchomość), issue 13 point 7 (D63).

let t: TestApp;
let w: DocumentWorld;
/** Draft id → its property, worked out from the database the long way round. */
const propertyOf = new Map<string, string>();
let properties: string[];
let manualDraft: string;
let manualProperty: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t);
  await importFeeNotices(t, w);
  const batch = expectStatus(
    await call(t, w.admin, 'POST', '/api/batches', {
      documentType: 'fee_notice',
      positionId: w.positionA,
      selection: { period: '2026-04' },
    }),
    201,
  );
  expectStatus(await call(t, w.admin, 'POST', `/api/batches/${batch.id}/run`), 202);
  await t.container.services.batches.idle();
  const db = t.container.db;
  const rows = await db
    .selectFrom('messages')
    .innerJoin('documents', 'documents.id', 'messages.document_id')
    .select(['messages.id', 'documents.property_id'])
    .execute();
  for (const r of rows) propertyOf.set(r.id, r.property_id as string);
  properties = [...new Set(propertyOf.values())];
  // A draft written by hand (no document) to a person of one unit belongs to that unit's property.
  const person = await db
    .selectFrom('recipient_units')
    .innerJoin('units', 'units.id', 'recipient_units.unit_id')
    .select(['recipient_units.recipient_id', 'units.property_id'])
    .executeTakeFirstOrThrow();
  manualProperty = person.property_id;
  manualDraft = expectStatus(
    await call(t, w.admin, 'POST', '/api/messages', {
      accountId: w.accountA,
      recipientId: person.recipient_id,
      toAddress: 'ktos@example.pl',
      subject: 'Pismo ręczne',
      text: 'Treść',
    }),
    201,
  ).id;
  // One more by hand to nobody on file: no property, so no property filter shows it.
  expectStatus(
    await call(t, w.admin, 'POST', '/api/messages', {
      accountId: w.accountA,
      toAddress: 'obcy@example.pl',
      subject: 'Bez adresata',
      text: 'Treść',
    }),
    201,
  );
}, 90_000);
afterAll(() => t?.close());

describe('GET /api/mailboxes/:mailbox?propertyId=', () => {
  it('lists only the property’s messages, every one of them, page by page without gaps or repeats', async () => {
    expect(properties.length).toBeGreaterThan(1);
    for (const property of properties) {
      const items = await pageThrough<{ id: string }>(t, w.admin, `/api/mailboxes/drafts?propertyId=${property}`, 7);
      const expected = [...propertyOf].filter(([, p]) => p === property).map(([id]) => id);
      if (property === manualProperty) expected.push(manualDraft);
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
      expect(items.map((i) => i.id).sort()).toEqual(expected.sort());
    }
  });

  it('counts per mailbox under the same filter, and narrows a clerk’s own messages only', async () => {
    const property = properties[0]!;
    const counts = expectStatus(await call(t, w.admin, 'GET', `/api/mailboxes/counts?propertyId=${property}`), 200);
    const expected =
      [...propertyOf.values()].filter((p) => p === property).length + (property === manualProperty ? 1 : 0);
    expect(counts.drafts).toBe(expected);
    // Clerk B works for the other account: the property filter shows them none of account A's drafts.
    const other = expectStatus(await call(t, w.clerkB, 'GET', `/api/mailboxes/drafts?propertyId=${property}`), 200);
    expect(other.items).toEqual([]);
  });
});

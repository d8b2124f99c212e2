import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld } from '../../../../test/support/documents.js';
import { expectStatus } from '../../../../test/support/world.js';
import { salesDocumentSample } from '../../documents/types/sales-document.sample.js';

// A sales document goes to the buyer it names, not to everyone on the unit (issue 13 point 7, D63).

let t: TestApp;
let w: DocumentWorld;
let unitKey: string;
/** Two people on one unit, both by e-mail with consent. */
let anna: { id: string; name: string };
let piotr: { id: string; name: string };

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t);
  const db = t.container.db;
  const unit = await db
    .selectFrom('units')
    .select(['id', 'external_key'])
    .where('external_key', 'is not', null)
    .orderBy('external_key')
    .executeTakeFirstOrThrow();
  unitKey = unit.external_key!;
  // The unit gets exactly these two people, through the API as an office would record them.
  await db.deleteFrom('recipient_units').where('unit_id', '=', unit.id).execute();
  const person = async (name: string, email: string) =>
    expectStatus(
      await call(t, w.admin, 'POST', '/api/recipients', {
        name,
        street: 'ul. Lipowa 7/12',
        postalCode: '31-042',
        city: 'Kraków',
        channel: 'email',
        emails: [email],
        consent: { date: '2026-01-10', source: 'Oświadczenie' },
        units: [{ unitId: unit.id, role: 'owner' }],
      }),
      201,
    ) as { id: string; name: string };
  anna = await person('Anna Nowak', 'anna.nowak@example.pl');
  piotr = await person('Piotr Nowak', 'piotr.nowak@example.pl');
}, 60_000);
afterAll(() => t?.close());

/** Imports one sales document per buyer name for the unit, runs a batch of them; returns the batch and its drafts. */
async function sendInvoices(period: string, buyers: string[]) {
  const items = buyers.map((name, i) => {
    const data = salesDocumentSample();
    return {
      recipientKey: unitKey,
      data: {
        ...data,
        number: `FV/${period}/${i + 1}`,
        issueDate: `${period}-05`,
        paymentDeadline: `${period}-20`,
        buyer: { ...data.buyer, name },
      },
    };
  });
  const imported = expectStatus(
    await call(t, w.admin, 'POST', '/api/documents/import', { type: 'sales_document', items }),
    201,
  );
  const batch = expectStatus(
    await call(t, w.admin, 'POST', '/api/batches', {
      documentType: 'sales_document',
      positionId: w.positionA,
      selection: { importId: imported.importId },
    }),
    201,
  );
  expectStatus(await call(t, w.admin, 'POST', `/api/batches/${batch.id}/run`), 202);
  await t.container.services.batches.idle();
  const done = expectStatus(await call(t, w.admin, 'GET', `/api/batches/${batch.id}`), 200);
  const drafts = await t.container.db
    .selectFrom('messages')
    .select(['recipient_id', 'to_address', 'subject'])
    .where('batch_id', '=', batch.id)
    .execute();
  return { batch: done, drafts };
}

describe('sales documents and their buyer', () => {
  it('two people on one unit: only the buyer named in the invoice gets it (name matched in any word order)', async () => {
    const { batch, drafts } = await sendInvoices('2026-05', ['Anna Nowak', 'NOWAK  Piotr']);
    expect(batch.error).toBeNull();
    expect(batch.buyerProblems).toEqual([]);
    expect(drafts.map((d) => [d.recipient_id, d.to_address, d.subject.includes('FV/2026-05/1')]).sort()).toEqual(
      [
        [anna.id, 'anna.nowak@example.pl', true],
        [piotr.id, 'piotr.nowak@example.pl', false],
      ].sort(),
    );
  });

  it('a buyer who is not on the unit: nobody gets it, and the batch lists the document for the clerk', async () => {
    const { batch, drafts } = await sendInvoices('2026-06', ['Jan Kowalski']);
    expect(drafts).toEqual([]);
    expect(batch.buyerProblems).toEqual([
      {
        documentId: expect.any(String),
        title: expect.stringContaining('FV/2026-06/1'),
        reason: 'buyer_not_found',
        buyer: 'Jan Kowalski',
        candidates: expect.arrayContaining(['Anna Nowak', 'Piotr Nowak']),
      },
    ]);
  });

  it('two people of the buyer’s name on the unit: nobody gets it, the problem says so', async () => {
    const twin = expectStatus(
      await call(t, w.admin, 'POST', '/api/recipients', {
        name: 'Anna Nowak',
        street: 'ul. Lipowa 7/12',
        postalCode: '31-042',
        city: 'Kraków',
        channel: 'email',
        emails: ['anna.nowak.2@example.pl'],
        consent: { date: '2026-01-10', source: 'Oświadczenie' },
        units: [
          {
            unitId: (
              await t.container.db
                .selectFrom('units')
                .select('id')
                .where('external_key', '=', unitKey)
                .executeTakeFirstOrThrow()
            ).id,
            role: 'tenant',
          },
        ],
      }),
      201,
    );
    const { batch, drafts } = await sendInvoices('2026-07', ['Anna Nowak']);
    expect(drafts).toEqual([]);
    expect(batch.buyerProblems).toMatchObject([
      { reason: 'buyer_ambiguous', candidates: ['Anna Nowak', 'Anna Nowak'] },
    ]);
    await t.container.db.deleteFrom('recipient_units').where('recipient_id', '=', twin.id).execute();
  });
});

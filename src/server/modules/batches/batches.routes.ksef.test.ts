import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld } from '../../../../test/support/documents.js';
import { expectStatus } from '../../../../test/support/world.js';
import { salesDocumentSample } from '../../documents/types/sales-document.sample.js';

// Invoices without their KSeF mark are listed in the batch preview before anything is made (issue 14 point 5, D72).

let t: TestApp;
let w: DocumentWorld;
let importId: string;

const sample = salesDocumentSample();
const invoices: Record<string, Record<string, unknown>> = {
  // To a business, no KSeF number: listed.
  b2b: { number: 'FV/1', ksefNumber: null, ksefHash: null },
  // To a private person (no NIP), no KSeF number: consumers are outside the obligation.
  consumer: { number: 'FV/2', ksefNumber: null, ksefHash: null, buyer: { ...sample.buyer, nip: null } },
  // A KSeF number but no file hash: no QR code can be drawn — listed.
  numberOnly: { number: 'FV/3', ksefHash: null },
  // Everything: the PDF carries KOD I.
  complete: { number: 'FV/4' },
  // A debit note is never in KSeF.
  note: {
    number: 'NO/5',
    kind: 'nota',
    ksefNumber: null,
    ksefHash: null,
    lines: [{ ...sample.lines[0]!, vatRate: 'np' }],
    totalGross: sample.lines[0]!.gross,
    amountDue: sample.lines[0]!.gross,
  },
};

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t);
  const unit = await t.container.db
    .selectFrom('units')
    .select('external_key')
    .where('external_key', 'is not', null)
    .orderBy('external_key')
    .executeTakeFirstOrThrow();
  const items = Object.values(invoices).map((over) => ({
    recipientKey: unit.external_key!,
    data: { ...sample, ...over },
  }));
  const imported = expectStatus(
    await call(t, w.admin, 'POST', '/api/documents/import', { type: 'sales_document', items }),
    201,
  );
  importId = imported.importId;
}, 60_000);
afterAll(() => t?.close());

describe('KSeF in the batch preview (D72)', () => {
  it('lists the invoice to a business without a KSeF number and the one without a code, nothing else', async () => {
    const p = expectStatus(
      await call(t, w.admin, 'POST', '/api/batches/preview', {
        documentType: 'sales_document',
        selection: { importId },
      }),
      200,
    );
    expect(p.documents).toBe(5);
    expect(p.noticeWarnings).toEqual({ total: 0, items: [] });
    expect(p.ksefWarnings.total).toBe(2);
    const byProblem = Object.fromEntries(
      p.ksefWarnings.items.map((i: { problem: string; title: string }) => [i.problem, i]),
    );
    expect(byProblem.no_number).toMatchObject({
      title: expect.stringContaining('FV/1'),
      buyer: sample.buyer.name,
      buyerNip: '9452138701',
    });
    expect(byProblem.no_code).toMatchObject({ title: expect.stringContaining('FV/3') });
  });

  it('does not block: the batch of the same documents is made', async () => {
    expectStatus(
      await call(t, w.admin, 'POST', '/api/batches', {
        documentType: 'sales_document',
        positionId: w.positionA,
        selection: { importId },
      }),
      201,
    );
  });
});

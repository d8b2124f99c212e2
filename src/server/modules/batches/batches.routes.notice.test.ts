import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  createDocumentWorld,
  type DocumentWorld,
  importFeeNotices,
  PERIOD,
} from '../../../../test/support/documents.js';
import { expectStatus } from '../../../../test/support/world.js';

let t: TestApp;
let w: DocumentWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t);
  await importFeeNotices(t, w);
}, 60_000);
afterAll(() => t?.close());

async function preview() {
  return expectStatus(
    await call(t, w.admin, 'POST', '/api/batches/preview', {
      documentType: 'fee_notice',
      selection: { period: PERIOD },
    }),
    200,
  );
}

describe('notice periods in the batch preview (D68)', () => {
  it('lists who gets new fees too early and from when they could start; none when sent in time', async () => {
    // The test clock: 02.03.2026; the notices' new fees start on 01.04.2026.
    const links = await t.container.db
      .selectFrom('recipient_units')
      .innerJoin('units', 'units.id', 'recipient_units.unit_id')
      .innerJoin('properties', 'properties.id', 'units.property_id')
      .select(['recipient_units.role', 'properties.kind'])
      .execute();
    const tooEarly = links.filter((l) => l.kind === 'cooperative' || l.role === 'tenant');
    expect(tooEarly.length).toBeGreaterThan(0);
    const p = await preview();
    expect(p.noticeWarnings.total).toBe(tooEarly.length);
    expect(p.noticeWarnings.items[0]).toMatchObject({
      validFrom: `${PERIOD}-01`,
      earliest: '2026-07-01',
      reason: expect.stringContaining('Najwcześniej od 01.07.2026'),
    });
    expect(new Set(p.noticeWarnings.items.map((i: { rule: string }) => i.rule))).not.toContain('none');

    // A wspólnota whose resolution wants 2 months: its owners too (sent 02.03 + 2 months → from 01.06.2026).
    const community = await t.container.db
      .selectFrom('properties')
      .select('id')
      .where('kind', '=', 'community')
      .executeTakeFirstOrThrow();
    const changed = expectStatus(
      await call(t, w.admin, 'PATCH', `/api/properties/${community.id}`, {
        feeNoticeLead: { unit: 'months', amount: 2 },
      }),
      200,
    );
    expect(changed.feeNoticeLead).toEqual({ unit: 'months', amount: 2 });
    const owners = await t.container.db
      .selectFrom('recipient_units')
      .innerJoin('units', 'units.id', 'recipient_units.unit_id')
      .select('recipient_units.role')
      .where('units.property_id', '=', community.id)
      .where('recipient_units.role', '!=', 'tenant')
      .execute();
    const withResolution = await preview();
    expect(withResolution.noticeWarnings.total).toBe(tooEarly.length + owners.length);
    expect(withResolution.noticeWarnings.items).toContainEqual(
      expect.objectContaining({ rule: 'community_resolution', earliest: '2026-06-01' }),
    );
    expectStatus(await call(t, w.admin, 'PATCH', `/api/properties/${community.id}`, { feeNoticeLead: null }), 200);

    t.clock.set('2025-12-31T10:00:00.000Z');
    expect((await preview()).noticeWarnings).toEqual({ total: 0, items: [] });
    t.clock.set('2026-01-01T10:00:00.000Z');
    expect((await preview()).noticeWarnings.total).toBe(tooEarly.length);
  });

  async function run(body: Record<string, unknown>) {
    const created = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/batches', {
        documentType: 'fee_notice',
        positionId: w.positionA,
        selection: { period: PERIOD },
        ...body,
      }),
      201,
    );
    expectStatus(await call(t, w.clerkA, 'POST', `/api/batches/${created.id}/run`), 202);
    await t.container.services.batches.idle();
    const items = await t.container.db
      .selectFrom('batch_items')
      .innerJoin('documents', 'documents.id', 'batch_items.document_id')
      .innerJoin('recipient_units', (j) =>
        j
          .onRef('recipient_units.unit_id', '=', 'documents.unit_id')
          .onRef('recipient_units.recipient_id', '=', 'batch_items.recipient_id'),
      )
      .select(['batch_items.channel', 'batch_items.reason', 'recipient_units.role'])
      .where('batch_items.batch_id', '=', created.id)
      .execute();
    return { batch: created, items };
  }

  it('a fee notice to a tenant goes to the paper pack (written form); the switch sends everything there', async () => {
    // One person who takes e-mail becomes a tenant (the demo data may have none among 30 units).
    const db = t.container.db;
    const byEmail = await db
      .selectFrom('recipient_units')
      .innerJoin('recipients', 'recipients.id', 'recipient_units.recipient_id')
      .innerJoin('recipient_emails', 'recipient_emails.recipient_id', 'recipients.id')
      .select(['recipient_units.unit_id', 'recipient_units.recipient_id'])
      .where('recipients.channel', '=', 'email')
      .where('recipients.consent_at', 'is not', null)
      .orderBy('recipients.id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('recipient_units')
      .set({ role: 'tenant' })
      .where('unit_id', '=', byEmail.unit_id)
      .where('recipient_id', '=', byEmail.recipient_id)
      .execute();
    const plain = await run({});
    expect(plain.batch.writtenForm).toBe(false);
    const tenants = plain.items.filter((i) => i.role === 'tenant');
    expect(tenants.length).toBeGreaterThan(0);
    expect(tenants.every((i) => i.channel === 'paper' && i.reason === 'written_form')).toBe(true);
    expect(plain.items.some((i) => i.role !== 'tenant' && i.channel === 'email')).toBe(true);
    expect(plain.items.some((i) => i.role !== 'tenant' && i.reason === 'written_form')).toBe(false);

    const written = await run({ writtenForm: true, includeAlreadySent: true });
    expect(written.batch.writtenForm).toBe(true);
    expect(written.items.length).toBeGreaterThan(0);
    expect(written.items.every((i) => i.channel === 'paper' && i.reason === 'written_form')).toBe(true);
  });
});

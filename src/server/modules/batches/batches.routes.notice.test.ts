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

    t.clock.set('2025-12-31T10:00:00.000Z');
    expect((await preview()).noticeWarnings).toEqual({ total: 0, items: [] });
    t.clock.set('2026-01-01T10:00:00.000Z');
    expect((await preview()).noticeWarnings.total).toBe(tooEarly.length);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../../test/support/db.js';
import { newId } from '../../lib/ids.js';
import { createBatchesRepository, type DocumentOrderKey } from './batches.repository.js';

/**
 * A run reads its documents a page at a time (D88): the pages, one after another, must give exactly the documents
 * and the order of reading the selection in one go — on both databases, whatever their collation makes of the keys.
 */
describe('batches repository: a run’s documents page by page', () => {
  let h: TestDbHandle;
  const now = '2026-04-01T08:00:00.000Z';
  const positionId = newId();
  const importId = newId();

  beforeAll(async () => {
    h = await createTestDb();
    const { db } = h;
    const sha = 'ab'.repeat(32);
    await db
      .insertInto('blobs')
      .values({ sha256: sha, size: 1, data: Buffer.from('x'), created_at: now })
      .execute();
    const properties = [newId(), newId(), newId()];
    await db
      .insertInto('properties')
      .values(
        properties.map((id, i) => ({
          id,
          name: `Nieruchomość ${i}`,
          kind: 'community' as const,
          street: 'ul. Długa 1',
          postal_code: '30-001',
          city: 'Kraków',
          nip: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await db
      .insertInto('positions')
      .values({ id: positionId, name: 'Czynsze', description: '', created_at: now, updated_at: now })
      .execute();
    // The position serves the first two properties; the third's documents and one without a property stay out.
    await db
      .insertInto('position_properties')
      .values(properties.slice(0, 2).map((property_id) => ({ position_id: positionId, property_id })))
      .execute();
    const keys = ['B2', 'b1', 'A10', 'a2', 'Ą1', 'B2', 'z', '10', '9', 'B2', 'Ż', 'b1'];
    const rows = [];
    for (const [i, key] of keys.entries()) {
      rows.push({ key, property: properties[i % 3] as string | null });
    }
    rows.push({ key: 'A1', property: null });
    await db
      .insertInto('documents')
      .values(
        rows.map((r, i) => ({
          id: newId(),
          type: 'fee_notice',
          source: 'data' as const,
          recipient_key: r.key,
          recipient_id: null,
          unit_id: null,
          property_id: r.property,
          period: '2026-04',
          title: `Dokument ${i}`,
          data: '{}',
          parties: '{}',
          pdf_sha256: sha,
          pdf_size: 1,
          filename: `d${i}.pdf`,
          import_id: importId,
          created_by: null,
          created_at: now,
        })),
      )
      .execute();
  });

  afterAll(async () => {
    await h?.destroy();
  });

  // By import and by period: each is read from its own index in the run's order (migration 0035, D92).
  it.each([
    ['an import', { importId }],
    ['a period', { period: '2026-04' }],
  ])('pages of any size give the documents of the whole selection, in its order (%s)', async (_, selection) => {
    const repo = createBatchesRepository(h.dialect);
    const scope = { type: 'fee_notice', ...selection, positionId };
    const whole = (await repo.selectDocumentIds(h.db, scope)).map((r) => r.id);
    expect(whole).toHaveLength(8);
    const snapshot = await repo.selectionSnapshot(h.db, scope);
    expect(snapshot.total).toBe(8);
    // A run reads only the documents there were when it started: none before the first, all up to the newest.
    expect(await repo.documentIdsPage(h.db, { ...scope, createdUpTo: '2000-01-01T00:00:00.000Z' }, null, 50)).toEqual(
      [],
    );
    expect(
      (await repo.documentIdsPage(h.db, { ...scope, createdUpTo: snapshot.createdUpTo ?? '' }, null, 50)).map(
        (r) => r.id,
      ),
    ).toEqual(whole);
    for (const size of [1, 2, 3, 8, 50]) {
      const paged: string[] = [];
      let after: DocumentOrderKey | null = null;
      for (;;) {
        const page = await repo.documentIdsPage(h.db, scope, after, size);
        paged.push(...page.map((r) => r.id));
        if (page.length < size) break;
        after = page[page.length - 1]!;
      }
      expect({ size, paged }).toEqual({ size, paged: whole });
    }
  });
});

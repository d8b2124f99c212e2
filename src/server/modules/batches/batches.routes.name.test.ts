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

const create = async (name?: string) =>
  expectStatus(
    await call(t, w.clerkA, 'POST', '/api/batches', {
      documentType: 'fee_notice',
      positionId: w.positionA,
      selection: { period: PERIOD },
      ...(name ? { name } : {}),
    }),
    201,
  );

describe("a batch's name in the reader's language", () => {
  it('keeps the parts of a name Listonosz made, so the client can say it in English', async () => {
    const made = await create();
    expect(made.name).toBe('Zawiadomienie o wysokości opłat — kwiecień 2026');
    expect(made.nameParts).toEqual({ documentType: 'fee_notice', period: PERIOD, date: null });
    const listed = expectStatus(await call(t, w.clerkA, 'GET', '/api/batches'), 200);
    expect(listed.items.find((b: { id: string }) => b.id === made.id).nameParts).toEqual(made.nameParts);
  });

  it('leaves a name someone typed as it is', async () => {
    const typed = await create('Czynsze Kwiatowa — poprawka');
    expect(typed.name).toBe('Czynsze Kwiatowa — poprawka');
    expect(typed.nameParts).toBeNull();
  });

  it('reads the parts of names made before, in the earlier form, and of batches made without a period', async () => {
    const old = await create();
    await t.container.db
      .updateTable('batches')
      .set({ name: 'Zawiadomienie o wysokości opłat — 2026-04' })
      .where('id', '=', old.id)
      .execute();
    const read = expectStatus(await call(t, w.clerkA, 'GET', `/api/batches/${old.id}`), 200);
    expect(read.name).toBe('Zawiadomienie o wysokości opłat — 2026-04');
    expect(read.nameParts).toEqual({ documentType: 'fee_notice', period: PERIOD, date: null });

    const day = old.createdAt.slice(0, 10);
    await t.container.db
      .updateTable('batches')
      .set({ name: `Zawiadomienie o wysokości opłat — ${day}`, selection: JSON.stringify({ documentIds: [] }) })
      .where('id', '=', old.id)
      .execute();
    const undated = expectStatus(await call(t, w.clerkA, 'GET', `/api/batches/${old.id}`), 200);
    expect(undated.nameParts).toEqual({ documentType: 'fee_notice', period: null, date: day });
  });
});

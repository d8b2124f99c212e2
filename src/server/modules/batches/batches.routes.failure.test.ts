import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
/** What the background-error log was told (the runtime writes it as a JSON line naming the batch, D74). */
const reported: { batchId?: string }[] = [];

beforeAll(async () => {
  t = await createTestApp({ onBackgroundError: (_err, context) => reported.push(context ?? {}) });
  w = await createDocumentWorld(t);
  await importFeeNotices(t, w);
}, 60_000);
afterAll(() => t?.close());

async function startRun(id: string) {
  expectStatus(await call(t, w.clerkA, 'POST', `/api/batches/${id}/run`), 202);
  await t.container.services.batches.idle();
  return expectStatus(await call(t, w.clerkA, 'GET', `/api/batches/${id}`), 200);
}

describe('a batch run that meets an error', () => {
  it.each([
    ['while the drafts are written', 'insertItems', /Tworzenie wiadomości przerwał błąd/],
    ['while the paper pack is put together', 'paperItems', /nie udało się złożyć paczki do druku/],
    ['when the batch is marked ready', 'update', /przerwał błąd/],
  ] as const)(
    'ends "failed" with the reason in Polish %s, and runs again to the end',
    async (_when, method, reason) => {
      const created = expectStatus(
        await call(t, w.clerkA, 'POST', '/api/batches', {
          documentType: 'fee_notice',
          positionId: w.positionA,
          selection: { period: PERIOD },
          includeAlreadySent: true,
        }),
        201,
      );
      const repo = t.container.repos.batches;
      const original = repo[method] as (...args: unknown[]) => Promise<unknown>;
      const spy = vi.spyOn(repo, method).mockImplementation((async (...args: unknown[]) => {
        const patch = args[2] as { status?: string } | undefined;
        // `update` fails only for the final "ready"; the others fail at once.
        if (method === 'update' && patch?.status !== 'ready') return original.apply(repo, args);
        throw new Error('disk I/O error');
      }) as never);
      let failed: { status: string; error: string | null };
      try {
        failed = await startRun(created.id);
      } finally {
        spy.mockRestore();
      }
      expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(reason) });
      expect(reported.at(-1)).toEqual({ batchId: created.id });

      const again = await startRun(created.id);
      expect(again).toMatchObject({ status: 'ready', error: null, done: w.units.length });
      expect(again.emailCount).toBeGreaterThan(0);
      expect(again.messages.drafts).toBe(again.emailCount);
    },
    60_000,
  );
});

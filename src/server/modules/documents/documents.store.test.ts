/**
 * A data import streams (D80): it reads its items as the render threads need them, never has more than
 * RENDER_AHEAD × STORE_CHUNK documents waiting for or in the render pool, and keeps nothing per document — so its
 * memory does not grow with the size of the import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld, PERIOD } from '../../../../test/support/documents.js';
import { demoFeeNotice } from '../../demo/demo-documents.js';
import type { RenderPool } from '../../documents/pool.js';
import { createPdfReader } from '../../documents/read-pool.js';
import { createAccess } from '../auth/access.js';
import { systemActor } from '../auth/auth.js';
import { createUploadQuota } from '../storage/upload-quota.js';
import { createDocumentsService } from './documents.service.js';
import { RENDER_AHEAD, STORE_CHUNK } from './documents.store.js';

let t: TestApp;
let w: DocumentWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t);
}, 60_000);
afterAll(() => t?.close());

describe('a data import', () => {
  it('renders and stores in bounded chunks, reading its items only as far as the render threads need', async () => {
    const c = t.container;
    const n = 7 * STORE_CHUNK + 37;
    /** Items handed out by the current pass over them; passes begun. */
    let read = 0;
    let passes = 0;
    const items = {
      *[Symbol.iterator]() {
        passes++;
        read = 0;
        for (let i = 0; i < n; i++) {
          read++;
          const u = w.units[i % w.units.length]!;
          yield { line: i + 1, recipientKey: u.key, data: demoFeeNotice(u, PERIOD) };
        }
      },
    };
    // The container's own render threads, counted: handed over and not yet back, the most at once, and how far
    // ahead of the finished renders the import had read its items.
    let outstanding = 0;
    let mostOutstanding = 0;
    let finished = 0;
    let mostReadAhead = 0;
    const pool: RenderPool = {
      ...c.renderPool,
      async render(job) {
        outstanding++;
        mostOutstanding = Math.max(mostOutstanding, outstanding);
        mostReadAhead = Math.max(mostReadAhead, read - finished);
        try {
          return await c.renderPool.render(job);
        } finally {
          outstanding--;
          finished++;
        }
      },
    };
    // Never used by a data import (it reads no uploaded PDF); started only when a PDF is to be read.
    const pdfReader = createPdfReader(c.config.pdfRead);
    const documents = createDocumentsService({
      db: c.db,
      repo: c.repos.documents,
      blobs: c.services.blobs,
      audit: c.services.audit,
      clock: c.clock,
      pool,
      pdfReader,
      importLimitBytes: c.config.importLimitBytes,
      quota: createUploadQuota({ repo: c.repos.storage, clock: c.clock, bytesPerDay: 0 }),
      propertyScope: createAccess(c.db, c.repos).propertyScope,
    });

    const result = await documents
      .importData(systemActor('test'), 'fee_notice', items)
      .finally(() => pdfReader.close());

    expect(result.created).toBe(n);
    expect(passes).toBe(2);
    expect(finished).toBe(n);
    const stored = await c.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('import_id', '=', result.importId)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(n);
    // Never more than the chunks rendered ahead; more than one chunk, so rendering does overlap with storing.
    expect(mostOutstanding).toBeLessThanOrEqual(RENDER_AHEAD * STORE_CHUNK);
    expect(mostOutstanding).toBeGreaterThan(STORE_CHUNK);
    // Items are read a lookup chunk (500) at a time, at most that far beyond the documents in the pool's hands.
    expect(mostReadAhead).toBeLessThanOrEqual(500 + RENDER_AHEAD * STORE_CHUNK);
    expect(mostReadAhead).toBeLessThan(n);
  }, 300_000);
});

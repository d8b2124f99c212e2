import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, textCase } from '../../../test/support/text-layer.js';
import { createRenderPool } from './pool.js';
import { renderDocumentPdf } from './render.js';

describe('render pool', () => {
  it('hands back from its threads the same bytes as rendering here, each PDF in memory of its own', async () => {
    const pool = createRenderPool(1);
    try {
      for (const type of DOCUMENT_TYPES) {
        const { job } = textCase(type, 5);
        const [there, here] = await Promise.all([pool.render(job), renderDocumentPdf(job)]);
        expect(Buffer.isBuffer(there)).toBe(true);
        expect(there.equals(here)).toBe(true);
        expect(there.byteLength).toBe(there.buffer.byteLength);
      }
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('with no threads renders on the calling thread (the renderer loaded on first use): the same bytes, counted', async () => {
    const pool = createRenderPool(0);
    const jobs = DOCUMENT_TYPES.map((type) => textCase(type, 5).job);
    const pdfs = await Promise.all(jobs.map((job) => pool.render(job)));
    for (const [i, job] of jobs.entries()) expect(pdfs[i]?.equals(await renderDocumentPdf(job))).toBe(true);
    expect(pool.stats()).toEqual({ threads: 0, queued: 0, busy: 0, completed: jobs.length, failed: 0 });
    await pool.close();
  }, 120_000);

  it('counts thread time with a document to render, never more than the threads had', async () => {
    const pool = createRenderPool(2);
    try {
      const { job } = textCase('fee_notice', 5);
      await pool.render(job);
      const before = pool.usage();
      await new Promise((r) => setTimeout(r, 200));
      const idleGap = pool.usage();
      expect(idleGap.active).toBe(before.active);
      expect(idleGap.idle - before.idle).toBeGreaterThanOrEqual(2 * 190);
      await Promise.all([pool.render(job), pool.render(job), pool.render(job)]);
      const after = pool.usage();
      expect(after.active).toBeGreaterThan(idleGap.active);
      expect(after.active + after.idle).toBeGreaterThanOrEqual(after.active);
      expect(after.idle).toBeGreaterThanOrEqual(0);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('tells /metrics its threads, busy threads, queue and finished renders (D74)', async () => {
    const pool = createRenderPool(1);
    try {
      const { job } = textCase('fee_notice', 5);
      expect(pool.stats()).toEqual({ threads: 1, busy: 0, queued: 0, completed: 0, failed: 0 });
      const three = Promise.all([pool.render(job), pool.render(job), pool.render(job)]);
      expect(pool.stats()).toMatchObject({ busy: 1, queued: 2 });
      await three;
      await expect(pool.render({ ...job, type: 'nie-ma-takiego' } as never)).rejects.toThrow();
      expect(pool.stats()).toEqual({ threads: 1, busy: 0, queued: 0, completed: 3, failed: 1 });
    } finally {
      await pool.close();
    }
  }, 120_000);
});

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
});

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pinnedJobs } from '../../../test/support/pdf-jobs.js';
import { renderDocumentPdf } from './render.js';

/**
 * The exact bytes of a fixed set of documents, so a speed-up of the drawing (caches, fonts, compression) is seen
 * to change nothing it produces. After a deliberate change of the output, rewrite the fixture with
 * `UPDATE_PDF_BYTES=1 npx vitest run src/server/documents/render.bytes.test.ts` and say why in the commit.
 */
const FIXTURE = new URL('../../../test/fixtures/pdf-bytes.json', import.meta.url);

const sha = (pdf: Buffer) => createHash('sha256').update(pdf).digest('hex');

describe('rendered PDF bytes', () => {
  it('are the same whatever the thread drew before, and as recorded', async () => {
    const list = pinnedJobs();
    // This thread's first documents: fonts, glyph records and word layouts are made as they are drawn.
    const first: Record<string, string> = {};
    for (const [name, job] of list) first[name] = sha(await renderDocumentPdf(job));
    // Again in the opposite order, after everything is cached.
    const again: Record<string, string> = {};
    for (const [name, job] of [...list].reverse()) again[name] = sha(await renderDocumentPdf(job));
    expect(again).toEqual(first);
    if (process.env.UPDATE_PDF_BYTES) writeFileSync(FIXTURE, `${JSON.stringify(first, null, 2)}\n`);
    expect(first).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  }, 120_000);
});

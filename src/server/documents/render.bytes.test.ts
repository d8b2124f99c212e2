import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, primerCase, textCase } from '../../../test/support/text-layer.js';
import { demoFeeNotice } from '../demo/demo-documents.js';
import { documentType } from './registry.js';
import { type RenderJob, renderDocumentPdf } from './render.js';
import { SAMPLE_PARTIES } from './templates.js';

/**
 * The exact bytes of a fixed set of documents, so a speed-up of the drawing (caches, fonts, compression) is seen
 * to change nothing it produces. After a deliberate change of the output, rewrite the fixture with
 * `UPDATE_PDF_BYTES=1 npx vitest run src/server/documents/render.bytes.test.ts` and say why in the commit.
 */
const FIXTURE = new URL('../../../test/fixtures/pdf-bytes.json', import.meta.url);

function jobs(): [name: string, job: RenderJob][] {
  const out: [string, RenderJob][] = [['primer', primerCase().job]];
  for (const type of DOCUMENT_TYPES) for (const i of [0, 1, 3, 7]) out.push([`${type}-${i}`, textCase(type, i).job]);
  const fee = documentType('fee_notice');
  for (const i of [0, 25, 101]) {
    const unit = {
      key: `B${i}`,
      kind: i % 25 === 0 ? ('garage' as const) : ('flat' as const),
      propertyKind: 'cooperative' as const,
    };
    const data = fee.schema.parse(demoFeeNotice(unit, '2026-04'));
    out.push([
      `demo-fee-notice-${i}`,
      { type: 'fee_notice', data, parties: SAMPLE_PARTIES, createdAt: '2026-03-20T08:00:00.000Z' },
    ]);
  }
  return out;
}

const sha = (pdf: Buffer) => createHash('sha256').update(pdf).digest('hex');

describe('rendered PDF bytes', () => {
  it('are the same whatever the thread drew before, and as recorded', async () => {
    const list = jobs();
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

import { demoFeeNotice } from '../../src/server/demo/demo-documents.js';
import { documentType } from '../../src/server/documents/registry.js';
import type { RenderJob } from '../../src/server/documents/render.js';
import { SAMPLE_PARTIES } from '../../src/server/documents/templates.js';
import { DOCUMENT_TYPES, primerCase, textCase } from './text-layer.js';

/**
 * A fixed set of documents whose output is pinned (render.bytes.test.ts, render.pixels.test.ts): the text-layer
 * primer, four varied documents of every type and three demo fee notices (a garage among them).
 */
export function pinnedJobs(): [name: string, job: RenderJob][] {
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

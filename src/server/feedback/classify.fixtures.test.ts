import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFeedback } from './classify.js';
import type { CorrelationHints, FeedbackKind } from './report.js';

/** Hand-written, realistic messages of every kind and provider style; labels in labels.json beside them. */
interface Label {
  kind: FeedbackKind;
  reason?: string;
  recipient?: string;
  status?: string;
  disposition?: string;
  hints?: Partial<CorrelationHints>;
  replyText?: string;
  replyExcludes?: string;
}

const DIR = join(import.meta.dirname, '../../../test/fixtures/feedback');
const LABELS = JSON.parse(readFileSync(join(DIR, 'labels.json'), 'utf8')) as Record<string, Label>;
const KINDS: FeedbackKind[] = [
  'hard_bounce',
  'soft_bounce',
  'policy_block',
  'delay',
  'complaint',
  'auto_reply',
  'read_receipt',
  'reply',
  'unknown',
];

describe('feedback fixtures', () => {
  it('holds at least 45 labelled messages, every kind among them, each in its kind\u2019s folder', () => {
    const files = Object.keys(LABELS);
    expect(files.length).toBeGreaterThanOrEqual(45);
    for (const kind of KINDS) expect(files.filter((f) => LABELS[f]?.kind === kind).length).toBeGreaterThanOrEqual(2);
    for (const [file, label] of Object.entries(LABELS)) expect(file.startsWith(`${label.kind}/`)).toBe(true);
  });

  it.each(Object.entries(LABELS))('%s', (file, label) => {
    const report = classifyFeedback(readFileSync(join(DIR, file)));
    expect({ kind: report.kind, reason: report.reason }).toEqual({
      kind: label.kind,
      reason: label.reason ?? report.reason,
    });
    const first = report.recipients[0];
    if (label.recipient) expect(first?.finalRecipient).toBe(label.recipient);
    if (label.status) expect(first?.status).toBe(label.status);
    if (label.disposition) expect(report.disposition).toBe(label.disposition);
    for (const [key, value] of Object.entries(label.hints ?? {}))
      expect(report.hints[key as keyof CorrelationHints], key).toEqual(value);
    if (label.replyText) expect(report.reply?.text).toContain(label.replyText);
    if (label.replyExcludes) expect(report.reply?.text).not.toContain(label.replyExcludes);
    // Only a reply carries reply details.
    expect(report.reply !== null).toBe(label.kind === 'reply');
  });
});

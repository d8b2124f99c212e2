import { describe, expect, it } from 'vitest';
import { feedbackCorpus } from '../../../test/support/feedback-corpus.js';
import { classifyFeedback } from './classify.js';

/** 10 000 generated messages of every template (seeded): accuracy and, above all, no false hard bounce. */
describe('feedback corpus', () => {
  it('gives the same bytes for the same seed and others for another', () => {
    const a = feedbackCorpus(50, 7).map((m) => m.raw.toString('base64'));
    expect(feedbackCorpus(50, 7).map((m) => m.raw.toString('base64'))).toEqual(a);
    expect(feedbackCorpus(50, 8).map((m) => m.raw.toString('base64'))).not.toEqual(a);
  });

  it('classifies 10 000 mixed messages with accuracy ≥ 0.98 and no false hard bounce', () => {
    const corpus = feedbackCorpus(10_000);
    const templates = new Set(corpus.map((m) => m.template));
    expect(templates.size).toBeGreaterThanOrEqual(11);
    let right = 0;
    let falseHard = 0;
    const wrong: string[] = [];
    const started = performance.now();
    for (const m of corpus) {
      const r = classifyFeedback(m.raw);
      const l = m.label;
      if (r.kind === 'hard_bounce' && l.kind !== 'hard_bounce') falseHard += 1;
      const ok =
        r.kind === l.kind &&
        (l.reason === undefined || r.reason === l.reason) &&
        (l.recipient === undefined || r.recipients[0]?.finalRecipient === l.recipient) &&
        (l.verpTag === undefined || r.hints.verpTag === l.verpTag) &&
        (l.listonoszMessageId === undefined || r.hints.listonoszMessageIds.includes(l.listonoszMessageId));
      if (ok) right += 1;
      else if (wrong.length < 5) wrong.push(`${m.template}: ${l.kind}/${l.reason} → ${r.kind}/${r.reason}`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(`feedback corpus: ${Math.round(corpus.length / seconds)} messages/s on one core (cold)`);
    expect(falseHard).toBe(0);
    expect(right / corpus.length, wrong.join('\n')).toBeGreaterThanOrEqual(0.98);
  });
});

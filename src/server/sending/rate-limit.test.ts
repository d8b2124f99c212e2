import { describe, expect, it } from 'vitest';
import { type Bucket, giveBack, limitsByScale, refill, take } from './rate-limit.js';

const t0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('token buckets', () => {
  it('uses only the scales that have a limit', () => {
    expect(limitsByScale({ perSecond: 5, perMinute: null, perHour: 1000, perDay: 0 })).toEqual([
      ['second', 5],
      ['hour', 1000],
    ]);
  });

  it('starts full, then refills continuously up to the limit', () => {
    const b: Bucket = { scale: 'second', tokens: 0, updatedAt: t0 };
    expect(refill(b, 5, at(200))).toBeCloseTo(1);
    expect(refill(b, 5, at(10_000))).toBe(5);
    expect(take([], [['second', 5]], 100, t0).granted).toBe(5);
  });

  it('grants the least any scale allows and reports the wait for the next token', () => {
    const limits = limitsByScale({ perSecond: 10, perMinute: 3, perHour: null, perDay: null });
    const first = take([], limits, 100, t0);
    expect(first.granted).toBe(3);
    const second = take(first.after, limits, 100, at(1000));
    expect(second.granted).toBe(0);
    expect(second.waitMs).toBe(19_000); // a minute bucket of 3 refills one token every 20 s
  });

  it('50 messages at 5 per second take about 9 seconds of tokens', () => {
    const limits = limitsByScale({ perSecond: 5, perMinute: null, perHour: null, perDay: null });
    let buckets: Bucket[] = [];
    let sent = 0;
    let ms = 0;
    while (sent < 50) {
      const r = take(buckets, limits, 50 - sent, at(ms));
      buckets = r.after;
      sent += r.granted;
      if (sent < 50) ms += 100;
    }
    expect(ms).toBeGreaterThanOrEqual(8900);
    expect(ms).toBeLessThanOrEqual(9100);
  });

  it('gives tokens back without exceeding the limit', () => {
    const limits = limitsByScale({ perSecond: 5, perMinute: null, perHour: null, perDay: null });
    const r = take([], limits, 3, t0);
    expect(giveBack(r.after, limits, 2)[0]?.tokens).toBe(4);
    expect(giveBack(r.after, limits, 10)[0]?.tokens).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { circuitOpenMs, DEFAULT_RETRY_POLICY, nextRetry } from './retry-policy.js';

const MIN = 60_000;
const t0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('nextRetry', () => {
  it.each([
    [1, 1 * MIN],
    [2, 2 * MIN],
    [3, 5 * MIN],
    [4, 10 * MIN],
    [5, 20 * MIN],
    [6, 40 * MIN],
    [7, 60 * MIN],
    [8, 120 * MIN],
    [9, 240 * MIN],
  ])('after %i attempts waits %i ms without jitter', (attempts, delay) => {
    expect(nextRetry(DEFAULT_RETRY_POLICY, attempts, t0, t0, 0.5)).toEqual({ retry: true, delayMs: delay });
  });

  it('jitters by at most ±20 %', () => {
    expect(nextRetry(DEFAULT_RETRY_POLICY, 1, t0, t0, 0)).toEqual({ retry: true, delayMs: 48_000 });
    expect(nextRetry(DEFAULT_RETRY_POLICY, 1, t0, t0, 0.999999)).toEqual({ retry: true, delayMs: 72_000 });
  });

  it('gives up after 10 attempts', () => {
    expect(nextRetry(DEFAULT_RETRY_POLICY, 10, t0, t0, 0.5)).toEqual({ retry: false, reason: 'attempts' });
  });

  it('gives up when the next try would fall after 24 h from the first attempt', () => {
    expect(nextRetry(DEFAULT_RETRY_POLICY, 9, t0, at(21 * 60 * MIN), 0.5)).toEqual({
      retry: false,
      reason: 'lifetime',
    });
    expect(nextRetry(DEFAULT_RETRY_POLICY, 9, t0, at(19 * 60 * MIN), 0.5)).toEqual({ retry: true, delayMs: 240 * MIN });
  });

  it('honours a longer server hint, plus a margin', () => {
    expect(nextRetry(DEFAULT_RETRY_POLICY, 1, t0, t0, 0.5, 300_000)).toEqual({ retry: true, delayMs: 310_000 });
    expect(nextRetry(DEFAULT_RETRY_POLICY, 3, t0, t0, 0.5, 10_000)).toEqual({ retry: true, delayMs: 5 * MIN });
  });
});

describe('circuitOpenMs', () => {
  it('backs off from 1 minute to an hour', () => {
    expect([1, 2, 3, 4, 5, 9].map(circuitOpenMs)).toEqual([MIN, 5 * MIN, 15 * MIN, 30 * MIN, 60 * MIN, 60 * MIN]);
  });
});

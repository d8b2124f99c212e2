import type { Clock } from '../../src/server/lib/clock.js';

/** A clock that only moves when told to. */
export function createTestClock(
  start = '2026-03-02T09:00:00.000Z',
): Clock & { advance(ms: number): void; set(iso: string): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
    set(iso) {
      now = new Date(iso).getTime();
    },
  };
}

import { describe, expect, it } from 'vitest';
import { defaultSendAt, isoToWarsaw, sendAtProblem, warsawToday, warsawToIso } from './send-at.js';

describe('times to send at, in Warsaw', () => {
  it('reads a typed time as Polish time, winter and summer, whatever the browser', () => {
    expect(warsawToIso('2026-12-07 08:00:00')).toBe('2026-12-07T07:00:00.000Z');
    expect(warsawToIso('2026-07-01 08:00')).toBe('2026-07-01T06:00:00.000Z');
    expect(warsawToIso('2026-02-30 08:00')).toBeNull();
    expect(warsawToIso('')).toBeNull();
  });

  it('suggests an hour from now rounded up to the full hour, and knows today in Warsaw', () => {
    const now = new Date('2026-12-06T12:23:09Z'); // 13:23 in Warsaw
    expect(defaultSendAt(now)).toBe('2026-12-06 15:00:00');
    expect(warsawToday(new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07');
    expect(isoToWarsaw(new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07 00:30:00');
  });

  it('says when a time is missing or already past', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(sendAtProblem('', now)).toBe('missing');
    expect(sendAtProblem('2026-12-06 12:59:00', now)).toBe('past');
    expect(sendAtProblem('2026-12-06 13:01:00', now)).toBeNull();
  });
});

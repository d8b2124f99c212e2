import { describe, expect, it } from 'vitest';
import { dateOnly, dateToPeriod, parseTypedDate, periodToDate } from './dates.js';

describe('date fields ↔ API values', () => {
  it('reads typed Polish dates strictly, as YYYY-MM-DD', () => {
    expect(parseTypedDate('05.01.2026')).toBe('2026-01-05');
    expect(parseTypedDate('5.1.2026')).toBe('2026-01-05');
    expect(parseTypedDate('2026-01-05')).toBe('2026-01-05');
    expect(parseTypedDate('05.01.20')).toBeNull();
    expect(parseTypedDate('31.02.2026')).toBeNull();
    expect(parseTypedDate('')).toBeNull();
  });

  it('keeps periods as YYYY-MM and dates as YYYY-MM-DD', () => {
    expect(periodToDate('2026-05')).toBe('2026-05-01');
    expect(periodToDate('')).toBeNull();
    expect(dateToPeriod('2026-05-01')).toBe('2026-05');
    expect(dateToPeriod(null)).toBe('');
    expect(dateOnly('2026-05-03 00:00:00')).toBe('2026-05-03');
    expect(dateOnly(null)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { missingDayMessage, missingDayOf } from './calendar.js';
import { IsoDate } from './zod.js';

const messageOf = (v: unknown) => IsoDate.safeParse(v).error?.issues.map((i) => i.message);

describe('a day that does not exist is named, not reported as a wrong form', () => {
  it('names the day in Polish', () => {
    expect(missingDayOf('2026-02-30')).toBe('Taki dzień nie istnieje: 30 lutego 2026.');
    expect(missingDayOf('2026-02-29')).toBe('Taki dzień nie istnieje: 29 lutego 2026.');
    expect(missingDayOf('2028-02-29')).toBeNull();
    expect(missingDayOf('2026-04-31')).toBe('Taki dzień nie istnieje: 31 kwietnia 2026.');
    expect(missingDayOf('2026-01-00')).toBe('Taki dzień nie istnieje: 0 stycznia 2026.');
    expect(missingDayMessage(2026, 13, 1)).toBe('Taki miesiąc nie istnieje: 13 (miesiące mają numery 1–12).');
    expect(missingDayOf('30.02.2026')).toBeNull(); // not the form: the caller says which form
  });

  it('the API date schema says which, once', () => {
    expect(messageOf('2026-02-30')).toEqual(['Taki dzień nie istnieje: 30 lutego 2026.']);
    expect(messageOf('30.02.2026')).toEqual(['Data w postaci RRRR-MM-DD.']);
    expect(messageOf('1850-01-01')).toEqual(['Data spoza zakresu — podaj datę z lat 1900–2999.']);
    expect(messageOf(undefined)).toEqual(['To pole jest wymagane.']);
    expect(IsoDate.parse('2028-02-29')).toBe('2028-02-29');
  });
});

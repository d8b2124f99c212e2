import { describe, expect, it } from 'vitest';
import { formatAmount, formatDecimal, formatMoney, formatNumber } from './format.js';

const NBSP = '\u00a0';

describe('one Polish number format (comma decimal, no-break space between thousands from 1 000 up)', () => {
  it('groups 4-digit amounts the same way as 5-digit ones (Intl pl-PL does not)', () => {
    expect(formatAmount(120597)).toBe(`1${NBSP}205,97`);
    expect(formatAmount(1117717)).toBe(`11${NBSP}177,17`);
    expect(formatAmount(123456789)).toBe(`1${NBSP}234${NBSP}567,89`);
    expect(formatAmount(99999)).toBe('999,99');
    expect(formatAmount(0)).toBe('0,00');
    expect(formatAmount(-120597)).toBe(`-1${NBSP}205,97`);
    expect(formatAmount(-5)).toBe('-0,05');
  });

  it('money carries the currency after a no-break space', () => {
    expect(formatMoney(120597)).toBe(`1${NBSP}205,97${NBSP}zł`);
    expect(formatMoney(-4233)).toBe(`-42,33${NBSP}zł`);
  });

  it('decimals and counts use the same grouping', () => {
    expect(formatDecimal(1234.5)).toBe(`1${NBSP}234,5`);
    expect(formatDecimal(2.2, 4, 4)).toBe('2,2000');
    expect(formatNumber(1205)).toBe(`1${NBSP}205`);
    expect(formatNumber(11177)).toBe(`11${NBSP}177`);
    expect(formatNumber(1024.55, 1)).toBe(`1${NBSP}024,6`);
    expect(formatNumber(5)).toBe('5');
  });

  it('what a bank form gets: spaces removed, the comma is the only separator left', () => {
    const pasted = formatAmount(120597).replace(/\s/g, '');
    expect(pasted).toBe('1205,97');
  });
});

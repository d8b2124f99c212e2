import { describe, expect, it } from 'vitest';
import {
  checkNoticePeriod,
  earliestValidFrom,
  isOutsideControl,
  type NoticeInput,
  paymentDayOf,
} from './notice-period.js';

const base = { outsideControlOnly: false, communityNotice: null } as const;

describe('earliestValidFrom: 3 months to the end of a calendar month (art. 4 ust. 7 usm, art. 8a uopl)', () => {
  const cases: [string, string][] = [
    ['2026-01-01', '2026-05-01'],
    ['2026-01-31', '2026-05-01'],
    ['2026-02-01', '2026-06-01'],
    ['2026-02-28', '2026-06-01'],
    ['2028-02-29', '2028-06-01'],
    ['2026-09-30', '2027-01-01'],
    ['2026-10-01', '2027-02-01'],
    ['2026-11-15', '2027-03-01'],
    ['2026-12-31', '2027-04-01'],
  ];
  for (const relation of ['member', 'owner', 'co_owner'] as const)
    it.each(cases)(`cooperative ${relation}: sent %s → from %s`, (sentOn, earliest) => {
      expect(earliestValidFrom({ ...base, relation, propertyKind: 'cooperative', sentOn })).toEqual({
        rule: 'usm_4_7',
        earliest,
      });
    });
  for (const propertyKind of ['cooperative', 'community', 'own', 'managed'] as const)
    it.each(cases)(`tenant in ${propertyKind}: sent %s → from %s`, (sentOn, earliest) => {
      expect(earliestValidFrom({ ...base, relation: 'tenant', propertyKind, sentOn })).toEqual({
        rule: 'uopl_8a',
        earliest,
      });
    });
});

describe('earliestValidFrom: costs outside control (art. 4 ust. 7¹ usm)', () => {
  const cases: [string, number, string][] = [
    ['2026-01-20', 10, '2026-02-01'], // 10.02 − 14 days = 27.01
    ['2026-01-27', 10, '2026-02-01'],
    ['2026-01-28', 10, '2026-03-01'],
    ['2026-01-31', 15, '2026-02-01'], // 15.02 − 14 = 01.02: still the month before
    ['2026-02-01', 15, '2026-03-01'], // not in the month before March? it is — but the deadline is 15.03
    ['2026-02-15', 10, '2026-03-01'], // 10.03 − 14 = 24.02 (28 days in February)
    ['2026-02-25', 10, '2026-04-01'],
    ['2028-02-25', 10, '2028-03-01'], // leap year: 10.03 − 14 = 25.02
    ['2028-02-26', 10, '2028-04-01'],
    ['2026-12-20', 10, '2027-01-01'],
    ['2026-12-28', 10, '2027-02-01'],
    ['2026-12-31', 31, '2027-01-01'],
  ];
  it.each(cases)('sent %s, due on day %i → from %s', (sentOn, paymentDay, earliest) => {
    expect(
      earliestValidFrom({
        ...base,
        outsideControlOnly: true,
        relation: 'member',
        propertyKind: 'cooperative',
        sentOn,
        paymentDay,
      }),
    ).toEqual({ rule: 'usm_4_7_1', earliest });
  });
  it('a tenant: fees outside the owner control are not under art. 8a', () => {
    const r = earliestValidFrom({
      ...base,
      outsideControlOnly: true,
      relation: 'tenant',
      propertyKind: 'own',
      sentOn: '2026-01-31',
    });
    expect(r).toEqual({ rule: 'none', earliest: null });
  });
});

describe('earliestValidFrom: a wspólnota by its resolution', () => {
  const cases: [NonNullable<NoticeInput['communityNotice']>, string, string][] = [
    [{ unit: 'days', amount: 14 }, '2026-01-18', '2026-02-01'],
    [{ unit: 'days', amount: 14 }, '2026-01-19', '2026-03-01'],
    [{ unit: 'days', amount: 14 }, '2028-02-16', '2028-03-01'],
    [{ unit: 'days', amount: 14 }, '2026-12-18', '2027-01-01'],
    [{ unit: 'days', amount: 14 }, '2026-12-25', '2027-02-01'],
    [{ unit: 'months', amount: 1 }, '2026-01-31', '2026-03-01'], // 31.01 + 1 month = 28.02
    [{ unit: 'months', amount: 1 }, '2028-01-31', '2028-03-01'], // = 29.02 (leap)
    [{ unit: 'months', amount: 1 }, '2026-02-01', '2026-03-01'],
    [{ unit: 'months', amount: 2 }, '2026-11-30', '2027-02-01'],
  ];
  it.each(cases)('%o, sent %s → from %s', (communityNotice, sentOn, earliest) => {
    expect(
      earliestValidFrom({ ...base, relation: 'owner', propertyKind: 'community', communityNotice, sentOn }),
    ).toEqual({ rule: 'community_resolution', earliest });
  });
  it('no resolution, own and managed stock: no period', () => {
    for (const propertyKind of ['community', 'own', 'managed'] as const)
      expect(earliestValidFrom({ ...base, relation: 'owner', propertyKind, sentOn: '2026-01-31' })).toEqual({
        rule: 'none',
        earliest: null,
      });
  });
});

describe('checkNoticePeriod', () => {
  it('on the earliest day: ok; a day-month earlier: the earliest date and why, in Polish', () => {
    const input = { ...base, relation: 'member', propertyKind: 'cooperative', sentOn: '2026-01-15' } as const;
    expect(checkNoticePeriod({ ...input, validFrom: '2026-05-01' })).toEqual({
      ok: true,
      rule: 'usm_4_7',
      writtenForm: false,
    });
    const r = checkNoticePeriod({ ...input, validFrom: '2026-04-01' });
    expect(r).toMatchObject({ ok: false, earliest: '2026-05-01', rule: 'usm_4_7' });
    expect(r.ok || r.reason).toContain('Najwcześniej od 01.05.2026');
    expect(r.ok || r.reason).toContain('art. 4 ust. 7 usm');
  });
  it('a tenant needs written form', () => {
    const r = checkNoticePeriod({
      ...base,
      relation: 'tenant',
      propertyKind: 'own',
      sentOn: '2026-01-15',
      validFrom: '2027-01-01',
    });
    expect(r).toEqual({ ok: true, rule: 'uopl_8a', writtenForm: true });
  });
});

describe('helpers', () => {
  it.each([
    ['Zimna woda i ścieki (zaliczka)', true],
    ['Odpady komunalne', true],
    ['Zaliczka c.o.', true],
    ['Gaz', true],
    ['Energia elektryczna części wspólnych', true],
    ['Eksploatacja', false],
    ['Fundusz remontowy', false],
    ['Domofon', false],
  ])('%s outside control: %s', (name, expected) => expect(isOutsideControl(name)).toBe(expected));
  it('payment day', () => {
    expect(paymentDayOf('do 10. dnia każdego miesiąca')).toBe(10);
    expect(paymentDayOf('do 15-tego')).toBe(15);
    expect(paymentDayOf('miesięcznie z góry')).toBeNull();
  });
});

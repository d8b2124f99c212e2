/**
 * Sample document data for the demo, tests and benchmarks: fee notices for units, with charge components at
 * rates seen in real Polish cooperatives and communities (per m², per person, per unit), amounts that add up.
 */
import { createRng } from './random.js';

export interface FeeNoticeUnit {
  key: string;
  kind: 'flat' | 'commercial' | 'garage';
  /** 'cooperative' members pay "eksploatacja"; communities pay advances for common-property costs. */
  propertyKind: 'cooperative' | 'community';
}

const money = (grosze: number) => (grosze / 100).toFixed(2).replace('.', ',');
const round = (v: number) => Math.round(v);

/** A fee notice's data (as a rent system would export it) for one unit, valid from the first day of `period`. */
export function demoFeeNotice(unit: FeeNoticeUnit, period: string, seed = 1): Record<string, unknown> {
  const rng = createRng((seed * 7919 + [...unit.key].reduce((s, c) => s * 31 + c.charCodeAt(0), 7)) >>> 0);
  const area = unit.kind === 'garage' ? rng.int(1500, 2200) / 100 : rng.int(2800, 9800) / 100;
  const persons = unit.kind === 'flat' ? rng.int(1, 5) : 0;
  const rates =
    unit.propertyKind === 'cooperative'
      ? [
          ['Eksploatacja', 'm²', 2.2],
          ['Fundusz remontowy', 'm²', 3.9],
          ['Zaliczka c.o.', 'm²', 6.0],
          ['Podatek od nieruchomości', 'm²', 0.12],
        ]
      : [
          ['Zaliczka na koszty zarządu', 'm²', 2.85],
          ['Fundusz remontowy', 'm²', 2.5],
          ['Zaliczka c.o.', 'm²', 5.7],
        ];
  const components: Record<string, string>[] = [];
  let total = 0;
  for (const [name, basis, rate] of rates as [string, string, number][]) {
    if (unit.kind === 'garage' && name.includes('c.o.')) continue;
    const amount = round(rate * area * 100);
    total += amount;
    components.push({
      name,
      basis,
      rate: rate.toFixed(2).replace('.', ','),
      quantity: String(area).replace('.', ','),
      amount: money(amount),
    });
  }
  if (persons > 0) {
    const water = round(10.88 * 3 * persons * 100);
    const waste = round(29 * persons * 100);
    total += water + waste;
    components.push(
      {
        name: 'Zimna woda i ścieki (zaliczka)',
        basis: 'm³',
        rate: '10,88',
        quantity: String(3 * persons),
        amount: money(water),
      },
      { name: 'Odpady komunalne', basis: 'osoba', rate: '29,00', quantity: String(persons), amount: money(waste) },
    );
  }
  components.push({ name: 'Domofon', basis: 'lokal', rate: '1,50', quantity: '1', amount: '1,50' });
  total += 150;
  const previous = total - rng.int(0, 6000);
  const [y, m] = period.split('-').map(Number) as [number, number];
  const issue = new Date(Date.UTC(y, m - 4, 20)).toISOString().slice(0, 10);
  return {
    number: `ZO/${period.replace('-', '/')}/${unit.key}`,
    issueDate: issue,
    validFrom: `${period}-01`,
    areaM2: String(area).replace('.', ','),
    persons: unit.kind === 'flat' ? persons : '',
    components,
    total: money(total),
    previousTotal: money(previous),
    justification:
      previous === total
        ? ''
        : 'Zmiana wynika ze wzrostu stawki funduszu remontowego (uchwała nr 12/2025) oraz cen ciepła zatwierdzonych przez Prezesa URE.',
    paymentDeadline: 'do 10. dnia każdego miesiąca',
  };
}

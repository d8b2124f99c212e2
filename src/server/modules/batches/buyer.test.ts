import { describe, expect, it } from 'vitest';
import { buyerNameOf, chooseBuyer, nameKey } from './buyer.js';

const anna = { id: 'a', name: 'Anna Nowak' };
const piotr = { id: 'p', name: 'Piotr Nowak' };

describe('the buyer of a sales document', () => {
  it.each([
    ['Anna Nowak', 'anna nowak'],
    ['NOWAK  Anna', 'anna nowak'],
    ['Nowak, Anna.', 'anna nowak'],
    ['Żaneta Łęcka-Źródło', 'łęcka źródło żaneta'],
  ])('compares %s as %s', (name, key) => expect(nameKey(name)).toBe(key));

  it('reads buyer.name of the data, else a ready PDF’s `nabywca` field', () => {
    expect(buyerNameOf({ buyer: { name: 'Anna Nowak', street: 'x' } })).toBe('Anna Nowak');
    expect(buyerNameOf({ nabywca: 'Piotr Nowak' })).toBe('Piotr Nowak');
    expect(buyerNameOf({ nabywca: '  ' })).toBeNull();
    expect(buyerNameOf({})).toBeNull();
  });

  it.each([
    ['Nowak Piotr', [anna, piotr], { ok: true, recipientIds: ['p'] }],
    [
      'Jan Kowalski',
      [anna, piotr],
      {
        ok: false,
        problem: { reason: 'buyer_not_found', buyer: 'Jan Kowalski', candidates: ['Anna Nowak', 'Piotr Nowak'] },
      },
    ],
    [
      'Anna Nowak',
      [anna, { id: 'b', name: 'anna  nowak' }],
      {
        ok: false,
        problem: { reason: 'buyer_ambiguous', buyer: 'Anna Nowak', candidates: ['Anna Nowak', 'anna  nowak'] },
      },
    ],
    [null, [anna], { ok: true, recipientIds: ['a'] }],
    [
      null,
      [anna, piotr],
      { ok: false, problem: { reason: 'buyer_unknown', buyer: null, candidates: ['Anna Nowak', 'Piotr Nowak'] } },
    ],
    ['Anna Nowak', [], { ok: false, problem: { reason: 'buyer_not_found', buyer: 'Anna Nowak', candidates: [] } }],
  ] as const)('buyer %s among %j', (buyer, people, expected) => {
    expect(chooseBuyer(buyer, [...people])).toEqual(expected);
  });
});

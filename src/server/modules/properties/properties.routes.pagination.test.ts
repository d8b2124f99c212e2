import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, login, type Session, type TestApp } from '../../../../test/support/app.js';
import { expectedOrder, expectSameSequence, pageThrough } from '../../../../test/support/paging.js';
import { systemActor } from '../auth/auth.js';

/** GET /api/units: keyset pages by unit number (text order), with the same numbers in several properties. */

let t: TestApp;
let clerk: Session;
let propertyIds: string[];
let rows: { id: string; property_id: string; number: string; address: string; external_key: string | null }[];

beforeAll(async () => {
  t = await createTestApp();
  const actor = systemActor('test');
  propertyIds = [];
  for (const [name, street] of [
    ['Wspólnota Długa 12', 'ul. Długa 12'],
    ['Wspólnota Krótka 3', 'ul. Krótka 3'],
    ['Spółdzielnia Zielona', 'ul. Zielona 8'],
  ] as const) {
    const p = await t.container.services.properties.create(actor, {
      name,
      kind: 'community',
      street,
      postalCode: '00-238',
      city: 'Warszawa',
      nip: null,
    });
    propertyIds.push(p.id);
  }
  // Numbers 1…18 plus a few with letters in each property: "1" < "10" < "10A" < "11" … in text order.
  const numbers = [...Array.from({ length: 18 }, (_, i) => String(i + 1)), '10A', '2B', 'G1'];
  for (const [p, propertyId] of propertyIds.entries()) {
    for (const [i, number] of numbers.entries()) {
      if ((i + p) % 5 === 4) continue;
      await t.container.services.properties.createUnit(actor, {
        propertyId,
        number,
        kind: number.startsWith('G') ? 'garage' : 'flat',
        address: `lokal ${number}, klatka ${p + 1}`,
        bankAccount: null,
        externalKey: i % 3 === 0 ? `K${p}-${number}` : null,
      });
    }
  }
  // The clerk's position serves every property, so the walks see every unit.
  const position = await t.container.services.positions.create(actor, { name: 'Czynsze', description: '' });
  await t.container.services.positions.setProperties(actor, position.id, propertyIds);
  await createUser(t, 'anna', 'clerk', [position.id]);
  clerk = await login(t, 'anna');
  rows = await t.container.db
    .selectFrom('units')
    .select(['id', 'property_id', 'number', 'address', 'external_key'])
    .execute();
});
afterAll(() => t?.close());

const order = (list: typeof rows) =>
  expectedOrder(
    list,
    (r) => r.number,
    (r) => r.id,
  );

/** What the units search looks in: the number, the address and the rent system's key. */
const matches = (r: (typeof rows)[number], term: string) =>
  [r.number, r.address, r.external_key ?? ''].some((v) => v.toLowerCase().includes(term));

describe('units: keyset pagination', () => {
  it('has the same number in several properties (ties on the sort key)', () => {
    expect(rows.filter((r) => r.number === '10').length).toBeGreaterThan(1);
    expect(rows.length).toBeGreaterThan(45);
  });

  it.each([1, 5, 25, 200])('walks every unit once, in number order (limit %i)', async (limit) => {
    expectSameSequence(await pageThrough(t, clerk, '/api/units', limit), order(rows));
  });

  it('within one property', async () => {
    const propertyId = propertyIds[1] as string;
    expectSameSequence(
      await pageThrough(t, clerk, `/api/units?propertyId=${propertyId}`, 4),
      order(rows.filter((r) => r.property_id === propertyId)),
    );
  });

  it.each(['1', 'g1', 'k2-', 'klatka 3'])('with a search for "%s" (number, address or key)', async (q) => {
    const term = q.toLowerCase();
    const matching = rows.filter((r) => matches(r, term));
    expect(matching.length).toBeGreaterThan(2);
    expectSameSequence(await pageThrough(t, clerk, `/api/units?q=${encodeURIComponent(q)}`, 2), order(matching));
  });

  it('search and property filter together', async () => {
    const propertyId = propertyIds[0] as string;
    const matching = rows.filter((r) => r.property_id === propertyId && matches(r, '11'));
    expect(matching.length).toBeGreaterThan(0);
    expectSameSequence(await pageThrough(t, clerk, `/api/units?propertyId=${propertyId}&q=11`, 2), order(matching));
  });
});

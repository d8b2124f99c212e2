import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type Session, type TestApp } from '../../../../test/support/app.js';
import { expectedOrder, expectSameSequence, pageThrough } from '../../../../test/support/paging.js';
import { expectStatus } from '../../../../test/support/world.js';
import { systemActor } from '../auth/auth.js';

/** GET /api/recipients: keyset pages by folded name, with many names that fold to the same key. */

let t: TestApp;
let clerk: Session;
let unitA: string;

/** Pairs that fold alike ("Łukasz" and "Lukasz", double spaces) make ties on the sort key. */
const NAMES = [
  'Łukasz Nowak',
  'Lukasz Nowak',
  'Anna Kowalska',
  'Anna  Kowalska',
  'Ąnna Kowalska',
  'Żaneta Wiśniewska',
  'Zaneta Wisniewska',
  'Michał Wójcik',
  'Edward Ćwik',
  'Ola Kowalczyk',
  'Óla Kowalczyk',
  'Zenon Źdźbło',
];

let rows: { id: string; sort_name: string; search_text: string; channel: string }[];

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'anna', 'clerk');
  clerk = await login(t, 'anna');
  const actor = systemActor('test');
  const property = await t.container.services.properties.create(actor, {
    name: 'Wspólnota Polna',
    kind: 'community',
    street: 'ul. Polna 1',
    postalCode: '60-001',
    city: 'Poznań',
    nip: null,
  });
  const unit = (n: string) =>
    t.container.services.properties.createUnit(actor, {
      propertyId: property.id,
      number: n,
      kind: 'flat',
      address: '',
      bankAccount: null,
      externalKey: null,
    });
  unitA = (await unit('1')).id;
  const unitB = (await unit('2')).id;
  for (let i = 0; i < 60; i++) {
    const email = i % 3 === 0;
    await t.container.services.recipients.create(actor, {
      name: NAMES[i % NAMES.length] as string,
      street: 'ul. Polna 1',
      postalCode: '60-001',
      city: 'Poznań',
      country: 'PL',
      channel: email ? 'email' : 'paper',
      consent: null,
      externalKey: null,
      emails: email ? [`r${i}@example.pl`] : [],
      units: i % 4 === 0 ? [{ unitId: unitA, role: 'owner' }] : i % 4 === 1 ? [{ unitId: unitB, role: 'tenant' }] : [],
    });
  }
  rows = await t.container.db.selectFrom('recipients').select(['id', 'sort_name', 'search_text', 'channel']).execute();
});
afterAll(() => t?.close());

describe('recipients: keyset pagination', () => {
  it('has ties on the folded name to page across', () => {
    const names = rows.map((r) => r.sort_name);
    expect(new Set(names).size).toBeLessThan(NAMES.length);
    expect(names).toContain('lukasz nowak');
  });

  it.each([1, 7, 25, 200])('walks every recipient once, in folded-name order (limit %i)', async (limit) => {
    const walked = await pageThrough(t, clerk, '/api/recipients', limit);
    expectSameSequence(
      walked,
      expectedOrder(
        rows,
        (r) => r.sort_name,
        (r) => r.id,
      ),
    );
  });

  it.each(['kowal', 'no', 'zaneta'])('with a search for "%s"', async (q) => {
    const walked = await pageThrough<{ id: string; name: string }>(t, clerk, `/api/recipients?q=${q}`, 4);
    const matching = rows.filter((r) => r.search_text.includes(q));
    expect(matching.length).toBeGreaterThan(4);
    expectSameSequence(
      walked,
      expectedOrder(
        matching,
        (r) => r.sort_name,
        (r) => r.id,
      ),
    );
  });

  it('with a search for a Polish spelling, matched without diacritics', async () => {
    const walked = await pageThrough<{ id: string; name: string }>(
      t,
      clerk,
      `/api/recipients?q=${encodeURIComponent('ŻANETA')}`,
      3,
    );
    expect(walked.length).toBeGreaterThan(0);
    expect(walked.every((r) => /aneta/.test(r.name))).toBe(true);
  });

  it('with channel and unit filters', async () => {
    const email = await pageThrough(t, clerk, '/api/recipients?channel=email', 6);
    expectSameSequence(
      email,
      expectedOrder(
        rows.filter((r) => r.channel === 'email'),
        (r) => r.sort_name,
        (r) => r.id,
      ),
    );
    const links = await t.container.db
      .selectFrom('recipient_units')
      .select('recipient_id')
      .where('unit_id', '=', unitA)
      .execute();
    const inUnit = new Set(links.map((l) => l.recipient_id));
    const walked = await pageThrough(t, clerk, `/api/recipients?unitId=${unitA}&channel=paper`, 2);
    expectSameSequence(
      walked,
      expectedOrder(
        rows.filter((r) => inUnit.has(r.id) && r.channel === 'paper'),
        (r) => r.sort_name,
        (r) => r.id,
      ),
    );
  });

  it('the last page has no cursor and an empty result has none either', async () => {
    const page = expectStatus(await call(t, clerk, 'GET', '/api/recipients?q=nikogotakiego'), 200);
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type Session, type TestApp } from '../../../../test/support/app.js';
import { expectedOrder, expectSameSequence, pageThrough } from '../../../../test/support/paging.js';
import { expectStatus } from '../../../../test/support/world.js';
import { systemActor } from '../auth/auth.js';

/** GET /api/recipients: keyset pages by folded name, with many names that fold to the same key. */

let t: TestApp;
let admin: Session;
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

let anna: Session;
let rows: { id: string; sort_name: string; search_text: string; channel: string }[];

beforeAll(async () => {
  t = await createTestApp();
  // The walks are an administrator's (every recipient); a clerk's own view is checked apart below.
  await createUser(t, 'szef', 'admin');
  admin = await login(t, 'szef');
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
      pdfCode: null,
      emails: email ? [`r${i}@example.pl`] : [],
      units: i % 4 === 0 ? [{ unitId: unitA, role: 'owner' }] : i % 4 === 1 ? [{ unitId: unitB, role: 'tenant' }] : [],
    });
  }
  rows = await t.container.db.selectFrom('recipients').select(['id', 'sort_name', 'search_text', 'channel']).execute();
  const position = await t.container.services.positions.create(actor, { name: 'Czynsze', description: '' });
  await t.container.services.positions.setProperties(actor, position.id, [property.id]);
  await createUser(t, 'anna', 'clerk', [position.id]);
  anna = await login(t, 'anna');
});
afterAll(() => t?.close());

describe('recipients: keyset pagination', () => {
  it('has ties on the folded name to page across', () => {
    const names = rows.map((r) => r.sort_name);
    expect(new Set(names).size).toBeLessThan(NAMES.length);
    expect(names).toContain('lukasz nowak');
  });

  it("a clerk walks only the recipients of their properties' units, once each", async () => {
    const linked = new Set(
      (await t.container.db.selectFrom('recipient_units').select('recipient_id').execute()).map((r) => r.recipient_id),
    );
    expect(linked.size).toBeGreaterThan(0);
    expect(linked.size).toBeLessThan(rows.length);
    const walked = await pageThrough(t, anna, '/api/recipients', 7);
    expectSameSequence(
      walked,
      expectedOrder(
        rows.filter((r) => linked.has(r.id)),
        (r) => r.sort_name,
        (r) => r.id,
      ),
    );
  });

  it.each([1, 7, 25, 200])('walks every recipient once, in folded-name order (limit %i)', async (limit) => {
    const walked = await pageThrough(t, admin, '/api/recipients', limit);
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
    const walked = await pageThrough<{ id: string; name: string }>(t, admin, `/api/recipients?q=${q}`, 4);
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
      admin,
      `/api/recipients?q=${encodeURIComponent('ŻANETA')}`,
      3,
    );
    expect(walked.length).toBeGreaterThan(0);
    expect(walked.every((r) => /aneta/.test(r.name))).toBe(true);
  });

  it('with channel and unit filters', async () => {
    const email = await pageThrough(t, admin, '/api/recipients?channel=email', 6);
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
    const walked = await pageThrough(t, admin, `/api/recipients?unitId=${unitA}&channel=paper`, 2);
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
    const page = expectStatus(await call(t, admin, 'GET', '/api/recipients?q=nikogotakiego'), 200);
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  assignProperties,
  auditActions,
  createWorld,
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  type RouteCase,
  rawRequest,
  type World,
} from '../../../../test/support/world.js';
import { nrbWithCheckDigits } from '../../../shared/nrb.js';

let t: TestApp;
let w: World;
let propertyId: string;
let unitId: string;

const NRB = nrbWithCheckDigits('102010260000042270201111');
/** Valid NIP: 5·6+2·5+6·7+0·2+2·3+5·4+0·5+2·6+7·7 = 169 ≡ 4 (mod 11). */
const NIP = '5260250274';

const property = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: 'community',
  street: 'ul. Długa 12',
  postalCode: '00-238',
  city: 'Warszawa',
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  propertyId = expectStatus(
    await call(t, w.admin, 'POST', '/api/properties', property('Wspólnota Długa 12', { nip: NIP })),
    201,
  ).id;
  unitId = expectStatus(
    await call(t, w.admin, 'POST', '/api/units', {
      propertyId,
      number: '1',
      address: 'ul. Długa 12/1',
      bankAccount: NRB,
    }),
    201,
  ).id;
  await assignProperties(t, w, w.positionA, [propertyId]);
});
afterAll(() => t?.close());

describe('properties and units: authentication', () => {
  const routes: RouteCase[] = [
    { method: 'GET', url: '/api/properties' },
    { method: 'GET', url: `/api/properties/${MISSING_ID}` },
    { method: 'POST', url: '/api/properties', body: property('Anonimowa') },
    { method: 'PATCH', url: `/api/properties/${MISSING_ID}`, body: { name: 'X' } },
    { method: 'DELETE', url: `/api/properties/${MISSING_ID}` },
    { method: 'GET', url: '/api/units' },
    { method: 'GET', url: `/api/units/${MISSING_ID}` },
    { method: 'POST', url: '/api/units', body: { propertyId: MISSING_ID, number: '1' } },
    { method: 'PATCH', url: `/api/units/${MISSING_ID}`, body: { number: '2' } },
    { method: 'DELETE', url: `/api/units/${MISSING_ID}` },
  ];
  it.each(routes)('anonymous $method $url → 401', async ({ method, url, body }) => {
    expectError(await call(t, null, method, url, body), 401, 'unauthenticated');
  });
});

describe('properties and units: authorisation', () => {
  it('a clerk reads the properties and units their position serves', async () => {
    const list = expectStatus(await call(t, w.clerkA, 'GET', '/api/properties'), 200);
    expect(list).toEqual([expect.objectContaining({ id: propertyId, nip: NIP, unitCount: 1 })]);
    expect(expectStatus(await call(t, w.clerkA, 'GET', `/api/properties/${propertyId}`), 200).name).toBe(
      'Wspólnota Długa 12',
    );
    expect(expectStatus(await call(t, w.clerkA, 'GET', '/api/units'), 200).items).toHaveLength(1);
    expect(expectStatus(await call(t, w.clerkA, 'GET', `/api/units/${unitId}`), 200).bankAccount).toBe(NRB);
  });

  it("a clerk of another position neither lists nor reads them, and cannot change a unit's data", async () => {
    expect(expectStatus(await call(t, w.clerkB, 'GET', '/api/properties'), 200)).toEqual([]);
    expect(expectStatus(await call(t, w.clerkB, 'GET', '/api/units'), 200).items).toEqual([]);
    expect(expectStatus(await call(t, w.clerkB, 'GET', `/api/units?propertyId=${propertyId}`), 200).items).toEqual([]);
    expectError(
      await call(t, w.clerkB, 'GET', `/api/properties/${propertyId}`),
      403,
      'forbidden',
      /Twojego stanowiska/,
    );
    expectError(await call(t, w.clerkB, 'GET', `/api/units/${unitId}`), 403, 'forbidden');
    const before = await t.container.db.selectFrom('units').selectAll().execute();
    const attempts = [
      { address: 'ul. Obca 1' },
      { bankAccount: nrbWithCheckDigits('109010140000071219812874') },
      { number: '99' },
    ];
    for (const body of attempts) {
      expectError(await call(t, w.clerkB, 'PATCH', `/api/units/${unitId}`, body), 403, 'forbidden', /stanowiska/);
    }
    // Refused before the body is read: a malformed body gets the same answer, not a parse error.
    const raw = await rawRequest(t, w.clerkB, 'PATCH', `/api/units/${unitId}`, '{"address": ');
    expectError(raw, 403, 'forbidden');
    expectError(
      await call(t, w.clerkB, 'POST', '/api/units', { propertyId, number: '3' }),
      403,
      'forbidden',
      /nie obsługuje/,
    );
    expect(await t.container.db.selectFrom('units').selectAll().execute()).toEqual(before);
  });

  it("only an administrator sets or changes a unit's bank account number (NRB), and the change is audited", async () => {
    const other = nrbWithCheckDigits('109010140000071219812874');
    const before = await t.container.db.selectFrom('units').selectAll().where('id', '=', unitId).execute();
    expectError(
      await call(t, w.clerkA, 'PATCH', `/api/units/${unitId}`, { bankAccount: other }),
      403,
      'forbidden',
      /administrator/,
    );
    expectError(
      await call(t, w.clerkA, 'PATCH', `/api/units/${unitId}`, { address: 'ul. Długa 12/1', bankAccount: null }),
      403,
      'forbidden',
      /NRB/,
    );
    expectError(
      await call(t, w.clerkA, 'POST', '/api/units', { propertyId, number: '77', bankAccount: other }),
      403,
      'forbidden',
      /NRB/,
    );
    expect(await t.container.db.selectFrom('units').selectAll().where('id', '=', unitId).execute()).toEqual(before);
    // The same number again is no change: a clerk may save the form as it stands.
    expectStatus(await call(t, w.clerkA, 'PATCH', `/api/units/${unitId}`, { bankAccount: NRB }), 200);
    expect(
      expectStatus(await call(t, w.admin, 'PATCH', `/api/units/${unitId}`, { bankAccount: other }), 200),
    ).toMatchObject({ bankAccount: other });
    const change = await t.container.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', unitId)
      .where('action', '=', 'unit.bank_account')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(change.details as string)).toMatchObject({ from: NRB, to: other });
    expect(change.actor_label).toBe('szef');
    expectStatus(await call(t, w.admin, 'PATCH', `/api/units/${unitId}`, { bankAccount: NRB }), 200);
  });

  it.each<RouteCase>([
    { method: 'POST', url: '/api/properties', body: property('Od urzędnika') },
    { method: 'PATCH', url: '/api/properties/:P', body: { city: 'Kraków' } },
    { method: 'DELETE', url: '/api/properties/:P' },
    { method: 'DELETE', url: '/api/units/:U' },
  ])('a clerk gets 403 for $method $url and nothing changes', async ({ method, url, body }) => {
    const before = await t.container.db.selectFrom('properties').selectAll().execute();
    const unitsBefore = await t.container.db.selectFrom('units').selectAll().execute();
    const res = await call(t, w.clerkA, method, url.replace(':P', propertyId).replace(':U', unitId), body);
    expectError(res, 403, 'forbidden', /tylko administrator/i);
    expect(await t.container.db.selectFrom('properties').selectAll().execute()).toEqual(before);
    expect(await t.container.db.selectFrom('units').selectAll().execute()).toEqual(unitsBefore);
  });

  it('a clerk may add and correct units (the rent data they look after)', async () => {
    const created = await call(t, w.clerkA, 'POST', '/api/units', { propertyId, number: '2', kind: 'garage' });
    const unit = expectStatus(created, 201);
    expect(unit).toMatchObject({ number: '2', kind: 'garage', address: '', bankAccount: null, externalKey: null });
    const patched = await call(t, w.clerkA, 'PATCH', `/api/units/${unit.id}`, { address: 'ul. Długa 12, garaż 2' });
    expect(expectStatus(patched, 200)).toMatchObject({ number: '2', kind: 'garage', address: 'ul. Długa 12, garaż 2' });
    expect(await auditActions(t, unit.id)).toEqual(['unit.create', 'unit.update']);
    expectStatus(await call(t, w.admin, 'DELETE', `/api/units/${unit.id}`), 204);
  });

  it('an admin creates, changes and deletes a property and a unit; every step is audited', async () => {
    const p = expectStatus(await call(t, w.admin, 'POST', '/api/properties', property('Spółdzielnia Zielona')), 201);
    expect(p).toMatchObject({ kind: 'community', nip: null, unitCount: 0 });
    const renamed = expectStatus(
      await call(t, w.admin, 'PATCH', `/api/properties/${p.id}`, { kind: 'cooperative', nip: NIP }),
      200,
    );
    expect(renamed).toMatchObject({ name: 'Spółdzielnia Zielona', kind: 'cooperative', nip: NIP });
    const u = expectStatus(
      await call(t, w.admin, 'POST', '/api/units', { propertyId: p.id, number: '7A', externalKey: 'ZIEL-7A' }),
      201,
    );
    expectError(await call(t, w.admin, 'DELETE', `/api/properties/${p.id}`), 409, 'conflict', /ma lokale/);
    expectStatus(await call(t, w.admin, 'DELETE', `/api/units/${u.id}`), 204);
    expectStatus(await call(t, w.admin, 'DELETE', `/api/properties/${p.id}`), 204);
    expectError(await call(t, w.admin, 'GET', `/api/properties/${p.id}`), 404, 'not_found');
    expectError(await call(t, w.admin, 'GET', `/api/units/${u.id}`), 404, 'not_found');
    expect(await auditActions(t, p.id)).toEqual(['property.create', 'property.update', 'property.delete']);
    expect(await auditActions(t, u.id)).toEqual(['unit.create', 'unit.delete']);
  });
});

describe('properties and units: PATCH changes only the fields sent', () => {
  it('renaming a property keeps its NIP', async () => {
    const res = await call(t, w.admin, 'PATCH', `/api/properties/${propertyId}`, { name: 'Wspólnota Długa 12/14' });
    expect(expectStatus(res, 200)).toMatchObject({ name: 'Wspólnota Długa 12/14', nip: NIP, city: 'Warszawa' });
  });

  it('renumbering a unit keeps its kind, address, bank account and key', async () => {
    expectStatus(
      await call(t, w.admin, 'PATCH', `/api/units/${unitId}`, { kind: 'commercial', externalKey: 'DL-1' }),
      200,
    );
    const res = await call(t, w.admin, 'PATCH', `/api/units/${unitId}`, { number: '1U' });
    expect(expectStatus(res, 200)).toMatchObject({
      number: '1U',
      kind: 'commercial',
      address: 'ul. Długa 12/1',
      bankAccount: NRB,
      externalKey: 'DL-1',
    });
  });
});

describe('properties and units: validation', () => {
  it('rejects an NRB with wrong check digits, mentioning the check', async () => {
    const res = await call(t, w.admin, 'POST', '/api/units', {
      propertyId,
      number: '3',
      bankAccount: '34102010260000000000000002',
    });
    const error = expectFieldError(res, 'bankAccount', /suma kontrolna/);
    expect(error.fields).toHaveLength(1);
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/units/${unitId}`, {
        bankAccount: `${NRB.slice(0, 25)}${(Number(NRB[25]) + 1) % 10}`,
      }),
      'bankAccount',
      'Numer rachunku jest nieprawidłowy (błędna suma kontrolna) — sprawdź cyfry.',
    );
  });

  it('rejects an NRB of the wrong length, saying it needs 26 digits (and only that)', async () => {
    for (const bankAccount of ['3410201026', `${NRB}1`, 'PL61 1090 1014 0000 0712 1981 287X']) {
      const res = await call(t, w.admin, 'POST', '/api/units', { propertyId, number: '3', bankAccount });
      expect(expectFieldError(res, 'bankAccount', 'Numer rachunku musi mieć 26 cyfr.').fields).toHaveLength(1);
    }
  });

  it('accepts an NRB written with spaces and a PL prefix, and stores 26 digits', async () => {
    const spaced = `PL${NRB.slice(0, 2)} ${NRB.slice(2)
      .replace(/(\d{4})/g, '$1 ')
      .trim()}`;
    const res = await call(t, w.admin, 'POST', '/api/units', { propertyId, number: '4', bankAccount: spaced });
    expect(expectStatus(res, 201).bankAccount).toBe(NRB);
  });

  it('rejects a bad NIP and postal code in Polish', async () => {
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/properties', property('Zła', { nip: '5260250275' })),
      'nip',
      'NIP jest nieprawidłowy (błędna cyfra kontrolna).',
    );
    const short = await call(t, w.admin, 'POST', '/api/properties', property('Zła', { nip: '123' }));
    expect(expectFieldError(short, 'nip', 'NIP musi mieć 10 cyfr.').fields).toHaveLength(1);
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/properties/${propertyId}`, { postalCode: '00238' }),
      'postalCode',
      'Kod pocztowy wpisz w postaci 00-000.',
    );
  });

  it('names missing required fields and rejects unknown ones', async () => {
    const error = expectError(await call(t, w.admin, 'POST', '/api/properties', {}), 400, 'validation_failed');
    for (const path of ['name', 'kind', 'street', 'postalCode', 'city']) {
      expect(error.fields).toContainEqual({ path, message: 'To pole jest wymagane.' });
    }
    const unit = expectError(await call(t, w.admin, 'POST', '/api/units', {}), 400, 'validation_failed');
    for (const path of ['propertyId', 'number']) {
      expect(unit.fields).toContainEqual({ path, message: 'To pole jest wymagane.' });
    }
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/properties', property('Nowa', { regon: '123' })),
      '',
      'Nieznane pola: regon.',
    );
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/units/${unitId}`, { propertyId: MISSING_ID }),
      '',
      'Nieznane pola: propertyId.',
    );
  });

  it('an unknown property for a new unit stores nothing', async () => {
    const before = await t.container.db.selectFrom('units').select('id').execute();
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/units', { propertyId: MISSING_ID, number: '99' }),
      'propertyId',
      'Nieznana nieruchomość.',
    );
    expect(await t.container.db.selectFrom('units').select('id').execute()).toEqual(before);
  });

  it('duplicates are conflicts: property name, unit number in a property, unit key', async () => {
    expectError(await call(t, w.admin, 'POST', '/api/properties', property('Wspólnota Długa 12/14')), 409, 'conflict');
    expectError(
      await call(t, w.admin, 'POST', '/api/units', { propertyId, number: '1U' }),
      409,
      'conflict',
      /Lokal nr 1U/,
    );
    expectError(
      await call(t, w.admin, 'POST', '/api/units', { propertyId, number: '5', externalKey: 'DL-1' }),
      409,
      'conflict',
      /DL-1/,
    );
  });

  it('rejects malformed ids, cursors and query values', async () => {
    expectFieldError(await call(t, w.admin, 'GET', '/api/properties/1'), 'params.id', 'Nieprawidłowy identyfikator.');
    expectFieldError(
      await call(t, w.admin, 'DELETE', '/api/units/lokal-1'),
      'params.id',
      'Nieprawidłowy identyfikator.',
    );
    expectFieldError(await call(t, w.admin, 'GET', '/api/units?cursor=nie-kursor'), 'cursor', /znacznik strony/);
    expectFieldError(await call(t, w.admin, 'GET', '/api/units?limit=500'), 'querystring.limit', /.+/);
    expectFieldError(
      await call(t, w.admin, 'GET', '/api/units?propertyId=abc'),
      'querystring.propertyId',
      /identyfikator/,
    );
  });

  it('rejects malformed JSON and an oversized body', async () => {
    expectError(
      await rawRequest(t, w.admin, 'POST', '/api/units', `{"propertyId": "${propertyId}", "number": }`),
      400,
      'fst_err_ctp_invalid_json_body',
      'Nieprawidłowy format danych (JSON).',
    );
    expectError(
      await rawRequest(t, w.admin, 'POST', '/api/properties', JSON.stringify(property('x'.repeat(1_500_000)))),
      413,
      'fst_err_ctp_body_too_large',
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  accountInput,
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

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

describe('positions: authentication', () => {
  const routes: RouteCase[] = [
    { method: 'GET', url: '/api/positions' },
    { method: 'GET', url: `/api/positions/${MISSING_ID}` },
    { method: 'POST', url: '/api/positions', body: { name: 'Dział techniczny' } },
    { method: 'PATCH', url: `/api/positions/${MISSING_ID}`, body: { name: 'X' } },
    { method: 'DELETE', url: `/api/positions/${MISSING_ID}` },
    { method: 'PUT', url: `/api/positions/${MISSING_ID}/accounts`, body: { accounts: [] } },
  ];
  it.each(routes)('anonymous $method $url → 401', async ({ method, url, body }) => {
    expectError(await call(t, null, method, url, body), 401, 'unauthenticated');
  });
});

describe('positions: authorisation and scoping', () => {
  it('a clerk lists only their own position, with its accounts', async () => {
    const list = expectStatus(await call(t, w.clerkA, 'GET', '/api/positions'), 200);
    expect(list).toEqual([
      {
        id: w.positionA,
        name: 'Czynsze',
        description: '',
        accounts: [{ accountId: w.accountA, role: 'default' }],
        userIds: [w.clerkAId],
        propertyIds: [],
      },
    ]);
    expect(
      expectStatus(await call(t, w.clerkB, 'GET', '/api/positions'), 200).map((p: { id: string }) => p.id),
    ).toEqual([w.positionB]);
  });

  it('a clerk reads their own position and gets 403 for another', async () => {
    expect(expectStatus(await call(t, w.clerkA, 'GET', `/api/positions/${w.positionA}`), 200).name).toBe('Czynsze');
    expectError(await call(t, w.clerkA, 'GET', `/api/positions/${w.positionB}`), 403, 'forbidden');
  });

  it.each<RouteCase>([
    { method: 'POST', url: '/api/positions', body: { name: 'Windykacja' } },
    { method: 'PATCH', url: '/api/positions/:A', body: { name: 'Czynsze i opłaty' } },
    { method: 'DELETE', url: '/api/positions/:A' },
    { method: 'PUT', url: '/api/positions/:A/accounts', body: { accounts: [] } },
    { method: 'PUT', url: '/api/positions/:A/properties', body: { propertyIds: [] } },
  ])('a clerk gets 403 for $method $url, and nothing changes', async ({ method, url, body }) => {
    const before = expectStatus(await call(t, w.admin, 'GET', `/api/positions/${w.positionA}`), 200);
    expectError(
      await call(t, w.clerkA, method, url.replace(':A', w.positionA), body),
      403,
      'forbidden',
      /tylko administrator/i,
    );
    expect(expectStatus(await call(t, w.admin, 'GET', `/api/positions/${w.positionA}`), 200)).toEqual(before);
    expect(
      await t.container.db.selectFrom('positions').select('name').where('name', '=', 'Windykacja').execute(),
    ).toEqual([]);
  });

  it('an admin sees every position and manages them', async () => {
    const all = expectStatus(await call(t, w.admin, 'GET', '/api/positions'), 200);
    expect(all.map((p: { name: string }) => p.name).sort()).toEqual(['Czynsze', 'Księgowość']);
    const created = expectStatus(
      await call(t, w.admin, 'POST', '/api/positions', { name: 'Dział techniczny', description: 'Awarie i przeglądy' }),
      201,
    );
    expect(created).toMatchObject({ name: 'Dział techniczny', description: 'Awarie i przeglądy', accounts: [] });
    const renamed = expectStatus(
      await call(t, w.admin, 'PATCH', `/api/positions/${created.id}`, { name: 'Dział techniczny (DT)' }),
      200,
    );
    // Fields left out of a PATCH stay as they were.
    expect(renamed).toMatchObject({ name: 'Dział techniczny (DT)', description: 'Awarie i przeglądy' });
    expectStatus(await call(t, w.admin, 'DELETE', `/api/positions/${created.id}`), 204);
    expectError(await call(t, w.admin, 'GET', `/api/positions/${created.id}`), 404, 'not_found');
    expect(await auditActions(t, created.id)).toEqual(['position.create', 'position.update', 'position.delete']);
  });

  it('an admin binds accounts to a position; the position change is audited', async () => {
    const extra = expectStatus(
      await call(t, w.admin, 'POST', '/api/accounts', accountInput('Zapasowe', 'zapas')),
      201,
    ).id;
    const res = await call(t, w.admin, 'PUT', `/api/positions/${w.positionB}/accounts`, {
      accounts: [
        { accountId: w.accountB, role: 'default' },
        { accountId: extra, role: 'allowed' },
      ],
    });
    expect(expectStatus(res, 200).accounts).toHaveLength(2);
    // Clerk B now sees both accounts; clerk A still only theirs.
    const bIds = expectStatus(await call(t, w.clerkB, 'GET', '/api/accounts'), 200).map((a: { id: string }) => a.id);
    expect(bIds.sort()).toEqual([w.accountB, extra].sort());
    expect(expectStatus(await call(t, w.clerkA, 'GET', '/api/accounts'), 200)).toHaveLength(1);
    expect(await auditActions(t, w.positionB)).toEqual(['position.create', 'position.accounts', 'position.accounts']);
    expectStatus(
      await call(t, w.admin, 'PUT', `/api/positions/${w.positionB}/accounts`, {
        accounts: [{ accountId: w.accountB, role: 'default' }],
      }),
      200,
    );
  });
});

describe('positions: the properties a position serves', () => {
  it('an admin sets them (audited); unknown or repeated properties are refused and nothing changes', async () => {
    const property = (name: string) =>
      call(t, w.admin, 'POST', '/api/properties', {
        name,
        kind: 'community',
        street: 'ul. Polna 1',
        postalCode: '60-001',
        city: 'Poznań',
      });
    const p1 = expectStatus(await property('Wspólnota Polna 1'), 201).id;
    const p2 = expectStatus(await property('Wspólnota Polna 2'), 201).id;
    const set = await call(t, w.admin, 'PUT', `/api/positions/${w.positionA}/properties`, { propertyIds: [p1, p2] });
    expect(expectStatus(set, 200).propertyIds.sort()).toEqual([p1, p2].sort());
    expect(expectStatus(await call(t, w.clerkA, 'GET', '/api/properties'), 200)).toHaveLength(2);
    expect(expectStatus(await call(t, w.clerkB, 'GET', '/api/properties'), 200)).toHaveLength(0);
    expectFieldError(
      await call(t, w.admin, 'PUT', `/api/positions/${w.positionA}/properties`, { propertyIds: [p1, MISSING_ID] }),
      'propertyIds',
      /Nieznana nieruchomość/,
    );
    expectFieldError(
      await call(t, w.admin, 'PUT', `/api/positions/${w.positionA}/properties`, { propertyIds: [p1, p1] }),
      'propertyIds',
      /powtarza/,
    );
    const narrowed = await call(t, w.admin, 'PUT', `/api/positions/${w.positionA}/properties`, { propertyIds: [p2] });
    expect(expectStatus(narrowed, 200).propertyIds).toEqual([p2]);
    expect(
      expectStatus(await call(t, w.clerkA, 'GET', '/api/properties'), 200).map((p: { id: string }) => p.id),
    ).toEqual([p2]);
    const audit = await t.container.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('entity_id', '=', w.positionA)
      .where('action', '=', 'position.properties')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([
      { added: [p1, p2], removed: [], count: 2 },
      { added: [], removed: [p1], count: 1 },
    ]);
    expectStatus(await call(t, w.admin, 'PUT', `/api/positions/${w.positionA}/properties`, { propertyIds: [] }), 200);
  });
});

describe('positions: validation', () => {
  it('requires a name and rejects unknown fields', async () => {
    expectFieldError(await call(t, w.admin, 'POST', '/api/positions', {}), 'name', 'To pole jest wymagane.');
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/positions', { name: '   ' }),
      'name',
      'To pole jest wymagane.',
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/positions', { name: 'X', kierownik: 'Jan' }),
      '',
      'Nieznane pola: kierownik.',
    );
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/positions/${w.positionA}`, { id: MISSING_ID }),
      '',
      'Nieznane pola: id.',
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/positions', { name: 'x'.repeat(101) }),
      'name',
      'Tekst jest za długi (najwyżej 100 znaków).',
    );
  });

  it('wants exactly one default account, no repeats and known accounts only', async () => {
    const url = `/api/positions/${w.positionA}/accounts`;
    expectFieldError(
      await call(t, w.admin, 'PUT', url, {
        accounts: [
          { accountId: w.accountA, role: 'allowed' },
          { accountId: w.accountB, role: 'allowed' },
        ],
      }),
      'accounts',
      'Wskaż dokładnie jedno konto domyślne dla stanowiska.',
    );
    expectFieldError(
      await call(t, w.admin, 'PUT', url, {
        accounts: [
          { accountId: w.accountA, role: 'default' },
          { accountId: w.accountA, role: 'allowed' },
        ],
      }),
      'accounts',
      'Konto powtarza się na liście.',
    );
    expectFieldError(
      await call(t, w.admin, 'PUT', url, { accounts: [{ accountId: 'abc', role: 'default' }] }),
      'accounts.0.accountId',
      'Nieprawidłowy identyfikator.',
    );
    expectFieldError(
      await call(t, w.admin, 'PUT', url, { accounts: [{ accountId: MISSING_ID, role: 'default' }] }),
      'accounts',
      'Nieznane konto.',
    );
    expectFieldError(await call(t, w.admin, 'PUT', url, {}), 'accounts', 'To pole jest wymagane.');
    // Nothing of the rejected lists was stored.
    const position = expectStatus(await call(t, w.admin, 'GET', `/api/positions/${w.positionA}`), 200);
    expect(position.accounts).toEqual([{ accountId: w.accountA, role: 'default' }]);
  });

  it('rejects a malformed id, malformed JSON and an oversized body', async () => {
    expectFieldError(
      await call(t, w.admin, 'GET', '/api/positions/czynsze'),
      'params.id',
      'Nieprawidłowy identyfikator.',
    );
    expectFieldError(await call(t, w.admin, 'DELETE', '/api/positions/1'), 'params.id', 'Nieprawidłowy identyfikator.');
    expectError(
      await rawRequest(t, w.admin, 'POST', '/api/positions', "{name: 'Czynsze'}"),
      400,
      'fst_err_ctp_invalid_json_body',
      'Nieprawidłowy format danych (JSON).',
    );
    expectError(
      await rawRequest(
        t,
        w.admin,
        'POST',
        '/api/positions',
        JSON.stringify({ name: 'X', description: 'y'.repeat(1_500_000) }),
      ),
      413,
      'fst_err_ctp_body_too_large',
      'Przesłane dane są za duże.',
    );
  });

  it('a duplicate name is a conflict; unknown ids are 404', async () => {
    expectError(await call(t, w.admin, 'POST', '/api/positions', { name: 'Czynsze' }), 409, 'conflict', /już istnieje/);
    expectError(await call(t, w.admin, 'PATCH', `/api/positions/${w.positionB}`, { name: 'Czynsze' }), 409, 'conflict');
    expectError(await call(t, w.admin, 'GET', `/api/positions/${MISSING_ID}`), 404, 'not_found');
    expectError(await call(t, w.admin, 'DELETE', `/api/positions/${MISSING_ID}`), 404, 'not_found');
    expectError(
      await call(t, w.admin, 'PUT', `/api/positions/${MISSING_ID}/accounts`, { accounts: [] }),
      404,
      'not_found',
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, login, TEST_PASSWORD, type TestApp } from '../../../../test/support/app.js';
import {
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

const newUser = (login: string, extra: Record<string, unknown> = {}) => ({
  login,
  displayName: `Użytkownik ${login}`,
  email: `${login}@example.pl`,
  role: 'clerk',
  password: TEST_PASSWORD,
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

describe('users: authentication', () => {
  const routes: RouteCase[] = [
    { method: 'GET', url: '/api/users' },
    { method: 'GET', url: `/api/users/${MISSING_ID}` },
    { method: 'POST', url: '/api/users', body: newUser('anonim') },
    { method: 'PATCH', url: `/api/users/${MISSING_ID}`, body: { displayName: 'X' } },
  ];
  it.each(routes)('anonymous $method $url → 401', async ({ method, url, body }) => {
    expectError(await call(t, null, method, url, body), 401, 'unauthenticated', /Zaloguj się/);
  });

  it('anonymous with a malformed id or body still gets 401, not a validation error', async () => {
    expectError(await call(t, null, 'GET', '/api/users/123'), 401, 'unauthenticated');
    expectError(await call(t, null, 'POST', '/api/users', { nonsense: true }), 401, 'unauthenticated');
  });
});

describe('users: authorisation', () => {
  it('a clerk may not list, create or change users', async () => {
    expectError(await call(t, w.clerkA, 'GET', '/api/users'), 403, 'forbidden', /administrator/);
    expectError(await call(t, w.clerkA, 'POST', '/api/users', newUser('przez-urzednika')), 403, 'forbidden');
    expectError(await call(t, w.clerkA, 'PATCH', `/api/users/${w.clerkBId}`, { displayName: 'X' }), 403, 'forbidden');
    // Not even themselves: role, status and positions are the administrator's call.
    expectError(await call(t, w.clerkA, 'PATCH', `/api/users/${w.clerkAId}`, { role: 'admin' }), 403, 'forbidden');
    expect(
      await t.container.db.selectFrom('users').select('id').where('login', '=', 'przez-urzednika').execute(),
    ).toEqual([]);
  });

  it('a clerk may read themselves but not another user', async () => {
    expect(expectStatus(await call(t, w.clerkA, 'GET', `/api/users/${w.clerkAId}`), 200)).toMatchObject({
      login: 'anna',
      role: 'clerk',
      positionIds: [w.positionA],
    });
    expectError(await call(t, w.clerkA, 'GET', `/api/users/${w.clerkBId}`), 403, 'forbidden');
  });

  it('an admin lists, reads, creates and changes users; no response carries a password hash', async () => {
    const list = await call(t, w.admin, 'GET', '/api/users');
    expect(expectStatus(list, 200).map((u: { login: string }) => u.login)).toEqual(
      expect.arrayContaining(['szef', 'anna', 'bartek']),
    );
    const created = await call(t, w.admin, 'POST', '/api/users', newUser('celina', { positionIds: [w.positionB] }));
    const celina = expectStatus(created, 201);
    expect(celina).toMatchObject({ login: 'celina', role: 'clerk', status: 'active', positionIds: [w.positionB] });
    expect(expectStatus(await call(t, w.admin, 'GET', `/api/users/${celina.id}`), 200).id).toBe(celina.id);
    const patched = await call(t, w.admin, 'PATCH', `/api/users/${celina.id}`, {
      displayName: 'Celina Nowak',
      positionIds: [w.positionA, w.positionB],
    });
    expect(expectStatus(patched, 200)).toMatchObject({ displayName: 'Celina Nowak', email: 'celina@example.pl' });
    expect([...patched.json().positionIds].sort()).toEqual([w.positionA, w.positionB].sort());
    for (const res of [list, created, patched]) {
      expect(res.body).not.toMatch(/password|scrypt|Hasło-testowe/i);
    }
  });

  it('an unknown user id gives 404 to an admin', async () => {
    expectError(await call(t, w.admin, 'GET', `/api/users/${MISSING_ID}`), 404, 'not_found');
    expectError(await call(t, w.admin, 'PATCH', `/api/users/${MISSING_ID}`, { displayName: 'X' }), 404, 'not_found');
  });

  it('an admin cannot demote or disable themselves', async () => {
    expectError(
      await call(t, w.admin, 'PATCH', `/api/users/${w.adminId}`, { role: 'clerk' }),
      400,
      'validation_failed',
    );
    expectError(
      await call(t, w.admin, 'PATCH', `/api/users/${w.adminId}`, { status: 'disabled' }),
      400,
      'validation_failed',
    );
  });
});

describe('users: validation', () => {
  it('names every missing required field with "To pole jest wymagane."', async () => {
    const res = await call(t, w.admin, 'POST', '/api/users', {});
    const error = expectError(res, 400, 'validation_failed', 'Popraw zaznaczone pola.');
    for (const path of ['login', 'displayName', 'role', 'password']) {
      expect(error.fields).toContainEqual({ path, message: 'To pole jest wymagane.' });
    }
  });

  it('rejects a bad e-mail, a short password, a bad login and a bad role in Polish', async () => {
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/users', newUser('dorota', { email: 'dorota@@example' })),
      'email',
      'Nieprawidłowy adres e-mail — sprawdź, czy nie ma literówki.',
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/users', newUser('dorota', { password: 'krotkie' })),
      'password',
      'Hasło musi mieć co najmniej 12 znaków.',
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/users', newUser('Dorota Nowak')),
      'login',
      /Login może zawierać małe litery/,
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/users', newUser('dorota', { role: 'boss' })),
      'role',
      /Nieprawidłowa opcja/,
    );
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/users/${w.clerkAId}`, { email: 'bez-malpy' }),
      'email',
      /Nieprawidłowy adres e-mail/,
    );
  });

  it('rejects unknown fields in create and update bodies', async () => {
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/users', newUser('edyta', { isAdmin: true })),
      '',
      'Nieznane pola: isAdmin.',
    );
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/users/${w.clerkAId}`, { passwordHash: 'x' }),
      '',
      'Nieznane pola: passwordHash.',
    );
  });

  it('rejects a malformed id in the path', async () => {
    expectFieldError(await call(t, w.admin, 'GET', '/api/users/nie-uuid'), 'params.id', 'Nieprawidłowy identyfikator.');
    expectFieldError(
      await call(t, w.admin, 'PATCH', '/api/users/123', { displayName: 'X' }),
      'params.id',
      'Nieprawidłowy identyfikator.',
    );
  });

  it('rejects malformed JSON (400) and an oversized body (413) with Polish messages', async () => {
    expectError(
      await rawRequest(t, w.admin, 'POST', '/api/users', '{"login": "x",'),
      400,
      'fst_err_ctp_invalid_json_body',
      'Nieprawidłowy format danych (JSON).',
    );
    const big = JSON.stringify(newUser('wielki', { displayName: 'x'.repeat(1_500_000) }));
    expectError(
      await rawRequest(t, w.admin, 'POST', '/api/users', big),
      413,
      'fst_err_ctp_body_too_large',
      'Przesłane dane są za duże.',
    );
  });

  it('a position named twice is a field error, not a server error (found by the fuzz run)', async () => {
    const twice = [w.positionA, w.positionA];
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/users', newUser('zdublowany', { positionIds: twice })),
      'positionIds',
      'Stanowisko powtarza się na liście.',
    );
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/users/${w.clerkBId}`, { positionIds: twice }),
      'positionIds',
      'Stanowisko powtarza się na liście.',
    );
  });

  it('a duplicate login is a conflict', async () => {
    expectError(await call(t, w.admin, 'POST', '/api/users', newUser('anna')), 409, 'conflict', /jest już zajęty/);
  });
});

describe('users: weak passwords', () => {
  it('refuses a password that is easy to guess when creating a user, saying why, and stores nothing', async () => {
    const before = await auditActions(t);
    for (const [login, password] of [
      ['henryk', 'Listonosz-2026!'],
      ['henryk', 'Warszawa2024!'],
      ['henryk', 'HenrykNowak1987'],
    ] as const) {
      const res = await call(
        t,
        w.admin,
        'POST',
        '/api/users',
        newUser(login, { displayName: 'Henryk Nowak', password }),
      );
      expectFieldError(res, 'password', /^Hasło jest zbyt łatwe do odgadnięcia: .+ Użyj co najmniej 12 znaków/);
    }
    expect(await t.container.db.selectFrom('users').select('id').where('login', '=', 'henryk').execute()).toEqual([]);
    expect(await auditActions(t)).toEqual(before);
  });

  it('refuses a weak new password set by an admin and keeps the old one', async () => {
    const res = await call(t, w.admin, 'PATCH', `/api/users/${w.clerkBId}`, {
      displayName: 'Bartek Zmieniony',
      password: 'Bartek-2024!',
    });
    expectFieldError(res, 'password', /zbyt łatwe do odgadnięcia/);
    const bartek = expectStatus(await call(t, w.admin, 'GET', `/api/users/${w.clerkBId}`), 200);
    expect(bartek.displayName).toBe('bartek');
    await login(t, 'bartek', TEST_PASSWORD);
  });
});

describe('users: nothing half-stored', () => {
  it('a create with an unknown position stores no user, no links and no audit entry', async () => {
    const before = await auditActions(t);
    const res = await call(t, w.admin, 'POST', '/api/users', newUser('franek', { positionIds: [MISSING_ID] }));
    expectFieldError(res, 'positionIds', 'Nieznane stanowisko.');
    expect(await t.container.db.selectFrom('users').select('id').where('login', '=', 'franek').execute()).toEqual([]);
    expect(
      await t.container.db
        .selectFrom('user_positions')
        .select('user_id')
        .where('position_id', '=', MISSING_ID)
        .execute(),
    ).toEqual([]);
    expect(await auditActions(t)).toEqual(before);
  });

  it('an update with an unknown position changes nothing, not even the fields before it', async () => {
    const res = await call(t, w.admin, 'PATCH', `/api/users/${w.clerkBId}`, {
      displayName: 'Zmienione imię',
      positionIds: [w.positionA, MISSING_ID],
    });
    expectFieldError(res, 'positionIds', 'Nieznane stanowisko.');
    const bartek = expectStatus(await call(t, w.admin, 'GET', `/api/users/${w.clerkBId}`), 200);
    expect(bartek).toMatchObject({ displayName: 'bartek', positionIds: [w.positionB] });
  });
});

describe('users: audit', () => {
  it('records user.create and user.update, never with the password', async () => {
    const created = expectStatus(await call(t, w.admin, 'POST', '/api/users', newUser('grzegorz')), 201);
    expectStatus(
      await call(t, w.admin, 'PATCH', `/api/users/${created.id}`, { password: 'Zupełnie-nowe-hasło-9' }),
      200,
    );
    expect(await auditActions(t, created.id)).toEqual(['user.create', 'user.update']);
    const rows = await t.container.db
      .selectFrom('audit_log')
      .select(['details', 'actor_id'])
      .where('entity_id', '=', created.id)
      .execute();
    expect(rows.every((r) => r.actor_id === w.adminId)).toBe(true);
    const details = rows.map((r) => r.details).join('\n');
    expect(details).not.toContain(TEST_PASSWORD);
    expect(details).not.toContain('Zupełnie-nowe-hasło-9');
    expect(details).toContain('"passwordChanged":true');
  });
});

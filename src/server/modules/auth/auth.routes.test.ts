import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type TestApp } from '../../../../test/support/app.js';
import { expectFieldError } from '../../../../test/support/world.js';
import { LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_WINDOW_MS } from './auth.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'anna', 'clerk');
  await createUser(t, 'szef', 'admin');
});
afterAll(() => t?.close());

describe('login and session', () => {
  it('logs in, returns the user and a CSRF token, and sets an HttpOnly SameSite=Strict cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: 'anna', password: 'Hasło-testowe-123' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ login: 'anna', role: 'clerk' });
    expect(res.json().csrfToken).toMatch(/^[\w-]{43}$/);
    const cookie = res.cookies.find((c) => c.name === 'listonosz_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  });

  it('rejects a wrong password with a Polish message, without saying whether the login exists', async () => {
    const wrong = await call(t, null, 'POST', '/api/auth/login', { login: 'anna', password: 'zle-haslo-123' });
    const unknown = await call(t, null, 'POST', '/api/auth/login', { login: 'nikt', password: 'zle-haslo-123' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe('Nieprawidłowy login lub hasło.');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
  });

  it('refuses further attempts after repeated failures, until the window passes', async () => {
    await createUser(t, 'celina', 'clerk');
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
      expect(
        (await call(t, null, 'POST', '/api/auth/login', { login: 'celina', password: 'zle-haslo-xx' })).statusCode,
      ).toBe(401);
    }
    const blocked = await call(t, null, 'POST', '/api/auth/login', { login: 'celina', password: 'Hasło-testowe-123' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect(blocked.json().error.message).toMatch(/Zbyt wiele nieudanych prób/);
    t.clock.advance(LOGIN_FAILURE_WINDOW_MS + 1000);
    expect(
      (await call(t, null, 'POST', '/api/auth/login', { login: 'celina', password: 'Hasło-testowe-123' })).statusCode,
    ).toBe(200);
  });

  it('answers /api/auth/me for a session and 401 without one', async () => {
    const s = await login(t, 'anna');
    expect((await call(t, s, 'GET', '/api/auth/me')).json().user.login).toBe('anna');
    const anon = await call(t, null, 'GET', '/api/auth/me');
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('unauthenticated');
  });

  it('requires the CSRF token on state-changing requests', async () => {
    const s = await login(t, 'szef');
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/positions',
      headers: { cookie: s.cookie },
      payload: { name: 'Czynsze' },
    });
    expect(noToken.statusCode).toBe(403);
    const wrongToken = await call(t, { ...s, csrf: 'x'.repeat(43) }, 'POST', '/api/positions', { name: 'Czynsze' });
    expect(wrongToken.statusCode).toBe(403);
    expect((await call(t, s, 'POST', '/api/positions', { name: 'Czynsze' })).statusCode).toBe(201);
  });

  it('logs out: the cookie no longer works', async () => {
    const s = await login(t, 'anna');
    expect((await call(t, s, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await call(t, s, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('expires a session after its lifetime without use', async () => {
    const s = await login(t, 'anna');
    t.clock.advance(t.container.config.sessionTtlMs + 1000);
    expect((await call(t, s, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('a disabled user cannot log in and their sessions end', async () => {
    const dorota = await createUser(t, 'dorota', 'clerk');
    const s = await login(t, 'dorota');
    const admin = await login(t, 'szef');
    expect((await call(t, admin, 'PATCH', `/api/users/${dorota.id}`, { status: 'disabled' })).statusCode).toBe(200);
    expect((await call(t, s, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect(
      (await call(t, null, 'POST', '/api/auth/login', { login: 'dorota', password: 'Hasło-testowe-123' })).statusCode,
    ).toBe(401);
  });

  it('changes my own password and ends my other sessions', async () => {
    await createUser(t, 'ewa', 'clerk');
    const first = await login(t, 'ewa');
    const second = await login(t, 'ewa');
    const wrong = await call(t, first, 'POST', '/api/auth/password', {
      currentPassword: 'nie-to-haslo',
      newPassword: 'Nowe-haslo-456',
    });
    expect(wrong.statusCode).toBe(400);
    const ok = await call(t, first, 'POST', '/api/auth/password', {
      currentPassword: 'Hasło-testowe-123',
      newPassword: 'Nowe-haslo-456',
    });
    expect(ok.statusCode).toBe(204);
    expect((await call(t, first, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await call(t, second, 'GET', '/api/auth/me')).statusCode).toBe(401);
    await login(t, 'ewa', 'Nowe-haslo-456');
  });

  it('refuses a weak new password of my own at the field, and keeps the old one', async () => {
    await createUser(t, 'franciszka', 'clerk');
    const s = await login(t, 'franciszka');
    const weak = await call(t, s, 'POST', '/api/auth/password', {
      currentPassword: 'Hasło-testowe-123',
      newPassword: 'Franciszka-2024',
    });
    expectFieldError(weak, 'newPassword', /^Hasło jest zbyt łatwe do odgadnięcia: /);
    const short = await call(t, s, 'POST', '/api/auth/password', {
      currentPassword: 'Hasło-testowe-123',
      newPassword: 'Krótkie-1',
    });
    expectFieldError(short, 'newPassword', 'Hasło musi mieć co najmniej 12 znaków.');
    expect((await call(t, s, 'GET', '/api/auth/me')).statusCode).toBe(200);
    await login(t, 'franciszka', 'Hasło-testowe-123');
  });

  it('writes login, failed login and logout to the audit log', async () => {
    const rows = await t.container.db.selectFrom('audit_log').select('action').execute();
    const actions = new Set(rows.map((r) => r.action));
    expect(actions).toContain('auth.login');
    expect(actions).toContain('auth.login_failed');
    expect(actions).toContain('auth.logout');
  });
});

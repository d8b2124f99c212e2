import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type Session, type TestApp } from '../../../../test/support/app.js';

let t: TestApp;
let admin: Session;
const ADMIN_SET = 'Nadane-przez-szefa-2026';
const OWN = 'Moje-wlasne-haslo-jesien';

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'szef', 'admin');
  admin = await login(t, 'szef');
});
afterAll(() => t?.close());

describe('a password an administrator set must be changed at the next log-in', () => {
  it('a new user: only me, logout and the password change answer until the password is changed', async () => {
    const created = await call(t, admin, 'POST', '/api/users', {
      login: 'ewa',
      displayName: 'Ewa Lis',
      email: null,
      role: 'clerk',
      password: ADMIN_SET,
      positionIds: [],
    });
    expect(created.statusCode).toBe(201);
    const ewa = await login(t, 'ewa', ADMIN_SET);
    const me = await call(t, ewa, 'GET', '/api/auth/me');
    expect(me.json().user.mustChangePassword).toBe(true);

    const refused = await call(t, ewa, 'GET', '/api/recipients');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/zmień|zmienić/i);
    expect((await call(t, ewa, 'GET', '/api/stats/daily')).statusCode).toBe(403);

    const changed = await call(t, ewa, 'POST', '/api/auth/password', {
      currentPassword: ADMIN_SET,
      newPassword: OWN,
    });
    expect(changed.statusCode).toBe(204);
    expect((await call(t, ewa, 'GET', '/api/auth/me')).json().user.mustChangePassword).toBe(false);
    expect((await call(t, ewa, 'GET', '/api/recipients')).statusCode).toBe(200);
  });

  it('an administrator reset marks it again; logout still works', async () => {
    const list = (await call(t, admin, 'GET', '/api/users')).json() as { id: string; login: string }[];
    const ewaId = list.find((u) => u.login === 'ewa')?.id;
    const reset = await call(t, admin, 'PATCH', `/api/users/${ewaId}`, { password: 'Reset-od-szefa-grudzien' });
    expect(reset.statusCode).toBe(200);
    const ewa = await login(t, 'ewa', 'Reset-od-szefa-grudzien');
    expect((await call(t, ewa, 'GET', '/api/auth/me')).json().user.mustChangePassword).toBe(true);
    expect((await call(t, ewa, 'GET', '/api/recipients')).statusCode).toBe(403);
    expect((await call(t, ewa, 'POST', '/api/auth/logout')).statusCode).toBe(204);
  });

  it('users made by the system (first run, console) and the admin themselves are not asked', async () => {
    expect((await call(t, admin, 'GET', '/api/auth/me')).json().user.mustChangePassword).toBe(false);
    await createUser(t, 'olek', 'clerk');
    const olek = await login(t, 'olek');
    expect((await call(t, olek, 'GET', '/api/recipients')).statusCode).toBe(200);
  });
});

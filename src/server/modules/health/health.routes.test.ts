import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type TestApp } from '../../../../test/support/app.js';
import { expectError } from '../../../../test/support/world.js';

/** GET /api/health: for load balancers, so it answers without a session and reports a dead database. */

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'szef', 'admin');
});
afterAll(() => t?.close());

describe('health', () => {
  it('answers anonymous requests without setting a cookie', async () => {
    const res = await call(t, null, 'GET', '/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers a logged-in user too, and a stale cookie does not turn it into a 401', async () => {
    const s = await login(t, 'szef');
    expect((await call(t, s, 'GET', '/api/health')).json()).toEqual({ status: 'ok' });
    const stale = { cookie: 'listonosz_session=nieaktualna', csrf: 'x' };
    expect((await call(t, stale, 'GET', '/api/health')).statusCode).toBe(200);
  });

  it('is the only public read: its neighbours are no routes at all, and other reads still need a session', async () => {
    expectError(await call(t, null, 'POST', '/api/health'), 404, 'not_found');
    expectError(await call(t, null, 'GET', '/api/healthz'), 404, 'not_found');
    expectError(await call(t, null, 'GET', '/api/stats/daily'), 401, 'unauthenticated');
  });

  it('reports a database that no longer answers as a server error, in Polish', async () => {
    const down = await createTestApp();
    await down.container.destroy();
    try {
      const res = await call(down, null, 'GET', '/api/health');
      expectError(res, 500, 'internal', /nieoczekiwany błąd serwera/);
    } finally {
      await down.app.close();
    }
  });
});

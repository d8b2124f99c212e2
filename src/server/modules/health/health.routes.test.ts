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

  it('it, /live and /ready are the only public reads: their neighbours are no routes, other reads need a session', async () => {
    expectError(await call(t, null, 'POST', '/api/health'), 404, 'not_found');
    expectError(await call(t, null, 'POST', '/api/health/ready'), 404, 'not_found');
    expectError(await call(t, null, 'GET', '/api/healthz'), 404, 'not_found');
    expectError(await call(t, null, 'GET', '/api/health/metrics'), 404, 'not_found');
    expectError(await call(t, null, 'GET', '/api/health/ready/x'), 404, 'not_found');
    expectError(await call(t, null, 'GET', '/api/stats/daily'), 401, 'unauthenticated');
  });

  it('liveness answers without the database; readiness needs it', async () => {
    const down = await createTestApp();
    await down.container.destroy();
    try {
      const live = await call(down, null, 'GET', '/api/health/live');
      expect(live.statusCode).toBe(200);
      expect(live.json()).toEqual({ status: 'ok' });
      const ready = await call(down, null, 'GET', '/api/health/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        status: 'unavailable',
        reason: 'database',
        message: expect.stringMatching(/Baza danych/),
      });
    } finally {
      await down.app.close();
    }
  });

  it('readiness: 200 when ready, 503 with the reason once the process begins to stop (liveness stays 200)', async () => {
    const own = await createTestApp();
    try {
      const ready = await call(own, null, 'GET', '/api/health/ready');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready' });
      own.container.observability.lifecycle.beginStop();
      const stopping = await call(own, null, 'GET', '/api/health/ready');
      expect(stopping.statusCode).toBe(503);
      expect(stopping.json()).toMatchObject({
        status: 'unavailable',
        reason: 'stopping',
        message: expect.stringMatching(/kończy pracę/),
      });
      expect((await call(own, null, 'GET', '/api/health/live')).statusCode).toBe(200);
      // The old check is kept as it was: the database answers.
      expect((await call(own, null, 'GET', '/api/health')).statusCode).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('readiness: 503 naming the migrations the database has not run', async () => {
    const own = await createTestApp();
    try {
      const last = (await own.container.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .orderBy('name' as never, 'desc')
        .executeTakeFirstOrThrow()) as { name: string };
      await own.container.db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '=', last.name as never)
        .execute();
      const res = await call(own, null, 'GET', '/api/health/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ reason: 'migrations', message: expect.stringContaining(last.name) });
    } finally {
      await own.close();
    }
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

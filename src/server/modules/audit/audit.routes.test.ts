import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, login, type TestApp } from '../../../../test/support/app.js';
import { expectedOrder, expectSameSequence, pageThrough } from '../../../../test/support/paging.js';
import {
  assignProperties,
  createWorld,
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  type World,
} from '../../../../test/support/world.js';

/** GET /api/audit: who did what, for administrators only, filtered and paged newest first. */

let t: TestApp;
let w: World;
let propertyId: string;

type Entry = { id: string; at: string; action: string; actorId: string | null; entityId: string | null };

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  t.clock.advance(86_400_000); // the next day, 2026-03-03: the sessions have expired, so log in again
  w.admin = await login(t, 'szef');
  w.clerkA = await login(t, 'anna');
  propertyId = expectStatus(
    await call(t, w.admin, 'POST', '/api/properties', {
      name: 'Wspólnota Długa 12',
      kind: 'community',
      street: 'ul. Długa 12',
      postalCode: '00-238',
      city: 'Warszawa',
    }),
    201,
  ).id;
  expectStatus(await call(t, w.admin, 'PATCH', `/api/properties/${propertyId}`, { city: 'Warszawa-Wola' }), 200);
  await assignProperties(t, w, w.positionA, [propertyId]);
  expectStatus(await call(t, w.clerkA, 'POST', '/api/units', { propertyId, number: '1' }), 201);
});
afterAll(() => t?.close());

describe('audit: access', () => {
  it('anonymous → 401, clerk → 403, admin → 200', async () => {
    expectError(await call(t, null, 'GET', '/api/audit'), 401, 'unauthenticated');
    expectError(await call(t, w.clerkA, 'GET', '/api/audit'), 403, 'forbidden', /tylko administrator/i);
    expectError(await call(t, w.clerkA, 'GET', `/api/audit?actorId=${w.clerkAId}`), 403, 'forbidden');
    const page = expectStatus(await call(t, w.admin, 'GET', '/api/audit'), 200);
    expect(page.items.length).toBeGreaterThan(5);
  });
});

describe('audit: content and filters', () => {
  it('records the set-up through the API with actor, entity and details', async () => {
    const items = await pageThrough<Entry & { actorLabel: string; details: Record<string, unknown> }>(
      t,
      w.admin,
      '/api/audit',
      50,
    );
    const actions = items.map((e) => e.action);
    for (const action of [
      'auth.login',
      'position.create',
      'account.create',
      'position.accounts',
      'user.create',
      'property.create',
      'property.update',
      'unit.create',
    ]) {
      expect(actions).toContain(action);
    }
    const update = items.find((e) => e.action === 'property.update');
    expect(update).toMatchObject({
      actorId: w.adminId,
      actorLabel: 'szef',
      entityId: propertyId,
      details: { city: 'Warszawa-Wola' },
    });
  });

  it('names the ids it mentions: who acted, the entity, and the ids in the details', async () => {
    const items = await pageThrough<Entry & { names: Record<string, string>; details: Record<string, unknown> }>(
      t,
      w.admin,
      '/api/audit',
      50,
    );
    const update = items.find((e) => e.action === 'property.update');
    expect(update?.names).toEqual({ [w.adminId]: 'szef', [propertyId]: 'Wspólnota Długa 12' });
    const properties = items.find((e) => e.action === 'position.properties');
    expect(properties?.names[w.positionA]).toBe('Czynsze');
    const userCreate = items.find((e) => e.action === 'user.create' && e.details.login === 'anna');
    expect(userCreate?.names[w.positionA]).toBe('Czynsze');
  });

  it('filters by action prefix, entity, actor and office day', async () => {
    const get = async (query: string) =>
      (await pageThrough<Entry & { entityType: string }>(t, w.admin, `/api/audit?${query}`, 50)).map((e) => e);
    const positions = await get('action=position.');
    expect(positions.length).toBe(5);
    expect(positions.every((e) => e.action.startsWith('position.'))).toBe(true);
    expect((await get(`entityType=property&entityId=${propertyId}`)).map((e) => e.action)).toEqual([
      'property.update',
      'property.create',
    ]);
    const byClerk = await get(`actorId=${w.clerkAId}`);
    expect(byClerk.map((e) => e.action).sort()).toEqual(['auth.login', 'auth.login', 'unit.create']);
    expect((await get('from=2026-03-03')).map((e) => e.action).sort()).toEqual([
      'auth.login',
      'auth.login',
      'position.properties',
      'property.create',
      'property.update',
      'unit.create',
    ]);
    const firstDay = await get('to=2026-03-02');
    expect(firstDay.length).toBeGreaterThan(5);
    expect(firstDay.every((e) => e.at < '2026-03-03')).toBe(true);
    expect(await get('from=2026-03-04')).toEqual([]);
    expect(await get(`actorId=${MISSING_ID}`)).toEqual([]);
  });

  it('takes LIKE wildcards in the action filter literally', async () => {
    expect(expectStatus(await call(t, w.admin, 'GET', '/api/audit?action=%25'), 200).items).toEqual([]);
    expect(expectStatus(await call(t, w.admin, 'GET', '/api/audit?action=_ser.'), 200).items).toEqual([]);
  });
});

describe('audit: pagination and validation', () => {
  it.each([1, 4, 200])('walks newest first without gaps or repeats (limit %i)', async (limit) => {
    const rows = await t.container.db.selectFrom('audit_log').select(['id', 'at']).execute();
    // The test clock stands still between steps, so most entries share their time: ties broken by id.
    expect(new Set(rows.map((r) => r.at)).size).toBeLessThan(rows.length / 2);
    expectSameSequence(
      await pageThrough(t, w.admin, '/api/audit', limit),
      expectedOrder(
        rows,
        (r) => r.at,
        (r) => r.id,
        'desc',
      ),
    );
  });

  it('rejects bad filters and cursors', async () => {
    expectFieldError(
      await call(t, w.admin, 'GET', '/api/audit?cursor=xyz'),
      'cursor',
      'Nieprawidłowy znacznik strony.',
    );
    expectFieldError(
      await call(t, w.admin, 'GET', '/api/audit?actorId=szef'),
      'querystring.actorId',
      'Nieprawidłowy identyfikator.',
    );
    expectFieldError(
      await call(t, w.admin, 'GET', '/api/audit?from=2026-02-30'),
      'querystring.from',
      'Taki dzień nie istnieje: 30 lutego 2026.',
    );
    expectFieldError(
      await call(t, w.admin, 'GET', '/api/audit?from=30.01.2026'),
      'querystring.from',
      'Data w postaci RRRR-MM-DD.',
    );
    expectFieldError(await call(t, w.admin, 'GET', '/api/audit?limit=abc'), 'querystring.limit', /.+/);
    expectFieldError(
      await call(t, w.admin, 'GET', `/api/audit?action=${'a'.repeat(101)}`),
      'querystring.action',
      /za długi/,
    );
  });
});

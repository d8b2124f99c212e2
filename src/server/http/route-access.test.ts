import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../test/support/api-keys.js';
import { createTestApp, createUser, login, type Session, type TestApp } from '../../../test/support/app.js';
import { concretePath, type Ids, routesOf, seedEveryResource } from '../../../test/support/routes.js';
import { assignProperties } from '../../../test/support/world.js';
import { API_KEY_SCOPES } from '../../shared/api-keys.js';

/**
 * Who may act is decided before the body is read (issue 10, point 2): every route that takes a body or a file,
 * asked by someone without the right, answers 403/404 even when the body is malformed — a 400 would mean the
 * server parsed it first. Walked over every registered route.
 */
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What any signed-in user may do with a body, whatever their positions. */
const ANYONE = new Set(['POST /api/auth/logout', 'POST /api/auth/password', 'POST /api/templates/preview']);

let t: TestApp;
let ids: Ids;
let nobody: Session;

beforeAll(async () => {
  t = await createTestApp();
  ids = await seedEveryResource(t);
  await createUser(t, 'nikt', 'clerk');
  nobody = await login(t, 'nikt');
  // Clerk B keeps an account but serves no property; the seeded messages and batch are position A's.
  await assignProperties(t, ids.world, ids.world.positionB, []);
}, 90_000);
afterAll(() => t?.close());

function ask(session: Session, method: string, url: string, kind: 'json' | 'multipart') {
  return t.app.inject({
    method: method as 'POST',
    url,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': kind === 'json' ? 'application/json' : 'multipart/form-data; boundary=x',
    },
    payload:
      kind === 'json'
        ? '{"name": '
        : '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF',
  });
}

function bodyRoutes() {
  return routesOf(t).filter((r) => !r.public && WITH_BODY.has(r.method) && !ANYONE.has(`${r.method} ${r.url}`));
}

describe('authorisation before the body is read', () => {
  it('refuses a user with no position on every route that takes a body, before parsing it', async () => {
    const parsedFirst: string[] = [];
    const routes = bodyRoutes();
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) {
      for (const kind of ['json', 'multipart'] as const) {
        const res = await ask(nobody, route.method, concretePath(route.url, ids), kind);
        if (res.statusCode !== 403 && res.statusCode !== 404) {
          parsedFirst.push(`${route.method} ${route.url} (${kind}) → ${res.statusCode} ${res.body.slice(0, 100)}`);
        }
      }
    }
    expect(parsedFirst).toEqual([]);
  });

  it('refuses another position’s clerk on every route about one row, before parsing the body', async () => {
    const parsedFirst: string[] = [];
    const routes = bodyRoutes().filter((r) => r.url.includes('/:'));
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const res = await ask(ids.world.clerkB, route.method, concretePath(route.url, ids), 'json');
      if (res.statusCode !== 403 && res.statusCode !== 404) {
        parsedFirst.push(`${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 100)}`);
      }
    }
    expect(parsedFirst).toEqual([]);
  });

  it('refuses another position’s API key on every route about one row it may call, before parsing the body', async () => {
    const key = await createApiKey(t, ids.world.admin, {
      name: 'Księgowość FK',
      positionId: ids.world.positionB,
      scopes: [...API_KEY_SCOPES],
    });
    const parsedFirst: string[] = [];
    const routes = bodyRoutes().filter((r) => r.url.includes('/:') && r.scope);
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const res = await t.app.inject({
        method: route.method as 'POST',
        url: concretePath(route.url, ids),
        headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      if (res.statusCode !== 403 && res.statusCode !== 404) {
        parsedFirst.push(`${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 100)}`);
      }
    }
    expect(parsedFirst).toEqual([]);
  });

  it('still lets the owner through: the same malformed body is then a parse error', async () => {
    const a = ids.world.clerkA;
    const res = await ask(a, 'PATCH', `/api/messages/${ids.byResource.messages}`, 'json');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/JSON/);
  });
});

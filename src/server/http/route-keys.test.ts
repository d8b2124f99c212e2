import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWithKey, createApiKey } from '../../../test/support/api-keys.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { concretePath, type Ids, routesOf, seedEveryResource } from '../../../test/support/routes.js';
import { API_KEY_SCOPES } from '../../shared/api-keys.js';

/**
 * Which routes an API key may call (D58), route by route: a route opens to keys only with `config: { scope }`, and
 * this table must say so too — a route added later, or a scope changed, fails here until someone decides.
 */
const KEY_ROUTES: Record<string, string> = {
  'GET /api/document-types': 'documents:read',
  'GET /api/document-types/:type/sample': 'documents:read',
  'GET /api/documents': 'documents:read',
  'GET /api/documents/:id': 'documents:read',
  'GET /api/documents/:id/pdf': 'documents:read',
  'POST /api/documents/import': 'documents:write',
  'POST /api/documents/import-file': 'documents:write',
  'POST /api/documents/pdf': 'documents:write',
  'POST /api/documents/zip': 'documents:write',
  'POST /api/documents/printout': 'documents:write',
  'GET /api/batches': 'batches:read',
  'GET /api/batches/:id': 'batches:read',
  'GET /api/batches/:id/items': 'batches:read',
  'GET /api/batches/:id/paper-pack': 'batches:read',
  'POST /api/batches': 'batches:write',
  'POST /api/batches/preview': 'batches:write',
  'POST /api/batches/:id/attachments': 'batches:write',
  'DELETE /api/batches/:id/attachments/:attachmentId': 'batches:write',
  'POST /api/batches/:id/run': 'batches:write',
  'POST /api/batches/:id/queue': 'batches:write',
  'POST /api/intake': 'batches:write',
  'GET /api/intake/:id': 'batches:read',
  'GET /api/events': 'events:read',
  'GET /api/webhooks': 'webhooks:write',
  'POST /api/webhooks': 'webhooks:write',
  'GET /api/webhooks/:id': 'webhooks:write',
  'PATCH /api/webhooks/:id': 'webhooks:write',
  'POST /api/webhooks/:id/secret': 'webhooks:write',
  'DELETE /api/webhooks/:id': 'webhooks:write',
  'GET /api/webhooks/:id/deliveries': 'webhooks:write',
  'POST /api/webhooks/:id/deliveries/:deliveryId/replay': 'webhooks:write',
  'GET /api/mailboxes/counts': 'messages:read',
  'GET /api/mailboxes/:mailbox': 'messages:read',
  'GET /api/messages/:id': 'messages:read',
  'GET /api/messages/:id/attachments/:attachmentId': 'messages:read',
  'GET /api/messages/:id/eml': 'messages:read',
  'GET /api/messages/:id/feedback/:eventId/eml': 'messages:read',
  'GET /api/messages/:id/receipt.pdf': 'messages:read',
  'POST /api/messages': 'messages:write',
  'PATCH /api/messages/:id': 'messages:write',
  'DELETE /api/messages/:id': 'messages:write',
  'POST /api/messages/:id/cancel': 'messages:write',
  'POST /api/messages/:id/attachments': 'messages:write',
  'DELETE /api/messages/:id/attachments/:attachmentId': 'messages:write',
  'POST /api/messages/queue': 'messages:write',
  'POST /api/messages/resend': 'messages:write',
  'POST /api/messages/cancel': 'messages:write',
  'POST /api/messages/:id/queue': 'messages:write',
  'POST /api/messages/:id/resend': 'messages:write',
  // Download links (D70): a rent system may read a message's link record and revoke it.
  'GET /api/messages/:id/download-links': 'messages:read',
  'POST /api/messages/:id/download-links/revoke': 'messages:write',
};

let t: TestApp;
let ids: Ids;

beforeAll(async () => {
  t = await createTestApp();
  ids = await seedEveryResource(t);
}, 90_000);
afterAll(() => t?.close());

const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const HEADLESS = (r: { method: string }) => r.method !== 'HEAD';

describe('API keys on every route', () => {
  it('opens exactly the listed routes to keys, each with its scope, and no admin-only route', () => {
    const routes = routesOf(t).filter(HEADLESS);
    const opened = Object.fromEntries(routes.filter((r) => r.scope).map((r) => [keyOf(r), r.scope]));
    expect(opened).toEqual(KEY_ROUTES);
    expect(routes.filter((r) => r.scope && (r.admin || r.public)).map(keyOf)).toEqual([]);
  });

  it('refuses a key with every scope on every other private route, before the body is read', async () => {
    const key = await createApiKey(t, ids.world.admin, {
      name: 'Wszystko',
      positionId: null,
      scopes: [...API_KEY_SCOPES],
    });
    const let_through: string[] = [];
    const closed = routesOf(t).filter((r) => HEADLESS(r) && !r.public && !KEY_ROUTES[keyOf(r)]);
    expect(closed.length).toBeGreaterThan(60);
    for (const route of closed) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: concretePath(route.url, ids),
        headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        ...(route.method === 'GET' ? {} : { payload: '{"name": ' }),
      });
      if (res.statusCode !== 403) let_through.push(`${keyOf(route)} → ${res.statusCode}`);
    }
    expect(let_through).toEqual([]);
  });

  it('refuses a key without the route’s scope on every opened route, before the body is read', async () => {
    for (const scope of API_KEY_SCOPES) {
      const others = API_KEY_SCOPES.filter((s) => s !== scope);
      const key = await createApiKey(t, ids.world.admin, {
        name: `Bez ${scope}`,
        positionId: null,
        scopes: [...others],
      });
      for (const [route, needed] of Object.entries(KEY_ROUTES).filter(([, s]) => s === scope)) {
        const [method, url] = route.split(' ') as [string, string];
        const res = await callWithKey(t, key.secret, method as 'GET', concretePath(url, ids));
        expect(res.statusCode, `${route} without ${needed}`).toBe(403);
      }
    }
  });
});

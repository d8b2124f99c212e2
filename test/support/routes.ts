import type { RouteOptions } from 'fastify';
import { call, type TestApp } from './app.js';
import { createDocumentWorld, type DocumentWorld, importFeeNotices, PERIOD } from './documents.js';
import { expectStatus, MISSING_ID } from './world.js';

/** One registered route, method by method (HEAD included), with what its config says about access. */
export interface WalkRoute {
  method: string;
  url: string;
  public: boolean;
  admin: boolean;
  /** The scope that opens the route to API keys; undefined: closed to keys. */
  scope: string | undefined;
}

export function routesOf(t: TestApp): WalkRoute[] {
  return t.app.registeredRoutes.flatMap((r: RouteOptions) =>
    (Array.isArray(r.method) ? r.method : [r.method]).map((method) => ({
      method,
      url: r.url,
      public: Boolean(r.config?.public),
      admin: r.config?.access === 'admin',
      scope: r.config?.scope,
    })),
  );
}

/** Real ids of every kind of row, so a route that forgot its check would find data (not a 404). */
export interface Ids {
  world: DocumentWorld;
  byParam: Record<string, string>;
  byResource: Record<string, string>;
}

/** The document world with a fee notice per unit, a batch run into drafts, and the id of one row of each kind. */
export async function seedEveryResource(t: TestApp): Promise<Ids> {
  const world = await createDocumentWorld(t, 30);
  await importFeeNotices(t, world);
  const batch = expectStatus(
    await call(t, world.admin, 'POST', '/api/batches', {
      documentType: 'fee_notice',
      positionId: world.positionA,
      selection: { period: PERIOD },
    }),
    201,
  );
  expectStatus(await call(t, world.admin, 'POST', `/api/batches/${batch.id}/run`), 202);
  await t.container.services.batches.idle();
  const db = t.container.db;
  const first = async (table: 'properties' | 'units' | 'recipients' | 'documents' | 'messages') =>
    ((await db.selectFrom(table).select('id').orderBy('id').limit(1).executeTakeFirst())?.id as string) ?? MISSING_ID;
  const mailbox = expectStatus(
    await call(t, world.admin, 'POST', '/api/feedback-mailboxes', {
      name: 'Zwroty',
      host: '127.0.0.1',
      port: 1,
      username: 'zwroty',
      password: 'hasło-skrzynki',
    }),
    201,
  );
  const byResource: Record<string, string> = {
    accounts: world.accountA,
    'feedback-mailboxes': mailbox.id,
    positions: world.positionA,
    users: world.clerkAId,
    properties: await first('properties'),
    units: await first('units'),
    recipients: await first('recipients'),
    documents: await first('documents'),
    messages: await first('messages'),
    batches: batch.id,
    sandbox: MISSING_ID,
  };
  return {
    world,
    byResource,
    byParam: { type: 'fee_notice', accountId: world.accountA, mailbox: 'drafts', attachmentId: MISSING_ID },
  };
}

/** The route's path with every parameter replaced by a real value ("*" by a file name). */
export function concretePath(url: string, ids: Ids): string {
  const segments = url.split('/');
  return segments
    .map((segment, i) => {
      if (segment === '*') return 'index.html';
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1);
      if (name === 'id') {
        const resource = segments[i - 1] === 'messages' && segments[i - 2] === 'sandbox' ? 'sandbox' : segments[i - 1];
        return ids.byResource[resource as string] ?? MISSING_ID;
      }
      return ids.byParam[name] ?? MISSING_ID;
    })
    .join('/');
}

const pct = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/** Ways a client can spell the same path that a router may still match. */
export function spellings(p: string): string[] {
  const segments = p.split('/').slice(1);
  const id = p.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)?.[0];
  const out = new Set<string>([
    p,
    p.replace(/^\/api/, '/%61pi'),
    p.replace(/^\/api/, '/%61%70%69'),
    `/${segments.map((s) => (s ? pct(s.charAt(0)) + s.slice(1) : s)).join('/')}`,
    `/${segments.map((s) => [...s].map(pct).join('')).join('/')}`,
    `/${segments.join('%2F')}`,
    p.replace(/^\/api\//, '/api%2F'),
    p.replace(/^\/api\//, '/api%2f/'),
    `/${p}`,
    p.replace(/^\/api\//, '/api//'),
    p.replace(/\//g, '//'),
    p.replace(/^\/api\//, '/./api/'),
    p.replace(/^\/api\//, '/api/./'),
    p.replace(/^\/api\//, '/x/../api/'),
    p.replace(/^\/api\//, '/api/x/../'),
    p.replace(/^\/api\//, '/api\\'),
    p.toUpperCase(),
    p.replace(/^\/api/, '/API'),
    `${p}/`,
    `${p}//`,
    `${p};`,
    `${p}?`,
    `${p}%20`,
    `${p}%00`,
    `${p}?x=%2F..%2F`,
  ]);
  if (id) {
    out.add(p.replace(id, id.toUpperCase()));
    out.add(p.replace(id, [...id].map(pct).join('')));
    out.add(p.replace(id, `${id}%2F..`));
    out.add(p.replace(id, `..%2F${id}`));
  }
  return [...out];
}

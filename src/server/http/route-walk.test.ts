import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import {
  concretePath,
  type Ids,
  routesOf,
  seedEveryResource,
  spellings,
  type WalkRoute,
} from '../../../test/support/routes.js';

/**
 * Every route Fastify has registered, asked without a session under many spellings of its path, over a real
 * socket (the HTTP client sends the path exactly as written). Only the routes listed here may answer 2xx.
 */
const PUBLIC_API = [
  'POST /api/auth/login',
  'GET /api/setup',
  'POST /api/setup',
  ...['/api/health', '/api/health/live', '/api/health/ready'].flatMap((p) => [`GET ${p}`, `HEAD ${p}`]),
];
const PUBLIC_SETUP = new Set(['HEAD /api/setup']);
/** The tenants' side of download links (D70): the page and the file are GETs outside the API; this one posts. */
const PUBLIC_TENANT = ['POST /d/:token/potwierdzam'];

/**
 * The API description and the web app's own files are public too (no data in them). GET /metrics is outside the
 * session rules but guarded by its own (a token, or a direct request from this machine — this walk's socket is one;
 * D74, metrics.access.test.ts).
 */
function isListedPublic(route: WalkRoute): boolean {
  const key = `${route.method} ${route.url}`;
  if (PUBLIC_API.includes(key) || PUBLIC_SETUP.has(key) || PUBLIC_TENANT.includes(key)) return true;
  if (route.url === '/api/docs' || route.url.startsWith('/api/docs/'))
    return route.method === 'GET' || route.method === 'HEAD';
  return !route.url.startsWith('/api') && (route.method === 'GET' || route.method === 'HEAD');
}

let t: TestApp;
let ids: Ids;
let base: { host: string; port: number };

function send(
  method: string,
  rawPath: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const withBody = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  let timedOut = false;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        ...base,
        agent: false,
        method,
        path: rawPath,
        headers: { ...(withBody ? { 'content-type': 'application/json' } : {}), ...extra },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    // Node's HTTP parser itself drops some requests (e.g. a backslash or NUL in the path): refused, not served.
    req.on('error', (err) => (timedOut ? reject(err) : resolve({ status: 0, body: err.message })));
    req.on('timeout', () => {
      timedOut = true;
      req.destroy(new Error(`timeout: ${method} ${rawPath}`));
    });
    req.end(withBody ? '{}' : undefined);
  });
}

beforeAll(async () => {
  const web = mkdtempSync(path.join(tmpdir(), 'listonosz-web-'));
  mkdirSync(path.join(web, 'assets'));
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Listonosz</title>');
  writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
  t = await createTestApp({ webRoot: web });
  ids = await seedEveryResource(t);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = { host: '127.0.0.1', port: (t.app.server.address() as AddressInfo).port };
}, 90_000);
afterAll(async () => {
  await t?.close();
});

describe('authentication on the matched route', () => {
  it('lists as public only the routes meant to be public', () => {
    const routes = routesOf(t);
    expect(routes.length).toBeGreaterThan(90);
    const wronglyPublic = routes.filter((r) => r.public && !isListedPublic(r)).map((r) => `${r.method} ${r.url}`);
    expect(wronglyPublic).toEqual([]);
    for (const key of [...PUBLIC_API, ...PUBLIC_TENANT, 'GET /d/:token', 'GET /d/:token/plik']) {
      expect(
        routes.some((r) => `${r.method} ${r.url}` === key && r.public),
        key,
      ).toBe(true);
    }
  });

  it('answers no private route without a session, however its path is spelled', { timeout: 120_000 }, async () => {
    const leaks: string[] = [];
    let asked = 0;
    for (const route of routesOf(t).filter((r) => !r.public)) {
      for (const spelled of spellings(concretePath(route.url, ids))) {
        const res = await send(route.method, spelled);
        asked++;
        if (res.status >= 200 && res.status < 400)
          leaks.push(`${route.method} ${spelled} → ${res.status} ${res.body.slice(0, 80)}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(asked).toBeGreaterThan(2000);
  });

  it('answers no private route to an unknown or malformed Bearer key', { timeout: 120_000 }, async () => {
    const leaks: string[] = [];
    const bad = [`Bearer lst_${'A'.repeat(43)}`, 'Bearer ', 'Basic c3plZjpoYXNsbw==', 'Bearer lst_x lst_y'];
    for (const route of routesOf(t).filter((r) => !r.public)) {
      for (const authorization of bad) {
        const res = await send(route.method, concretePath(route.url, ids), { authorization });
        if (res.status < 400) leaks.push(`${route.method} ${route.url} [${authorization}] → ${res.status}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('serves the web app, but never the app shell for a mistyped API path', async () => {
    expect((await send('GET', '/skrzynki/nadawcze')).status).toBe(200);
    for (const p of ['/API/documents', '//api/documents', '/./api/documents', '/%61pi/nothing', '/x/../api/units']) {
      const res = await send('GET', p);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
    }
  });

  it('still answers the public routes without a session', async () => {
    expect((await send('GET', '/api/health')).status).toBe(200);
    expect((await send('GET', '/api/setup')).status).toBe(200);
    expect((await send('GET', '/api/docs/json')).status).toBe(200);
    // A download link that names nothing: the tenant's 404 page, never a request to log in.
    const page = await send('GET', `/d/${'A'.repeat(52)}`);
    expect(page.status).toBe(404);
    expect(page.body).toContain('Nie znaleziono dokumentu');
  });
});

import http from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { expectError } from '../../../test/support/world.js';
import { checkMetricsAccess, isLoopback } from './access.js';
import { startMetricsServer } from './metrics-server.js';

/**
 * Who may read /metrics (D74): with METRICS_TOKEN only a request with the right Bearer token (401 otherwise, from
 * anywhere); without it only a direct request from this machine — not from elsewhere, not through a proxy (a
 * forwarding header, or TRUST_PROXY on, where every request's peer is the proxy on loopback): 403.
 */
const TOKEN = 'metryki-0123456789abcdefghijklmnop';
let open: TestApp;
let behindProxy: TestApp;
let withToken: TestApp;

beforeAll(async () => {
  [open, behindProxy, withToken] = await Promise.all([
    createTestApp(),
    createTestApp({ env: { TRUST_PROXY: 'on' } }),
    createTestApp({ env: { METRICS_TOKEN: TOKEN } }),
  ]);
});
afterAll(() => Promise.all([open?.close(), behindProxy?.close(), withToken?.close()]));

const scrape = (t: TestApp, remoteAddress: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });

describe('/metrics without a token', () => {
  it('answers a direct request from this machine, over IPv4 and IPv6', async () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const res = await scrape(open, address);
      expect(res.statusCode, address).toBe(200);
      expect(res.body).toContain('listonosz_database_up 1');
    }
  });

  it('refuses other machines, and requests a proxy on this machine forwarded', async () => {
    expectError(await scrape(open, '192.168.1.20'), 403, 'forbidden', /METRICS_TOKEN/);
    expectError(await scrape(open, '10.0.0.1'), 403, 'forbidden');
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip', 'via']) {
      expectError(await scrape(open, '127.0.0.1', { [header]: '203.0.113.7' }), 403, 'forbidden');
    }
  });

  it('with TRUST_PROXY on refuses even a loopback peer (it is the proxy), and ignores a forged X-Forwarded-For', async () => {
    expectError(await scrape(behindProxy, '127.0.0.1'), 403, 'forbidden');
    expectError(await scrape(behindProxy, '127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }), 403, 'forbidden');
  });

  it('is not the session API: no cookie is set and a session is not needed', async () => {
    const res = await scrape(open, '127.0.0.1');
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  it('answers the right Bearer token from anywhere, even through a proxy', async () => {
    expect((await scrape(withToken, '203.0.113.7', { authorization: `Bearer ${TOKEN}` })).statusCode).toBe(200);
    const proxied = await scrape(withToken, '127.0.0.1', {
      authorization: `bearer ${TOKEN}`,
      'x-forwarded-for': '1.2.3.4',
    });
    expect(proxied.statusCode).toBe(200);
  });

  it('refuses a missing, wrong or truncated token with 401, loopback included', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN, 'Basic eDp5']) {
      const res = await scrape(withToken, '127.0.0.1', authorization ? { authorization } : {});
      expectError(res, 401, 'unauthenticated', /Bearer/);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    }
  });

  it('a token shorter than 24 characters is refused at start-up', async () => {
    await expect(createTestApp({ env: { METRICS_TOKEN: 'krotki' } })).rejects.toThrow(/METRICS_TOKEN/);
  });
});

describe('the rule itself', () => {
  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['128.0.0.1', '::2', '::ffff:10.0.0.1', '', undefined, '1270.0.0.1'].some(isLoopback)).toBe(false);
    expect(
      checkMetricsAccess({ headers: {}, remoteAddress: undefined }, { token: undefined, trustProxy: false }),
    ).toMatchObject({ ok: false, status: 403 });
  });
});

describe('METRICS_PORT: a process’s own /metrics on 127.0.0.1', () => {
  function get(port: number, path: string, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
  }

  it('serves only /metrics, bound to loopback, with the same token rule', async () => {
    const { metrics } = open.container.observability;
    const server = await startMetricsServer(metrics, 0, { token: undefined, trustProxy: true });
    const guarded = await startMetricsServer(metrics, 0, { token: TOKEN, trustProxy: false });
    try {
      const ok = await get(server.port, '/metrics');
      expect(ok.status).toBe(200);
      expect(ok.body).toMatch(/^listonosz_process_resident_memory_bytes \d+/m);
      expect((await get(server.port, '/api/health')).status).toBe(404);
      expect((await get(server.port, '/metrics', { 'x-forwarded-for': '1.2.3.4' })).status).toBe(403);
      expect((await get(guarded.port, '/metrics')).status).toBe(401);
      expect((await get(guarded.port, '/metrics', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    } finally {
      await Promise.all([server.close(), guarded.close()]);
    }
  });

  it('listens on 127.0.0.1 only', async () => {
    const server = await startMetricsServer(open.container.observability.metrics, 0, {
      token: undefined,
      trustProxy: false,
    });
    try {
      await expect(get(server.port, '/metrics').then((r) => r.status)).resolves.toBe(200);
      // Not on the machine's other addresses (when it has one): nothing listens there on this port.
      const other = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
      if (other) {
        const refused = await new Promise<string>((resolve) => {
          const socket = connect({ host: other, port: server.port });
          socket.once('connect', () => {
            socket.destroy();
            resolve('connected');
          });
          socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
        });
        expect(refused).toBe('ECONNREFUSED');
      }
    } finally {
      await server.close();
    }
  });
});

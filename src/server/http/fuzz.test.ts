import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../test/support/db.js';
import { type FuzzRequest, fuzzRequests } from '../../../test/support/fuzz.js';
import { type ServerProcess, startServerProcess } from '../../../test/support/server-process.js';
import { createRng } from '../demo/random.js';

/**
 * Every operation of the OpenAPI document, asked with a fixed seed and a bounded count of requests, each carrying one
 * hostile part, against the real server process (`listonosz start`, on SQLite or PostgreSQL as the run is): no answer may be a 5xx, every answer comes
 * within the time limit, and at the end the process is alive and /api/health is ok.
 */
const SEED = 20261206;
const PER_OPERATION = 12;
const PASSWORD = 'Fuzz-Listonosz-2026!qX7w';
/** Ending the session or changing its password would only shorten the run; they are fuzzed elsewhere. */
const SKIP = new Set(['POST /api/auth/logout', 'POST /api/auth/password', 'POST /api/setup', 'POST /api/demo']);

let server: ServerProcess;
let db: TestDbHandle;
let session: { cookie: string; csrf: string };

async function http(method: string, url: string, body?: FuzzRequest['body'], timeoutMs = 30_000) {
  const res = await fetch(server.url + url, {
    method,
    headers: {
      cookie: session?.cookie ?? '',
      'x-csrf-token': session?.csrf ?? '',
      ...(body ? { 'content-type': body.contentType } : {}),
    },
    body: body ? (body.payload as BodyInit) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

beforeAll(async () => {
  // The server runs on the database of this test run (SQLite file, or a fresh PostgreSQL schema).
  db = await createTestDb({ migrate: false, file: true });
  server = await startServerProcess(db.env);
  const setup = await http('POST', '/api/setup', {
    contentType: 'application/json',
    payload: JSON.stringify({
      setupToken: server.setupToken,
      login: 'admin',
      displayName: 'Admin',
      password: PASSWORD,
    }),
  });
  expect(setup.status, setup.text).toBe(201);
  const login = await http('POST', '/api/auth/login', {
    contentType: 'application/json',
    payload: JSON.stringify({ login: 'admin', password: PASSWORD }),
  });
  expect(login.status, login.text).toBe(200);
  session = {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] as string,
    csrf: JSON.parse(login.text).csrfToken,
  };
  const demo = await http('POST', '/api/demo', { contentType: 'application/json', payload: '{"units":30}' }, 120_000);
  expect(demo.status, demo.text).toBe(200);
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await db?.destroy();
});

/** Ids of real rows, so that hostile parts meet handlers that found their data. */
async function realIds(): Promise<string[]> {
  const ids = new Set<string>();
  for (const url of [
    '/api/properties',
    '/api/units?limit=5',
    '/api/recipients?limit=5',
    '/api/documents?limit=5',
    '/api/positions',
    '/api/accounts',
    '/api/users',
    '/api/batches',
  ]) {
    const text = (await http('GET', url)).text;
    for (const m of text.matchAll(/"id":"([0-9a-f-]{36})"/g)) ids.add(m[1] as string);
  }
  return [...ids];
}

describe('fuzzing every route of the OpenAPI document', () => {
  it('never answers 5xx, always answers in time, and the process stays alive', { timeout: 900_000 }, async () => {
    const doc = JSON.parse((await http('GET', '/api/docs/json')).text);
    const ids = await realIds();
    expect(ids.length).toBeGreaterThan(10);
    const requests = fuzzRequests(doc, createRng(SEED), ids, PER_OPERATION, (m, r) => SKIP.has(`${m} ${r}`));
    expect(requests.length).toBeGreaterThan(800);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const r of requests) {
      try {
        const res = await http(r.method, r.url, r.body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500)
          failures.push(
            `${r.method} ${r.url.slice(0, 150)} (${r.what}) → ${res.status}; body: ${String(r.body?.payload ?? '').slice(0, 300)}`,
          );
        if (res.status === 401 && r.route !== '/api/auth/login')
          throw new Error(`the session ended during the run, at ${r.method} ${r.url}`);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('the session')) throw err;
        failures.push(`${r.method} ${r.url.slice(0, 150)} (${r.what}) → no answer: ${String(err).slice(0, 200)}`);
      }
    }
    const health = await http('GET', '/api/health', undefined, 2_000);
    expect({ failures, log: failures.length ? server.output().slice(-6000) : '' }).toEqual({ failures: [], log: '' });
    expect(server.child.exitCode).toBeNull();
    expect(health.status).toBe(200);
    expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
  });
});

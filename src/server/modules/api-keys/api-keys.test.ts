import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWithKey, createApiKey } from '../../../../test/support/api-keys.js';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  createDocumentWorld,
  type DocumentWorld,
  importFeeNotices,
  PERIOD,
} from '../../../../test/support/documents.js';
import { expectError, expectStatus } from '../../../../test/support/world.js';
import { KEY_FAILURES_PER_MINUTE } from '../../http/auth-hook.js';
import { sha256Hex } from '../../lib/crypto.js';

let t: TestApp;
let w: DocumentWorld;
const countBatches = async () => (await t.container.db.selectFrom('batches').select('id').execute()).length;
const batchOf = (positionId: string) => ({ documentType: 'fee_notice', positionId, selection: { period: PERIOD } });

beforeAll(async () => {
  t = await createTestApp({ env: { API_KEY_REQUESTS_PER_MINUTE: '40' } });
  w = await createDocumentWorld(t, 30);
  await importFeeNotices(t, w);
}, 90_000);
afterAll(() => t?.close());

describe('API keys: made by an administrator, shown once, stored hashed', () => {
  it('shows the key once and keeps only its SHA-256', async () => {
    const created = await createApiKey(t, w.admin, {
      name: 'Czynsze SM',
      positionId: w.positionA,
      scopes: ['batches:write', 'batches:read'],
    });
    expect(created.secret).toMatch(/^lst_[A-Za-z0-9_-]{43}$/);
    expect(created.apiKey).toMatchObject({ name: 'Czynsze SM', positionId: w.positionA, revokedAt: null });
    expect(created.secret.startsWith(created.apiKey.prefix)).toBe(true);
    const listed = expectStatus(await call(t, w.admin, 'GET', '/api/api-keys'), 200);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const row = await t.container.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', created.apiKey.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_sha256).toBe(sha256Hex(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret);
  });

  it('is an administrator’s business: a clerk and a key are refused', async () => {
    expectError(await call(t, w.clerkA, 'GET', '/api/api-keys'), 403, 'forbidden');
    const key = await createApiKey(t, w.admin, { name: 'Całość', positionId: null, scopes: [...API_ALL] });
    expectError(await callWithKey(t, key.secret, 'GET', '/api/api-keys'), 403, 'forbidden', /kluczem API/);
    expectError(await callWithKey(t, key.secret, 'GET', '/api/users'), 403, 'forbidden', /kluczem API/);
    expectError(await callWithKey(t, key.secret, 'GET', '/api/accounts'), 403, 'forbidden');
  });

  it('refuses a past expiry date and an unknown position', async () => {
    const past = await call(t, w.admin, 'POST', '/api/api-keys', {
      name: 'Stary',
      positionId: null,
      scopes: ['batches:read'],
      expiresOn: '2026-03-01',
    });
    expectError(past, 400, 'validation_failed', /w przyszłości/);
    const unknown = await call(t, w.admin, 'POST', '/api/api-keys', {
      name: 'Nikt',
      positionId: '0190a5b0-0000-7000-8000-00000000dead',
      scopes: ['batches:read'],
      expiresOn: '2027-01-01',
    });
    expectError(unknown, 400, 'validation_failed', /stanowisko/);
  });
});

const API_ALL = [
  'documents:read',
  'documents:write',
  'batches:read',
  'batches:write',
  'messages:read',
  'messages:write',
] as const satisfies readonly string[];

describe('Bearer keys on the API', () => {
  it('creates a batch without cookie or CSRF token, audited under the key’s name, and records its last use', async () => {
    const key = await createApiKey(t, w.admin, {
      name: 'Czynsze SM',
      positionId: w.positionA,
      scopes: ['batches:write', 'batches:read'],
    });
    const batch = expectStatus(await callWithKey(t, key.secret, 'POST', '/api/batches', batchOf(w.positionA)), 201);
    expectStatus(await callWithKey(t, key.secret, 'GET', `/api/batches/${batch.id}`), 200);
    const audit = await t.container.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', batch.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_label).toBe('klucz API „Czynsze SM”');
    expect(audit.actor_id).toBeNull();
    const listed = expectStatus(await call(t, w.admin, 'GET', '/api/api-keys'), 200) as { id: string }[];
    const mine = listed.find((k) => k.id === key.apiKey.id);
    expect(mine).toMatchObject({ lastUsedAt: t.clock.now().toISOString(), lastUsedIp: '127.0.0.1' });
  });

  it('refuses a route outside the key’s scopes with 403 and a Polish message', async () => {
    const key = await createApiKey(t, w.admin, { name: 'Tylko odczyt', positionId: null, scopes: ['messages:read'] });
    const before = await countBatches();
    const res = await callWithKey(t, key.secret, 'POST', '/api/batches', batchOf(w.positionA));
    expectError(res, 403, 'forbidden', /nie ma zakresu „batches:write”/);
    expect(await countBatches()).toBe(before);
    // A route no scope opens (a clerk's inbox) is closed to every key.
    expectError(await callWithKey(t, key.secret, 'GET', '/api/inbox'), 403, 'forbidden', /kluczem API/);
  });

  it('keeps a position’s key to its position', async () => {
    const forA = await createApiKey(t, w.admin, {
      name: 'A',
      positionId: w.positionA,
      scopes: ['batches:write', 'batches:read'],
    });
    const forB = await createApiKey(t, w.admin, {
      name: 'B',
      positionId: w.positionB,
      scopes: ['batches:write', 'batches:read'],
    });
    const batchA = expectStatus(await callWithKey(t, forA.secret, 'POST', '/api/batches', batchOf(w.positionA)), 201);
    expectError(await callWithKey(t, forB.secret, 'POST', '/api/batches', batchOf(w.positionA)), 403, 'forbidden');
    const seen = await callWithKey(t, forB.secret, 'GET', `/api/batches/${batchA.id}`);
    expect([403, 404]).toContain(seen.statusCode);
    const listB = expectStatus(await callWithKey(t, forB.secret, 'GET', '/api/batches'), 200) as {
      items: { id: string }[];
    };
    expect(listB.items.map((b) => b.id)).not.toContain(batchA.id);
    const listA = expectStatus(await callWithKey(t, forA.secret, 'GET', '/api/batches'), 200) as {
      items: { id: string }[];
    };
    expect(listA.items.map((b) => b.id)).toContain(batchA.id);
  });

  it('stops working once revoked or expired', async () => {
    const key = await createApiKey(t, w.admin, {
      name: 'Do unieważnienia',
      positionId: null,
      scopes: ['batches:read'],
    });
    expectStatus(await callWithKey(t, key.secret, 'GET', '/api/batches'), 200);
    expectStatus(await call(t, w.admin, 'DELETE', `/api/api-keys/${key.apiKey.id}`), 204);
    expectError(await callWithKey(t, key.secret, 'GET', '/api/batches'), 401, 'unauthenticated', /unieważniony/);
    const revoked = await t.container.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', key.apiKey.id)
      .execute();
    expect(revoked.map((r) => r.action).sort()).toEqual(['api_key.create', 'api_key.revoke']);

    const short = await createApiKey(t, w.admin, {
      name: 'Krótki',
      positionId: null,
      scopes: ['batches:read'],
      expiresOn: '2026-03-03',
    });
    expectStatus(await callWithKey(t, short.secret, 'GET', '/api/batches'), 200);
    t.clock.advance(3 * 24 * 3600_000);
    try {
      expectError(await callWithKey(t, short.secret, 'GET', '/api/batches'), 401, 'unauthenticated');
    } finally {
      t.clock.advance(-3 * 24 * 3600_000);
    }
    expectError(await callWithKey(t, 'lst_nieistniejacy', 'GET', '/api/batches'), 401, 'unauthenticated');
  });

  it('still asks a cookie session for its CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: { cookie: w.clerkA.cookie },
      payload: batchOf(w.positionA),
    });
    expectError(res, 403, 'forbidden', /Sesja wygasła/);
  });

  it('makes an address that keeps giving wrong keys wait, a right key too; sessions and other addresses go on', async () => {
    const key = await createApiKey(t, w.admin, { name: 'Po zgadywaniu', positionId: null, scopes: ['batches:read'] });
    const from = (remoteAddress: string, secret: string) =>
      t.app.inject({
        method: 'GET',
        url: '/api/batches',
        remoteAddress,
        headers: { authorization: `Bearer ${secret}` },
      });
    const guesser = '203.0.113.7';
    for (let i = 0; i < KEY_FAILURES_PER_MINUTE; i++) {
      expectError(await from(guesser, `lst_zgadywany${i}`), 401, 'unauthenticated');
    }
    const refused = await from(guesser, 'lst_zgadywany-jeszcze-raz');
    expectError(refused, 429, 'too_many_requests', /zbyt wiele nieprawidłowych kluczy API/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // A key that is right gets the same answer from there until the minute is over: a lucky guess learns nothing.
    expectError(await from(guesser, key.secret), 429, 'too_many_requests');
    // The same key from elsewhere, and a person's session, are not touched.
    expectStatus(await from('198.51.100.20', key.secret), 200);
    expectStatus(await call(t, w.admin, 'GET', '/api/batches'), 200);
  });

  it('limits each key apart from people and from other keys', async () => {
    const busy = await createApiKey(t, w.admin, { name: 'Gadatliwy', positionId: null, scopes: ['batches:read'] });
    const other = await createApiKey(t, w.admin, { name: 'Spokojny', positionId: null, scopes: ['batches:read'] });
    let refused: Awaited<ReturnType<typeof callWithKey>> | null = null;
    for (let i = 0; i < 45 && !refused; i++) {
      const res = await callWithKey(t, busy.secret, 'GET', '/api/batches');
      if (res.statusCode === 429) refused = res;
      else expect(res.statusCode).toBe(200);
    }
    expect(refused).not.toBeNull();
    expectError(refused as NonNullable<typeof refused>, 429, 'too_many_requests', /Ten klucz API wysłał zbyt wiele/);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    expectStatus(await callWithKey(t, other.secret, 'GET', '/api/batches'), 200);
    expectStatus(await call(t, w.admin, 'GET', '/api/batches'), 200);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type Session, type TestApp } from '../../../../test/support/app.js';
import { accountInput, expectFieldError, expectStatus } from '../../../../test/support/world.js';

/** Secrets at rest (docs/architecture.md §6): sealed in the database, write-only in the API. */

const PASSWORD = 'Sekret-SMTP-hasło-1';
const DKIM_KEY = generateKeyPairSync('rsa', {
  modulusLength: 1024,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;
/** A line from the middle of the key: enough to recognise it in any response. */
const KEY_LINE = DKIM_KEY.split('\n')[3] as string;

let t: TestApp;
let admin: Session;
let accountId: string;
/** Every raw response body the tests saw, checked for leaks at the end. */
const bodies: string[] = [];

function track(res: LightMyRequestResponse) {
  bodies.push(res.body);
  return res;
}

const aad = (id: string, field: 'password' | 'dkim_key') => `smtp_accounts:${id}:${field}`;

async function storedRow(id: string) {
  return t.container.db
    .selectFrom('smtp_accounts')
    .select(['password_enc', 'dkim_key_enc', 'dkim_domain', 'dkim_selector'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'szef', 'admin');
  admin = await login(t, 'szef');
  const res = track(
    await call(
      t,
      admin,
      'POST',
      '/api/accounts',
      accountInput('Czynsze SMTP', 'czynsze', {
        username: 'czynsze@zarzadca.example.pl',
        password: PASSWORD,
        dkim: { domain: 'zarzadca.example.pl', selector: 'lis2026', privateKey: DKIM_KEY },
      }),
    ),
  );
  accountId = expectStatus(res, 201).id;
});
afterAll(() => t?.close());

describe('account secrets at rest', () => {
  it('says only that a password and a DKIM key are set', () => {
    const created = JSON.parse(bodies[0] as string);
    expect(created.hasPassword).toBe(true);
    expect(created.dkim).toEqual({ domain: 'zarzadca.example.pl', selector: 'lis2026', hasKey: true });
    expect(Object.keys(created)).not.toContain('password');
    expect(Object.keys(created.dkim)).not.toContain('privateKey');
  });

  it('stores sealed values (v1.…), not the plaintext, and they open with the row-and-field binding', async () => {
    const row = await storedRow(accountId);
    expect(row.password_enc).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(row.dkim_key_enc).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(row.password_enc).not.toContain(PASSWORD);
    expect(row.dkim_key_enc).not.toContain('PRIVATE KEY');
    expect(row.dkim_key_enc).not.toContain(KEY_LINE);
    expect(t.container.secrets.open(row.password_enc as string, aad(accountId, 'password'))).toBe(PASSWORD);
    expect(t.container.secrets.open(row.dkim_key_enc as string, aad(accountId, 'dkim_key'))).toBe(DKIM_KEY.trim());
    // A value bound to one field does not open as the other.
    expect(() => t.container.secrets.open(row.password_enc as string, aad(accountId, 'dkim_key'))).toThrow();
  });

  it('never returns the password or the key from get, list or update', async () => {
    const get = track(await call(t, admin, 'GET', `/api/accounts/${accountId}`));
    expect(expectStatus(get, 200)).toMatchObject({ hasPassword: true, dkim: { hasKey: true } });
    expectStatus(track(await call(t, admin, 'GET', '/api/accounts')), 200);
    const patched = track(await call(t, admin, 'PATCH', `/api/accounts/${accountId}`, { fromName: 'Dział czynszów' }));
    expect(expectStatus(patched, 200)).toMatchObject({ fromName: 'Dział czynszów', hasPassword: true });
  });

  it('a PATCH without password or key keeps both, byte for byte', async () => {
    const before = await storedRow(accountId);
    const res = track(
      await call(t, admin, 'PATCH', `/api/accounts/${accountId}`, {
        port: 587,
        dkim: { domain: 'zarzadca.example.pl', selector: 'lis2027' },
      }),
    );
    expect(expectStatus(res, 200)).toMatchObject({
      port: 587,
      hasPassword: true,
      dkim: { selector: 'lis2027', hasKey: true },
    });
    const after = await storedRow(accountId);
    expect(after.password_enc).toBe(before.password_enc);
    expect(after.dkim_key_enc).toBe(before.dkim_key_enc);
  });

  it('a new password is sealed afresh; password null removes it; dkim null removes the key', async () => {
    const before = await storedRow(accountId);
    track(await call(t, admin, 'PATCH', `/api/accounts/${accountId}`, { password: `${PASSWORD}-nowe` }));
    const changed = await storedRow(accountId);
    expect(changed.password_enc).not.toBe(before.password_enc);
    expect(t.container.secrets.open(changed.password_enc as string, aad(accountId, 'password'))).toBe(
      `${PASSWORD}-nowe`,
    );

    const removed = track(await call(t, admin, 'PATCH', `/api/accounts/${accountId}`, { password: null }));
    expect(expectStatus(removed, 200).hasPassword).toBe(false);
    expect((await storedRow(accountId)).password_enc).toBeNull();

    const noDkim = track(await call(t, admin, 'PATCH', `/api/accounts/${accountId}`, { dkim: null }));
    expect(expectStatus(noDkim, 200).dkim).toBeNull();
    expect(await storedRow(accountId)).toMatchObject({ dkim_key_enc: null, dkim_domain: null, dkim_selector: null });

    const restored = track(
      await call(t, admin, 'PATCH', `/api/accounts/${accountId}`, {
        password: PASSWORD,
        dkim: { domain: 'zarzadca.example.pl', selector: 'lis2026', privateKey: DKIM_KEY },
      }),
    );
    expect(expectStatus(restored, 200)).toMatchObject({ hasPassword: true, dkim: { hasKey: true } });
  });

  it('a sealed value copied into another account row does not decrypt there', async () => {
    const other = expectStatus(
      track(await call(t, admin, 'POST', '/api/accounts', accountInput('Księgowość SMTP', 'ksiegowosc'))),
      201,
    ).id;
    const source = await storedRow(accountId);
    await t.container.db
      .updateTable('smtp_accounts')
      .set({ password_enc: source.password_enc, dkim_key_enc: source.dkim_key_enc })
      .where('id', '=', other)
      .execute();
    const copied = await storedRow(other);
    expect(() => t.container.secrets.open(copied.password_enc as string, aad(other, 'password'))).toThrow();
    expect(() => t.container.secrets.open(copied.dkim_key_enc as string, aad(other, 'dkim_key'))).toThrow();
    // Testing the connection with it fails cleanly (no crash, no secret in the answer).
    const test = track(await call(t, admin, 'POST', `/api/accounts/${other}/test`));
    expect(expectStatus(test, 200)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Wpisz hasło konta ponownie/),
    });
  });

  it('a malformed DKIM key is refused without storing anything', async () => {
    const before = await storedRow(accountId);
    expectFieldError(
      track(
        await call(t, admin, 'PATCH', `/api/accounts/${accountId}`, {
          dkim: { domain: 'zarzadca.example.pl', selector: 'lis2026', privateKey: KEY_LINE },
        }),
      ),
      'dkim.privateKey',
      'Klucz DKIM musi być kluczem prywatnym w formacie PEM.',
    );
    expect(await storedRow(accountId)).toEqual(before);
  });

  it('neither the audit log nor any response body contains a secret', async () => {
    const audit = track(await call(t, admin, 'GET', '/api/audit?entityType=account&limit=200'));
    expect(expectStatus(audit, 200).items.map((e: { action: string }) => e.action)).toContain('account.update');
    const rows = await t.container.db.selectFrom('audit_log').select('details').execute();
    const everything = [...bodies, ...rows.map((r) => r.details)];
    expect(bodies.length).toBeGreaterThan(8);
    for (const text of everything) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(KEY_LINE);
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toMatch(/"v1\./);
    }
  });
});

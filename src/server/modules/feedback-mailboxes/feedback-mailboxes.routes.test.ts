import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type Session, type TestApp } from '../../../../test/support/app.js';
import { type Dovecot, startDovecot } from '../../../../test/support/dovecot.js';
import {
  accountInput,
  auditActions,
  expectError,
  expectFieldError,
  expectStatus,
} from '../../../../test/support/world.js';
import { checkMailbox } from '../../feedback/imap-check.js';
import { mailboxSecretAad } from './feedback-mailboxes.js';

/** Feedback mailboxes over the API (issue 12, point 1), tested against a real Dovecot. */

const PASSWORD = 'Hasło-do-skrzynki-1';
let dovecot: Dovecot;
let t: TestApp;
let admin: Session;
let clerk: Session;
const bodies: string[] = [];

function track(res: LightMyRequestResponse) {
  bodies.push(res.body);
  return res;
}

const input = (overrides: Record<string, unknown> = {}) => ({
  name: 'Zwroty biura',
  host: '127.0.0.1',
  port: dovecot.tlsPort,
  security: 'tls',
  username: 'zwroty',
  password: PASSWORD,
  ...overrides,
});

async function create(overrides: Record<string, unknown> = {}) {
  return expectStatus(track(await call(t, admin, 'POST', '/api/feedback-mailboxes', input(overrides))), 201);
}

async function test(id: string) {
  return expectStatus(track(await call(t, admin, 'POST', `/api/feedback-mailboxes/${id}/test`)), 200);
}

beforeAll(async () => {
  dovecot = await startDovecot({ tls: true });
  await dovecot.addUser('zwroty', PASSWORD);
  await dovecot.createFolder('zwroty', 'Zwroty/Przychodzące');
  t = await createTestApp({
    // The real check (10 s bounds), trusting only this Dovecot's self-signed certificate.
    checkMailbox: (settings, folders) => checkMailbox(settings, folders, { tls: { ca: [dovecot.certificate ?? ''] } }),
  });
  await createUser(t, 'szef', 'admin');
  await createUser(t, 'urzednik', 'clerk');
  admin = await login(t, 'szef');
  clerk = await login(t, 'urzednik');
}, 60_000);
afterAll(async () => {
  await t?.close();
  await dovecot?.stop();
});

describe('feedback mailboxes', () => {
  it('an admin creates one: INBOX and "from now on" by default, the password sealed and never returned', async () => {
    const now = t.clock.now().toISOString();
    const created = await create({ name: 'Domyślna' });
    expect(created).toMatchObject({
      folders: ['INBOX'],
      processSince: now,
      auth: 'password',
      hasPassword: true,
      oauth: null,
      status: 'active',
      lastCheckedAt: null,
      accountIds: [],
    });
    expect(created).not.toHaveProperty('password');
    const row = await t.container.db
      .selectFrom('feedback_mailboxes')
      .select('password_enc')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.password_enc).not.toContain(PASSWORD);
    expect(t.container.secrets.open(row.password_enc ?? '', mailboxSecretAad(created.id, 'password'))).toBe(PASSWORD);
    // Sealed for this row and field only.
    expect(() =>
      t.container.secrets.open(row.password_enc ?? '', mailboxSecretAad(created.id, 'oauth_refresh_token')),
    ).toThrow();
  });

  it('only an administrator sees or changes them', async () => {
    expectError(await call(t, clerk, 'GET', '/api/feedback-mailboxes'), 403, 'forbidden');
    expectError(await call(t, clerk, 'POST', '/api/feedback-mailboxes', input({ name: 'X' })), 403, 'forbidden');
    expectError(await call(t, null, 'GET', '/api/feedback-mailboxes'), 401, 'unauthenticated');
  });

  it('refuses bad input in Polish and stores nothing', async () => {
    const before = (await call(t, admin, 'GET', '/api/feedback-mailboxes')).json().length;
    expectFieldError(
      await call(t, admin, 'POST', '/api/feedback-mailboxes', input({ password: undefined, name: 'Bez hasła' })),
      'password',
      /hasło/,
    );
    expectFieldError(
      await call(t, admin, 'POST', '/api/feedback-mailboxes', input({ folders: [], name: 'Pusta' })),
      'folders',
      /co najmniej jeden folder/,
    );
    expectFieldError(
      await call(t, admin, 'POST', '/api/feedback-mailboxes', input({ host: 'zły host!' })),
      'host',
      /serwera IMAP/,
    );
    expectFieldError(
      await call(
        t,
        admin,
        'POST',
        '/api/feedback-mailboxes',
        input({
          name: 'Zły token',
          auth: 'oauth2',
          oauth: { provider: 'custom', clientId: 'a', tokenUrl: 'http://tokens.example.pl/t', refreshToken: 'r' },
        }),
      ),
      'oauth.tokenUrl',
      /https:\/\//,
    );
    await create({ name: 'Dwa razy' });
    expectError(
      await call(t, admin, 'POST', '/api/feedback-mailboxes', input({ name: 'Dwa razy' })),
      409,
      'conflict',
      /już istnieje/,
    );
    expect((await call(t, admin, 'GET', '/api/feedback-mailboxes')).json().length).toBe(before + 1);
  });

  it('"Sprawdź połączenie" logs in over TLS, checks the folders, keeps the time and audits', async () => {
    t.clock.advance(60_000);
    const checkedAt = t.clock.now().toISOString();
    const box = await create({ name: 'Test TLS', folders: ['INBOX', 'Zwroty/Przychodzące'] });
    const result = await test(box.id);
    expect(result).toMatchObject({ ok: true, missingFolders: [] });
    expect(result.message).toMatch(/Połączenie działa/);
    expect(result.folders).toEqual(expect.arrayContaining(['INBOX', 'Zwroty/Przychodzące']));
    const after = expectStatus(await call(t, admin, 'GET', `/api/feedback-mailboxes/${box.id}`), 200);
    expect(after).toMatchObject({ lastCheckedAt: checkedAt, lastError: null });
    expect(await auditActions(t, box.id)).toEqual(['feedback_mailbox.create', 'feedback_mailbox.test_connection']);
  });

  it('says plainly what is wrong: port, password, TLS, a missing folder', async () => {
    const closed = await create({ name: 'Zły port', port: 1, security: 'none' });
    expect((await test(closed.id)).message).toBe('Nie można połączyć się z serwerem 127.0.0.1:1.');

    const wrong = await create({ name: 'Złe hasło', password: 'nie-to-hasło' });
    expect((await test(wrong.id)).message).toBe('Serwer odrzucił nazwę użytkownika lub hasło.');
    const stored = expectStatus(await call(t, admin, 'GET', `/api/feedback-mailboxes/${wrong.id}`), 200);
    expect(stored.lastError).toBe('Serwer odrzucił nazwę użytkownika lub hasło.');

    const tlsOnPlain = await create({ name: 'TLS na porcie bez TLS', port: dovecot.port, security: 'tls' });
    expect((await test(tlsOnPlain.id)).message).toMatch(/TLS/);

    const plain = await create({ name: 'STARTTLS', port: dovecot.port, security: 'starttls' });
    expect(await test(plain.id)).toMatchObject({ ok: true, technical: null });

    const missing = await create({ name: 'Brak folderu', folders: ['INBOX', 'Odbite'] });
    const result = await test(missing.id);
    expect(result).toMatchObject({ ok: false, missingFolders: ['Odbite'] });
    expect(result.message).toBe('Logowanie działa, ale na serwerze nie ma folderu „Odbite”.');
  });

  it('edits keep secrets unless given; sending accounts choose the mailbox; delete detaches them', async () => {
    const box = await create({ name: 'Wspólna' });
    const renamed = expectStatus(
      track(
        await call(t, admin, 'PATCH', `/api/feedback-mailboxes/${box.id}`, {
          name: 'Wspólna 2',
          processSince: '2026-01-01T00:00:00+01:00',
        }),
      ),
      200,
    );
    expect(renamed).toMatchObject({ name: 'Wspólna 2', hasPassword: true, processSince: '2025-12-31T23:00:00.000Z' });
    expect((await test(box.id)).ok).toBe(true);

    const a = expectStatus(
      await call(t, admin, 'POST', '/api/accounts', accountInput('Konto A', 'a', { feedbackMailboxId: box.id })),
      201,
    );
    const b = expectStatus(await call(t, admin, 'POST', '/api/accounts', accountInput('Konto B', 'b')), 201);
    expect(a.feedbackMailboxId).toBe(box.id);
    expect(b.feedbackMailboxId).toBeNull();
    expectStatus(await call(t, admin, 'PATCH', `/api/accounts/${b.id}`, { feedbackMailboxId: box.id }), 200);
    expectFieldError(
      await call(t, admin, 'PATCH', `/api/accounts/${b.id}`, {
        feedbackMailboxId: '0190a5b0-0000-7000-8000-000000000009',
      }),
      'feedbackMailboxId',
      /Wybierz skrzynkę/,
    );
    const shared = expectStatus(await call(t, admin, 'GET', `/api/feedback-mailboxes/${box.id}`), 200);
    expect([...shared.accountIds].sort()).toEqual([a.id, b.id].sort());

    expectStatus(await call(t, admin, 'DELETE', `/api/feedback-mailboxes/${box.id}`), 204);
    expect(expectStatus(await call(t, admin, 'GET', `/api/accounts/${a.id}`), 200).feedbackMailboxId).toBeNull();
    expect(await auditActions(t, box.id)).toEqual([
      'feedback_mailbox.create',
      'feedback_mailbox.update',
      'feedback_mailbox.test_connection',
      'feedback_mailbox.delete',
    ]);
  });

  it('never returns a secret', () => {
    for (const body of bodies) {
      expect(body).not.toContain(PASSWORD);
      expect(body).not.toContain('nie-to-hasło');
    }
  });
});

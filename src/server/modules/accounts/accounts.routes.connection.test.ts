import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type Session, type TestApp } from '../../../../test/support/app.js';
import { accountInput, auditActions, expectStatus } from '../../../../test/support/world.js';

/** POST /api/accounts/:id/test against a real SMTP server on loopback that insists on a login. */

let t: TestApp;
let admin: Session;
let smtp: SMTPServer;
let smtpPort: number;
let closedPort: number;

function listen(server: { listen(port: number, host: string, cb: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

beforeAll(async () => {
  smtp = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'u' && auth.password === 'p') return callback(null, { user: 'u' });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
  });
  await listen(smtp);
  smtpPort = (smtp.server.address() as { port: number }).port;

  // A port that was just free: nothing listens there once the probe server is closed.
  const probe = createServer();
  await listen(probe);
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  t = await createTestApp();
  await createUser(t, 'szef', 'admin');
  admin = await login(t, 'szef');
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

async function account(name: string, local: string, overrides: Record<string, unknown>) {
  const res = await call(
    t,
    admin,
    'POST',
    '/api/accounts',
    accountInput(name, local, { security: 'none', port: smtpPort, username: 'u', ...overrides }),
  );
  return expectStatus(res, 201).id as string;
}

async function testConnection(id: string) {
  return expectStatus(await call(t, admin, 'POST', `/api/accounts/${id}/test`), 200) as {
    ok: boolean;
    message: string;
    technical: string | null;
  };
}

async function getAccount(id: string) {
  return expectStatus(await call(t, admin, 'GET', `/api/accounts/${id}`), 200);
}

describe('accounts: test connection', () => {
  it('the right login and password → ok, and the account is marked verified', async () => {
    const id = await account('Dobre', 'dobre', { password: 'p' });
    const result = await testConnection(id);
    expect(result).toEqual({ ok: true, message: 'Połączenie działa: serwer przyjął logowanie.', technical: null });
    const stored = await getAccount(id);
    expect(stored.lastVerifiedAt).toBe(t.clock.now().toISOString());
    expect(stored.lastError).toBeNull();
    expect(await auditActions(t, id)).toEqual(['account.create', 'account.test_connection']);
  });

  it('a wrong password → not ok, a Polish hint about login and password, and the error kept on the account', async () => {
    const id = await account('Złe hasło', 'zlehaslo', { password: 'nie-to-haslo' });
    const result = await testConnection(id);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/login lub hasło/);
    expect(result.technical).toMatch(/535/);
    expect(result.technical).not.toContain('nie-to-haslo');
    const stored = await getAccount(id);
    expect(stored.lastError).toBe(result.message);
    expect(stored.lastErrorAt).toBe(t.clock.now().toISOString());
    expect(stored.lastVerifiedAt).toBeNull();
  });

  it('fixing the password clears the error on the next test', async () => {
    const id = await account('Poprawione', 'poprawione', { password: 'zle' });
    expect((await testConnection(id)).ok).toBe(false);
    t.clock.advance(60_000);
    expectStatus(await call(t, admin, 'PATCH', `/api/accounts/${id}`, { password: 'p' }), 200);
    expect((await testConnection(id)).ok).toBe(true);
    const stored = await getAccount(id);
    expect(stored).toMatchObject({ lastError: null, lastErrorAt: null, lastVerifiedAt: t.clock.now().toISOString() });
  });

  it('a closed port → not ok, with a message about connecting to host:port', async () => {
    const id = await account('Zamknięty port', 'zamkniety', { port: closedPort, password: 'p' });
    const result = await testConnection(id);
    expect(result.ok).toBe(false);
    expect(result.message).toBe(`Nie można połączyć się z serwerem 127.0.0.1:${closedPort}. Sprawdź adres i port.`);
    expect(result.technical).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect((await getAccount(id)).lastError).toBe(result.message);
    const audit = await t.container.db
      .selectFrom('audit_log')
      .select('details')
      .where('entity_id', '=', id)
      .where('action', '=', 'account.test_connection')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ ok: false });
  });
});

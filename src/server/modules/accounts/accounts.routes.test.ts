import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type TestApp } from '../../../../test/support/app.js';
import {
  accountInput,
  auditActions,
  createWorld,
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  type RouteCase,
  rawRequest,
  type World,
} from '../../../../test/support/world.js';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

describe('accounts: authentication', () => {
  const routes: RouteCase[] = [
    { method: 'GET', url: '/api/accounts' },
    { method: 'GET', url: `/api/accounts/${MISSING_ID}` },
    { method: 'POST', url: '/api/accounts', body: accountInput('Anonimowe', 'anon') },
    { method: 'PATCH', url: `/api/accounts/${MISSING_ID}`, body: { name: 'X' } },
    { method: 'DELETE', url: `/api/accounts/${MISSING_ID}` },
    { method: 'POST', url: `/api/accounts/${MISSING_ID}/test` },
  ];
  it.each(routes)('anonymous $method $url → 401', async ({ method, url, body }) => {
    expectError(await call(t, null, method, url, body), 401, 'unauthenticated');
  });
});

describe('accounts: scoping', () => {
  it("a clerk lists only their position's account", async () => {
    const a = expectStatus(await call(t, w.clerkA, 'GET', '/api/accounts'), 200);
    expect(a.map((x: { id: string }) => x.id)).toEqual([w.accountA]);
    expect(a[0]).toMatchObject({ name: 'Czynsze SMTP', positionIds: [w.positionA] });
    const b = expectStatus(await call(t, w.clerkB, 'GET', '/api/accounts'), 200);
    expect(b.map((x: { id: string }) => x.id)).toEqual([w.accountB]);
  });

  it('a clerk without a position sees no accounts', async () => {
    await createUser(t, 'nowy', 'clerk');
    const s = await login(t, 'nowy');
    expect(expectStatus(await call(t, s, 'GET', '/api/accounts'), 200)).toEqual([]);
    expectError(await call(t, s, 'GET', `/api/accounts/${w.accountA}`), 403, 'forbidden');
  });

  it("a clerk reads their own account and gets 403 for the other position's", async () => {
    expect(expectStatus(await call(t, w.clerkA, 'GET', `/api/accounts/${w.accountA}`), 200).id).toBe(w.accountA);
    expectError(
      await call(t, w.clerkA, 'GET', `/api/accounts/${w.accountB}`),
      403,
      'forbidden',
      'To konto nie należy do Twojego stanowiska.',
    );
    expectError(await call(t, w.clerkB, 'GET', `/api/accounts/${w.accountA}`), 403, 'forbidden');
  });

  it('an admin sees every account', async () => {
    const all = expectStatus(await call(t, w.admin, 'GET', '/api/accounts'), 200);
    expect(all.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([w.accountA, w.accountB]));
    expect(expectStatus(await call(t, w.admin, 'GET', `/api/accounts/${w.accountB}`), 200).id).toBe(w.accountB);
  });
});

describe('accounts: authorisation of changes', () => {
  it.each<RouteCase>([
    { method: 'POST', url: '/api/accounts', body: accountInput('Od urzędnika', 'urzednik') },
    { method: 'PATCH', url: '/api/accounts/:A', body: { fromName: 'Zmienione' } },
    { method: 'DELETE', url: '/api/accounts/:A' },
    { method: 'POST', url: '/api/accounts/:A/test' },
  ])('a clerk gets 403 for $method $url even on their own account', async ({ method, url, body }) => {
    const before = await t.container.db.selectFrom('smtp_accounts').selectAll().orderBy('id').execute();
    expectError(
      await call(t, w.clerkA, method, url.replace(':A', w.accountA), body),
      403,
      'forbidden',
      /tylko administrator/i,
    );
    expect(await t.container.db.selectFrom('smtp_accounts').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('an admin creates, changes and deletes an account; each step is audited', async () => {
    const created = expectStatus(
      await call(t, w.admin, 'POST', '/api/accounts', accountInput('Tymczasowe', 'tymczasowe', { port: 587 })),
      201,
    );
    expect(created).toMatchObject({
      kind: 'smtp',
      port: 587,
      security: 'none',
      envelopeMode: 'feedback',
      hasPassword: false,
      dkim: null,
      status: 'active',
      positionIds: [],
      rates: { perSecond: null, perMinute: null, perHour: null, perDay: null },
    });
    const changed = expectStatus(
      await call(t, w.admin, 'PATCH', `/api/accounts/${created.id}`, {
        status: 'inactive',
        rates: { perSecond: 2, perMinute: 60, perHour: null, perDay: 1000 },
      }),
      200,
    );
    expect(changed).toMatchObject({ status: 'inactive', port: 587, rates: { perSecond: 2, perDay: 1000 } });
    expectStatus(await call(t, w.admin, 'DELETE', `/api/accounts/${created.id}`), 204);
    expectError(await call(t, w.admin, 'GET', `/api/accounts/${created.id}`), 404, 'not_found');
    expect(await auditActions(t, created.id)).toEqual(['account.create', 'account.update', 'account.delete']);
  });

  it('keeps the number of connections given when the account is created (5 when none is given)', async () => {
    const ten = expectStatus(
      await call(t, w.admin, 'POST', '/api/accounts', accountInput('Dziesięć', 'dziesiec', { maxConnections: 10 })),
      201,
    );
    expect(ten.maxConnections).toBe(10);
    expect(expectStatus(await call(t, w.admin, 'GET', `/api/accounts/${ten.id}`), 200).maxConnections).toBe(10);
    const plain = expectStatus(
      await call(t, w.admin, 'POST', '/api/accounts', accountInput('Domyślne', 'domyslne')),
      201,
    );
    expect(plain.maxConnections).toBe(5);
  });

  it('an account that has messages cannot be deleted', async () => {
    expectStatus(
      await call(t, w.clerkA, 'POST', '/api/messages', {
        accountId: w.accountA,
        toAddress: 'jan@example.pl',
        subject: 'Zawiadomienie',
        text: 'Treść',
      }),
      201,
    );
    expectError(await call(t, w.admin, 'DELETE', `/api/accounts/${w.accountA}`), 409, 'conflict', /nieaktywne/);
  });

  it('unknown accounts are 404 for an admin; duplicate names are 409', async () => {
    expectError(await call(t, w.admin, 'GET', `/api/accounts/${MISSING_ID}`), 404, 'not_found');
    expectError(await call(t, w.admin, 'PATCH', `/api/accounts/${MISSING_ID}`, { port: 25 }), 404, 'not_found');
    expectError(await call(t, w.admin, 'DELETE', `/api/accounts/${MISSING_ID}`), 404, 'not_found');
    expectError(await call(t, w.admin, 'POST', `/api/accounts/${MISSING_ID}/test`), 404, 'not_found');
    expectError(
      await call(t, w.admin, 'POST', '/api/accounts', accountInput('Czynsze SMTP', 'duplikat')),
      409,
      'conflict',
      /już istnieje/,
    );
    expectError(
      await call(t, w.admin, 'PATCH', `/api/accounts/${w.accountB}`, { name: 'Czynsze SMTP' }),
      409,
      'conflict',
    );
  });
});

describe('accounts: validation', () => {
  it('rejects bad From and feedback addresses in Polish', async () => {
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/accounts', accountInput('Złe', 'zle', { fromAddress: 'biuro@' })),
      'fromAddress',
      'Nieprawidłowy adres e-mail — sprawdź, czy nie ma literówki.',
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/accounts', accountInput('Złe', 'zle', { feedbackAddress: 'zwrotne' })),
      'feedbackAddress',
      /Nieprawidłowy adres e-mail/,
    );
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/accounts/${w.accountA}`, { fromAddress: 'a b@example.pl' }),
      'fromAddress',
      /Nieprawidłowy adres e-mail/,
    );
  });

  it('names missing required fields', async () => {
    const error = expectError(await call(t, w.admin, 'POST', '/api/accounts', {}), 400, 'validation_failed');
    for (const path of ['name', 'fromAddress', 'feedbackAddress', 'host', 'port']) {
      expect(error.fields).toContainEqual({ path, message: 'To pole jest wymagane.' });
    }
  });

  it('rejects bad host, port, security, DKIM key and unknown fields', async () => {
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/accounts', accountInput('Złe', 'zle', { host: 'smtp example' })),
      'host',
      'Nieprawidłowa nazwa serwera SMTP.',
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/accounts', accountInput('Złe', 'zle', { port: 70000 })),
      'port',
      /.+/,
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/accounts', accountInput('Złe', 'zle', { security: 'ssl' })),
      'security',
      /Nieprawidłowa opcja/,
    );
    expectFieldError(
      await call(
        t,
        w.admin,
        'POST',
        '/api/accounts',
        accountInput('Złe', 'zle', { dkim: { domain: 'example.pl', selector: 's1', privateKey: 'nie-klucz' } }),
      ),
      'dkim.privateKey',
      'Klucz DKIM musi być kluczem prywatnym w formacie PEM.',
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/accounts', accountInput('Złe', 'zle', { passwordEnc: 'v1.x' })),
      '',
      'Nieznane pola: passwordEnc.',
    );
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/accounts/${w.accountA}`, { kind: 'capture' }),
      '',
      'Nieznane pola: kind.',
    );
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/accounts/${w.accountA}`, { rates: { perSecond: 1 } }),
      'rates.perMinute',
      'To pole jest wymagane.',
    );
  });

  it('DKIM without a key is refused when no key is stored yet', async () => {
    expectFieldError(
      await call(t, w.admin, 'PATCH', `/api/accounts/${w.accountB}`, {
        dkim: { domain: 'example.pl', selector: 's1' },
      }),
      'dkim.privateKey',
      'To pole jest wymagane.',
    );
    expect(expectStatus(await call(t, w.admin, 'GET', `/api/accounts/${w.accountB}`), 200).dkim).toBeNull();
  });

  it('rejects a malformed id, malformed JSON and an oversized body', async () => {
    expectFieldError(await call(t, w.admin, 'GET', '/api/accounts/x'), 'params.id', 'Nieprawidłowy identyfikator.');
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/accounts/x/test'),
      'params.id',
      'Nieprawidłowy identyfikator.',
    );
    expectError(
      await rawRequest(t, w.admin, 'PATCH', `/api/accounts/${w.accountA}`, '{"port": 25'),
      400,
      'fst_err_ctp_invalid_json_body',
      'Nieprawidłowy format danych (JSON).',
    );
    expectError(
      await rawRequest(
        t,
        w.admin,
        'POST',
        '/api/accounts',
        JSON.stringify(accountInput('Wielkie', 'wielkie', { fromName: 'x'.repeat(1_500_000) })),
      ),
      413,
      'fst_err_ctp_body_too_large',
      'Przesłane dane są za duże.',
    );
  });
});

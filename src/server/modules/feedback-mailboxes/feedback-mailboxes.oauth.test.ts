import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type Session, type TestApp } from '../../../../test/support/app.js';
import { type Dovecot, startDovecot } from '../../../../test/support/dovecot.js';
import { auditActions, expectStatus } from '../../../../test/support/world.js';
import { checkMailbox } from '../../feedback/imap-check.js';
import { mailboxSecretAad } from './feedback-mailboxes.js';

/**
 * OAuth2 for Microsoft 365 / Google style mailboxes: the refresh token is exchanged at a token endpoint (a local
 * Fastify server here) and the access token logs in over XOAUTH2 (Dovecot checks it as the user's password).
 */

const ACCESS_TOKEN = 'ya29.dostep-testowy';
const REFRESH_TOKEN = '1//odswiezanie-testowe';
const ROTATED = '1//odswiezanie-nowe';
const CLIENT_SECRET = 'sekret-aplikacji';
let dovecot: Dovecot;
let tokens: FastifyInstance;
let tokenUrl: string;
const requests: Record<string, string>[] = [];
let t: TestApp;
let admin: Session;

beforeAll(async () => {
  dovecot = await startDovecot();
  await dovecot.addUser('zwroty@biuro.example.pl', ACCESS_TOKEN);
  tokens = Fastify();
  tokens.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  tokens.post('/token', async (req, reply) => {
    const form = req.body as Record<string, string>;
    requests.push(form);
    if (form.refresh_token === REFRESH_TOKEN || form.refresh_token === ROTATED) {
      return { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600, refresh_token: ROTATED };
    }
    return reply.status(400).send({ error: 'invalid_grant', error_description: 'AADSTS70008: token expired' });
  });
  await tokens.listen({ host: '127.0.0.1', port: 0 });
  const address = tokens.server.address();
  tokenUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/token`;
  t = await createTestApp({ checkMailbox: (settings, folders) => checkMailbox(settings, folders) });
  await createUser(t, 'szef', 'admin');
  admin = await login(t, 'szef');
}, 60_000);
afterAll(async () => {
  await t?.close();
  await tokens?.close();
  await dovecot?.stop();
});

const oauthInput = (refreshToken: string, name: string) => ({
  name,
  host: '127.0.0.1',
  port: dovecot.port,
  security: 'none',
  username: 'zwroty@biuro.example.pl',
  auth: 'oauth2',
  oauth: {
    provider: 'microsoft',
    clientId: 'app-123',
    clientSecret: CLIENT_SECRET,
    tokenUrl,
    refreshToken,
    scope: 'imap offline_access',
  },
});

describe('feedback mailbox over OAuth2', () => {
  it('exchanges the refresh token, logs in with XOAUTH2 and keeps a rotated refresh token sealed', async () => {
    const res = await call(t, admin, 'POST', '/api/feedback-mailboxes', oauthInput(REFRESH_TOKEN, 'Microsoft 365'));
    const box = expectStatus(res, 201);
    expect(box.oauth).toEqual({
      provider: 'microsoft',
      clientId: 'app-123',
      hasClientSecret: true,
      tokenUrl,
      hasRefreshToken: true,
      scope: 'imap offline_access',
    });
    expect(box.hasPassword).toBe(false);
    const testRes = await call(t, admin, 'POST', `/api/feedback-mailboxes/${box.id}/test`);
    expect(expectStatus(testRes, 200)).toMatchObject({ ok: true, missingFolders: [] });
    expect(requests.at(-1)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: REFRESH_TOKEN,
      client_id: 'app-123',
      client_secret: CLIENT_SECRET,
      scope: 'imap offline_access',
    });
    expect(dovecot.log()).toMatch(/Login: user=<zwroty@biuro\.example\.pl>, method=XOAUTH2/);
    const row = await t.container.db
      .selectFrom('feedback_mailboxes')
      .selectAll()
      .where('id', '=', box.id)
      .executeTakeFirstOrThrow();
    expect(
      t.container.secrets.open(row.oauth_refresh_token_enc ?? '', mailboxSecretAad(box.id, 'oauth_refresh_token')),
    ).toBe(ROTATED);
    expect(
      t.container.secrets.open(row.oauth_client_secret_enc ?? '', mailboxSecretAad(box.id, 'oauth_client_secret')),
    ).toBe(CLIENT_SECRET);
    for (const body of [res.body, testRes.body]) {
      for (const secret of [REFRESH_TOKEN, ROTATED, CLIENT_SECRET, ACCESS_TOKEN]) expect(body).not.toContain(secret);
    }
    expect(await auditActions(t, box.id)).toEqual(['feedback_mailbox.create', 'feedback_mailbox.test_connection']);
  });

  it('a revoked refresh token or a token the server refuses is said plainly', async () => {
    const revoked = expectStatus(
      await call(t, admin, 'POST', '/api/feedback-mailboxes', oauthInput('1//cofniety', 'Cofnięty')),
      201,
    );
    const result = expectStatus(await call(t, admin, 'POST', `/api/feedback-mailboxes/${revoked.id}/test`), 200);
    expect(result).toMatchObject({ ok: false, technical: 'invalid_grant: AADSTS70008: token expired' });
    expect(result.message).toMatch(/odrzucił token odświeżania/);

    const otherUser = expectStatus(
      await call(t, admin, 'POST', '/api/feedback-mailboxes', {
        ...oauthInput(REFRESH_TOKEN, 'Inny użytkownik'),
        username: 'ktos@biuro.example.pl',
      }),
      201,
    );
    const refused = expectStatus(await call(t, admin, 'POST', `/api/feedback-mailboxes/${otherUser.id}/test`), 200);
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/odrzucił logowanie tokenem OAuth2/);

    const noServer = expectStatus(
      await call(t, admin, 'POST', '/api/feedback-mailboxes', {
        ...oauthInput(REFRESH_TOKEN, 'Bez serwera tokenów'),
        oauth: { ...oauthInput(REFRESH_TOKEN, '').oauth, tokenUrl: 'http://127.0.0.1:1/token' },
      }),
      201,
    );
    const down = expectStatus(await call(t, admin, 'POST', `/api/feedback-mailboxes/${noServer.id}/test`), 200);
    expect(down.message).toBe('Nie można połączyć się z serwerem tokenów OAuth2 (127.0.0.1:1).');
  });
});

import Fastify, { type FastifyInstance } from 'fastify';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type Session, type TestApp } from '../../../../test/support/app.js';
import { type Dovecot, startDovecot } from '../../../../test/support/dovecot.js';
import { expectStatus } from '../../../../test/support/world.js';
import { checkMailbox } from '../../feedback/imap-check.js';
import { CHECK_TIMEOUTS, imapOptions } from '../../feedback/imap-connect.js';
import type { ReadableMailbox } from '../../feedback/ports.js';
import { createMailboxSource } from '../feedback/mailbox-source.js';
import { mailboxSecretAad } from './feedback-mailboxes.js';

/**
 * A provider that rotates the refresh token on every use and refuses the one before (as Microsoft and Google may):
 * each new token is sealed and stored, so "Sprawdź połączenie" and the reader's connections keep working in turn.
 * The token endpoint is a local HTTP server on 127.0.0.1; Dovecot takes the access token over XOAUTH2.
 */
const ACCESS_TOKEN = 'ya29.dostep-rotacja';
const USER = 'zwroty@rotacja.example.pl';
let dovecot: Dovecot;
let tokens: FastifyInstance;
let tokenUrl: string;
let current = '1//token-0';
let issued = 0;
const refused: string[] = [];
let t: TestApp;
let admin: Session;

beforeAll(async () => {
  dovecot = await startDovecot();
  await dovecot.addUser(USER, ACCESS_TOKEN);
  tokens = Fastify();
  tokens.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  tokens.post('/token', async (req, reply) => {
    const form = req.body as Record<string, string>;
    if (form.refresh_token !== current) {
      refused.push(form.refresh_token ?? '');
      return reply.status(400).send({ error: 'invalid_grant', error_description: 'AADSTS70000: token already used' });
    }
    current = `1//token-${++issued}`;
    return { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600, refresh_token: current };
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

async function storedToken(id: string) {
  const row = await t.container.db
    .selectFrom('feedback_mailboxes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    row,
    token: t.container.secrets.open(row.oauth_refresh_token_enc ?? '', mailboxSecretAad(id, 'oauth_refresh_token')),
  };
}

/** One reader connection: the source's credentials (as the reader asks before each) and an XOAUTH2 login. */
async function readerConnects(mailbox: ReadableMailbox) {
  const credentials = await mailbox.credentials();
  expect(credentials).toEqual({ accessToken: ACCESS_TOKEN });
  const settings = {
    host: '127.0.0.1',
    port: dovecot.port,
    security: 'none' as const,
    username: USER,
    password: null,
    oauth: null,
  };
  const client = new ImapFlow(imapOptions(settings, credentials as { accessToken: string }, CHECK_TIMEOUTS));
  await client.connect();
  await client.logout();
}

describe('OAuth2 refresh token rotation (feedback mailboxes)', () => {
  it('"Sprawdź połączenie" and the reader connect again and again, each storing the token it was given', async () => {
    const box = expectStatus(
      await call(t, admin, 'POST', '/api/feedback-mailboxes', {
        name: 'Microsoft 365 (rotacja)',
        host: '127.0.0.1',
        port: dovecot.port,
        security: 'none',
        username: USER,
        auth: 'oauth2',
        oauth: {
          provider: 'microsoft',
          clientId: 'app-1',
          tokenUrl,
          refreshToken: current,
          scope: 'imap offline_access',
        },
      }),
      201,
    );
    const before = (await storedToken(box.id)).row.updated_at;

    for (let i = 1; i <= 3; i++) {
      const res = expectStatus(await call(t, admin, 'POST', `/api/feedback-mailboxes/${box.id}/test`), 200);
      expect(res).toMatchObject({ ok: true });
      expect((await storedToken(box.id)).token).toBe(`1//token-${i}`);
    }

    const source = createMailboxSource({
      db: t.container.db,
      repo: t.container.repos.feedbackMailboxes,
      settingsOf: t.container.services.feedbackMailboxes.settingsOf,
      keepRotatedRefreshToken: t.container.services.feedbackMailboxes.keepRotatedRefreshToken,
    });
    const mailbox = (await source.list()).find((m) => m.id === box.id) as ReadableMailbox;
    // The same mailbox object, as a running reader keeps it between reconnections.
    for (let i = 4; i <= 6; i++) {
      await readerConnects(mailbox);
      expect((await storedToken(box.id)).token).toBe(`1//token-${i}`);
    }
    // And "Sprawdź połączenie" after the reader: it uses what the reader stored.
    expect(expectStatus(await call(t, admin, 'POST', `/api/feedback-mailboxes/${box.id}/test`), 200)).toMatchObject({
      ok: true,
    });
    expect(refused).toEqual([]);
    expect(
      dovecot.log().match(new RegExp(`Login: user=<${USER.replace(/\./g, '\\.')}>, method=XOAUTH2`, 'g'))?.length,
    ).toBeGreaterThanOrEqual(7);
    // The reader's connection need not restart for a rotated token: the mailbox's version is unchanged.
    const after = await storedToken(box.id);
    expect(after.token).toBe('1//token-7');
    expect(after.row.updated_at).toBe(before);
    expect((await source.list()).find((m) => m.id === box.id)?.version).toBe(mailbox.version);
  });

  it('a token pasted by the administrator meanwhile is not overwritten by a rotation of the old one', async () => {
    const box = expectStatus(
      await call(t, admin, 'POST', '/api/feedback-mailboxes', {
        name: 'Google (wklejony)',
        host: '127.0.0.1',
        port: dovecot.port,
        security: 'none',
        username: USER,
        auth: 'oauth2',
        oauth: { provider: 'google', clientId: 'app-2', tokenUrl, refreshToken: 'stary', scope: 'imap' },
      }),
      201,
    );
    const old = (await storedToken(box.id)).row;
    expectStatus(
      await call(t, admin, 'PATCH', `/api/feedback-mailboxes/${box.id}`, {
        oauth: { provider: 'google', clientId: 'app-2', tokenUrl, refreshToken: 'wklejony', scope: 'imap' },
      }),
      200,
    );
    const kept = await t.container.services.feedbackMailboxes.keepRotatedRefreshToken(t.container.db, old, 'obrocony');
    expect(kept).toBe(false);
    expect((await storedToken(box.id)).token).toBe('wklejony');
  });
});

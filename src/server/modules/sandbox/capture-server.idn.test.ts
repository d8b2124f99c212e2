import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import type { Row } from '../../db/schema.js';
import { secretAad } from '../../mail/account-secrets.js';
import { DEFAULT_TIMEOUTS, type SmtpSettings, sendOnce } from '../../mail/smtp.js';
import { probeSmtp } from '../../mail/smtp-probe.js';
import { systemActor } from '../auth/auth.js';
import { type CaptureServer, startCaptureServer } from './capture-server.js';

/** The sandbox takes every valid address: its server offers SMTPUTF8, and its account says so from the start. */
let t: TestApp;
let capture: CaptureServer;
let account: Row<'smtp_accounts'>;

function settings(): SmtpSettings {
  return {
    host: account.host,
    port: account.port,
    security: account.security,
    username: account.username,
    password: account.password_enc
      ? t.container.secrets.open(account.password_enc, secretAad(account.id, 'password'))
      : null,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  capture = await startCaptureServer({
    host: '127.0.0.1',
    port: 0,
    maxMessageBytes: 200_000,
    store: (envelope, raw) => t.container.services.sandbox.capture(envelope, raw),
    authenticate: (username, pass) => t.container.services.accounts.isCaptureLogin(username, pass),
  });
  account = await t.container.services.accounts.ensureCaptureAccount('127.0.0.1', capture.port);
});
afterAll(async () => {
  await capture?.close();
  await t?.close();
});

describe('capture SMTP and internationalised addresses', () => {
  it('the capture account is known to take UTF-8 local parts, and its server’s EHLO agrees', async () => {
    expect(account.smtputf8).toBe('offered');
    expect(await probeSmtp(settings(), DEFAULT_TIMEOUTS)).toEqual({ smtpUtf8: true });
  });

  it('stores the envelope of a UTF-8 local part and of a Punycode domain in Unicode', async () => {
    const raw = Buffer.from(
      'From: zwrotne@listonosz.test\r\nTo: =?UTF-8?Q?J=C3=B3zef?= <józef@przykład.pl>\r\nSubject: IDN\r\n\r\nTreść\r\n',
    );
    expect(await sendOnce(settings(), raw, { from: 'zwrotne@listonosz.test', to: 'józef@przykład.pl' })).toMatch(
      /^250 /,
    );
    expect(await sendOnce(settings(), raw, { from: 'zwrotne@listonosz.test', to: 'jan@żółw.pl' })).toMatch(/^250 /);
    const page = await t.container.services.sandbox.list(systemActor(), { limit: 10 });
    expect(page.items.map((m) => m.rcptTo)).toEqual(expect.arrayContaining([['józef@przykład.pl'], ['jan@żółw.pl']]));
  });
});

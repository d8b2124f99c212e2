import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dovecot, startDovecot } from './dovecot.js';

const bounce = (n: number) =>
  [
    'From: Mail Delivery System <MAILER-DAEMON@example.pl>',
    'To: bounces+abc@example.pl',
    `Subject: Niedostarczalne: zawiadomienie ${n} — zażółć gęślą jaźń`,
    `Message-ID: <bounce-${n}@example.pl>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Nie udało się dostarczyć wiadomości.',
    '',
  ].join('\r\n');

describe('a private Dovecot for the tests', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    const started = Date.now();
    dovecot = await startDovecot({ tls: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
  afterAll(() => dovecot?.stop());

  it('keeps each user apart, appends with flags and lists folders and messages', async () => {
    await dovecot.addUser('alice');
    await dovecot.addUser('bob', 'hasło-bez-dwukropka');
    const uid = await dovecot.append('alice', 'INBOX', bounce(1));
    await dovecot.append('alice', 'INBOX', bounce(2), ['\\Seen']);
    await dovecot.append('alice', 'Listonosz/Zwroty', bounce(3));
    expect(uid).toBe(1);

    expect(await dovecot.folders('alice')).toEqual(['INBOX', 'Listonosz', 'Listonosz/Zwroty']);
    const inbox = await dovecot.messages('alice', 'INBOX');
    expect(inbox.map((m) => [m.uid, m.subject, m.flags, m.messageId])).toEqual([
      [1, 'Niedostarczalne: zawiadomienie 1 — zażółć gęślą jaźń', [], '<bounce-1@example.pl>'],
      [2, 'Niedostarczalne: zawiadomienie 2 — zażółć gęślą jaźń', ['\\Seen'], '<bounce-2@example.pl>'],
    ]);
    expect(inbox[0]?.raw.toString()).toContain('Nie udało się dostarczyć wiadomości.');
    expect(await dovecot.messages('bob', 'INBOX')).toEqual([]);
  });

  it('refuses a wrong password, and logs it', async () => {
    await dovecot.addUser('carol', 'right');
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      logger: false,
      auth: { user: 'carol', pass: 'wrong' },
    });
    client.on('error', () => {});
    await expect(client.connect()).rejects.toMatchObject({ authenticationFailed: true });
  });

  it('serves implicit TLS with its self-signed certificate, and STARTTLS on the plain port', async () => {
    await dovecot.addUser('dave', 'secret');
    await dovecot.append('dave', 'INBOX', bounce(4));
    expect(dovecot.certificate).toContain('BEGIN CERTIFICATE');
    for (const [port, secure, doSTARTTLS] of [
      [dovecot.tlsPort, true, undefined],
      [dovecot.port, false, true],
    ] as const) {
      const client = new ImapFlow({
        host: dovecot.host,
        port: port ?? 0,
        secure,
        doSTARTTLS,
        logger: false,
        auth: { user: 'dave', pass: 'secret' },
        tls: { ca: [dovecot.certificate ?? ''] },
      });
      client.on('error', () => {});
      await client.connect();
      expect(client.secureConnection).toBe(true);
      const status = await client.status('INBOX', { messages: true });
      expect(status ? status.messages : null).toBe(1);
      await client.logout();
    }
  });

  it('stops: the process is gone and the port closed', async () => {
    const other = await startDovecot();
    await other.addUser('eve');
    await other.append('eve', 'INBOX', bounce(5));
    await other.stop();
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: other.port,
      secure: false,
      logger: false,
      auth: { user: 'eve', pass: 'pw-eve' },
      connectionTimeout: 2_000,
    });
    client.on('error', () => {});
    await expect(client.connect()).rejects.toThrow();
  });
});

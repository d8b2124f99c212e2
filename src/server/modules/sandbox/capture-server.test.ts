import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import type { Row } from '../../db/schema.js';
import { secretAad } from '../../mail/account-secrets.js';
import { CAPTURE_USERNAME } from '../accounts/capture-login.js';
import { systemActor } from '../auth/auth.js';
import { AUTH_FAILED, AUTH_REQUIRED, type CaptureServer, startCaptureServer } from './capture-server.js';

const LIMIT = 200_000;

let t: TestApp;
let capture: CaptureServer;
let account: Row<'smtp_accounts'>;
let password: string;

beforeAll(async () => {
  t = await createTestApp({ realClock: true });
  capture = await startCaptureServer({
    host: '127.0.0.1',
    port: 0,
    maxMessageBytes: LIMIT,
    store: (envelope, raw) => t.container.services.sandbox.capture(envelope, raw),
    authenticate: (username, pass) => t.container.services.accounts.isCaptureLogin(username, pass),
  });
  account = await t.container.services.accounts.ensureCaptureAccount('127.0.0.1', capture.port);
  password = t.container.secrets.open(account.password_enc as string, secretAad(account.id, 'password'));
});
afterAll(async () => {
  await capture?.close();
  await t?.close();
});

/** A client as the application configures it for the sandbox account, or with the given login (or none). */
function transport(auth: { user: string; pass: string } | null = { user: CAPTURE_USERNAME, pass: password }) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: capture.port,
    secure: false,
    ignoreTLS: true,
    ...(auth ? { auth } : {}),
  });
}

const stored = async () => (await t.container.services.sandbox.list(systemActor(), { limit: 200 })).items.length;

describe('embedded capture SMTP', () => {
  it('stores what it receives, with envelope, headers and the raw .eml, Polish text intact', async () => {
    const info = await transport().sendMail({
      from: '"Administracja Osiedla" <biuro@example.pl>',
      to: '"Zofia Łukasik" <zofia@example.pl>',
      subject: 'Zawiadomienie o wysokości opłat — ul. Źródlana 5/12',
      text: 'Szanowna Pani, w załączeniu zawiadomienie.',
      attachments: [{ filename: 'zawiadomienie_ł.pdf', content: Buffer.from('%PDF-1.4 test') }],
    });
    expect(info.response).toMatch(/^250 /);
    const page = await t.container.services.sandbox.list(systemActor(), { limit: 10 });
    const item = page.items.find((m) => m.subject.includes('Źródlana'));
    expect(item).toMatchObject({ mailFrom: 'biuro@example.pl', rcptTo: ['zofia@example.pl'], messageId: null });
    const detail = await t.container.services.sandbox.get(systemActor(), item!.id);
    expect(detail.text).toContain('w załączeniu zawiadomienie');
    expect(detail.attachments).toEqual([
      expect.objectContaining({ filename: 'zawiadomienie_ł.pdf', contentType: 'application/pdf' }),
    ]);
    const raw = await t.container.services.sandbox.raw(systemActor(), item!.id);
    expect(raw.toString('utf8')).toMatch(/^Content-Type: multipart\/mixed/m);
  });

  it('links a captured e-mail to its message by Message-ID', async () => {
    const draft = await t.container.services.messages.createDraft(systemActor(), {
      accountId: account.id,
      recipientId: null,
      toName: 'Jan Nowak',
      toAddress: 'jan@example.pl',
      subject: 'Test',
      html: '',
      text: 'Treść',
      documentType: null,
    });
    await transport().sendMail({
      from: account.from_address,
      to: 'jan@example.pl',
      subject: 'Test',
      text: 'Treść',
      messageId: draft.messageIdHeader,
    });
    const page = await t.container.services.sandbox.list(systemActor(), { limit: 10 });
    expect(page.items[0]).toMatchObject({ messageId: draft.id, accountId: account.id });
  });

  it('the application’s own sending (the worker, with the sandbox account) lands in the sandbox', async () => {
    const draft = await t.container.services.messages.createDraft(systemActor(), {
      accountId: account.id,
      recipientId: null,
      toName: 'Ewa Kowalczyk',
      toAddress: 'ewa@example.pl',
      subject: 'Wysłane przez kolejkę',
      html: '',
      text: 'Treść',
      documentType: null,
    });
    await t.container.services.delivery.queue(systemActor(), {
      selection: { ids: [draft.id] },
      dryRun: false,
      sendAt: null,
    });
    const worker = t.container.createSendingWorker({ onError: (err) => console.error(err) });
    worker.start();
    try {
      const until = Date.now() + 15_000;
      for (;;) {
        const row = await t.container.db
          .selectFrom('messages')
          .select(['status', 'last_error'])
          .where('id', '=', draft.id)
          .executeTakeFirstOrThrow();
        if (row.status === 'sent') break;
        if (Date.now() > until) throw new Error(`not sent: ${JSON.stringify(row)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await worker.stop();
    }
    const page = await t.container.services.sandbox.list(systemActor(), { limit: 10 });
    expect(page.items[0]).toMatchObject({ messageId: draft.id, subject: 'Wysłane przez kolejkę' });
  });
});

describe('only this instance may hand the sandbox mail', () => {
  const mail = { from: 'obcy@example.pl', to: 'ktos@example.pl', subject: 'Spam', text: 'x' };

  it('a client without a login is refused at MAIL FROM and nothing is stored', async () => {
    const before = await stored();
    const err = await transport(null)
      .sendMail(mail)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ responseCode: 530, command: 'MAIL FROM' });
    expect(String((err as Error).message)).toContain(AUTH_REQUIRED);
    expect(await stored()).toBe(before);
  });

  it.each([
    ['a wrong password', () => ({ user: CAPTURE_USERNAME, pass: 'zgadywane-haslo' })],
    ['the right password for another user', () => ({ user: 'admin', pass: password })],
    ['the password with one character changed', () => ({ user: CAPTURE_USERNAME, pass: `${password.slice(0, -1)}_` })],
  ])('a login with %s is refused with 535 and nothing is stored', async (_name, auth) => {
    const before = await stored();
    const err = await transport(auth())
      .sendMail(mail)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EAUTH', responseCode: 535 });
    expect(String((err as Error).message)).toContain(AUTH_FAILED);
    expect(await stored()).toBe(before);
  });

  it('a sandbox account of an older version (no login) gets one at start, and the old one stops working', async () => {
    await t.container.db
      .updateTable('smtp_accounts')
      .set({ username: null, password_enc: null })
      .where('id', '=', account.id)
      .execute();
    expect(await t.container.services.accounts.isCaptureLogin(CAPTURE_USERNAME, password)).toBe(false);
    const renewed = await t.container.services.accounts.ensureCaptureAccount('127.0.0.1', capture.port);
    expect(renewed.username).toBe(CAPTURE_USERNAME);
    const fresh = t.container.secrets.open(renewed.password_enc as string, secretAad(renewed.id, 'password'));
    expect(fresh).not.toBe(password);
    expect(fresh.length).toBeGreaterThanOrEqual(43);
    password = fresh;
    expect((await transport().sendMail(mail)).response).toMatch(/^250 /);
  });
});

/** An SMTP session over a raw socket: each command waits for its reply (lines starting with the code). */
function rawSession() {
  const socket = net.connect(capture.port, '127.0.0.1');
  let buffer = '';
  let closed = false;
  const waiters: { code: RegExp; resolve: (line: string) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const line = buffer.split('\r\n').find((l) => w.code.test(l));
      if (line) {
        buffer = buffer.slice(buffer.indexOf(line) + line.length);
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  socket.on('data', (d) => {
    buffer += d.toString('latin1');
    check();
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    closed = true;
  });
  const reply = (code: RegExp) => new Promise<string>((resolve) => waiters.push({ code, resolve }) && check());
  return {
    socket,
    reply,
    get closed() {
      return closed;
    },
    async command(line: string, code: RegExp) {
      const answer = reply(code);
      socket.write(`${line}\r\n`);
      return answer;
    },
  };
}

describe('a message over the size limit', () => {
  it('is refused with 552 as soon as it passes the limit: the rest is never read, nothing is stored', async () => {
    const before = await stored();
    const s = rawSession();
    await s.reply(/^220 /);
    await s.command('EHLO test', /^250 /);
    const plain = Buffer.from(`\0${CAPTURE_USERNAME}\0${password}`).toString('base64');
    await s.command(`AUTH PLAIN ${plain}`, /^235 /);
    await s.command('MAIL FROM:<obcy@example.pl>', /^250 /);
    await s.command('RCPT TO:<ktos@example.pl>', /^250 /);
    await s.command('DATA', /^354 /);
    const refused = s.reply(/^552 /);
    let answered = false;
    void refused.then(() => {
      answered = true;
    });
    // Up to 40 times the limit, 64 KB at a time, stopping once the server has answered or hung up.
    const chunk = Buffer.from(`${'x'.repeat(1022)}\r\n`.repeat(64));
    let written = 0;
    while (written < 40 * LIMIT && !answered && !s.closed) {
      if (!s.socket.write(chunk)) await new Promise((r) => s.socket.once('drain', r));
      written += chunk.length;
      await new Promise((r) => setImmediate(r));
    }
    const line = await Promise.race([refused, new Promise<string>((r) => setTimeout(() => r('no reply'), 5000))]);
    expect(line).toMatch(/^552 .*maximum message size/);
    // Cut off near the limit (socket buffers hold a little more), not after reading 40 times as much.
    expect(written).toBeLessThan(4 * LIMIT);
    s.socket.destroy();
    expect(await stored()).toBe(before);
  });

  it('nodemailer (as the worker sends) gets 552, and the next message on a new connection is taken', async () => {
    const before = await stored();
    await expect(
      transport().sendMail({ from: 'a@example.pl', to: 'b@example.pl', subject: 'duży', text: 'x'.repeat(3 * LIMIT) }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(await stored()).toBe(before);
    const ok = await transport().sendMail({ from: 'a@example.pl', to: 'b@example.pl', subject: 'mały', text: 'x' });
    expect(ok.response).toMatch(/^250 /);
  });
});

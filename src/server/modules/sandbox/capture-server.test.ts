import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { systemActor } from '../auth/auth.js';
import { type CaptureServer, startCaptureServer } from './capture-server.js';

let t: TestApp;
let capture: CaptureServer;

beforeAll(async () => {
  t = await createTestApp();
  capture = await startCaptureServer({
    host: '127.0.0.1',
    port: 0,
    maxMessageBytes: 200_000,
    store: (envelope, raw) => t.container.services.sandbox.capture(envelope, raw),
  });
});
afterAll(async () => {
  await capture?.close();
  await t?.close();
});

function transport() {
  return nodemailer.createTransport({ host: '127.0.0.1', port: capture.port, secure: false, ignoreTLS: true });
}

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
    const account = await t.container.services.accounts.ensureCaptureAccount('127.0.0.1', capture.port);
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

  it('refuses a message over the size limit with 552 and stores nothing', async () => {
    const before = (await t.container.services.sandbox.list(systemActor(), { limit: 100 })).items.length;
    await expect(
      transport().sendMail({ from: 'a@example.pl', to: 'b@example.pl', subject: 'duży', text: 'x'.repeat(300_000) }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect((await t.container.services.sandbox.list(systemActor(), { limit: 100 })).items.length).toBe(before);
  });
});

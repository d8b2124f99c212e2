import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createWorld, expectError, expectStatus, type World } from '../../../../test/support/world.js';

/** The sandbox mailbox: its attachments can be opened (by whoever may see the e-mail), and it can be searched. */

let t: TestApp;
let w: World;
let withPdf: string;
const PDF = Buffer.from('%PDF-1.4\n% zawiadomienie\n%%EOF\n');

function eml(messageIdHeader: string, subject: string, to: string) {
  return Buffer.from(
    [
      'From: Biuro <biuro@zarzadca.example.pl>',
      `To: ${to}`,
      `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
      `Message-ID: ${messageIdHeader}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Dzień dobry.',
      '--b1',
      'Content-Type: application/pdf; name="=?UTF-8?Q?zawiadomienie_=C5=BC=C3=B3=C5=82te.pdf?="',
      "Content-Disposition: attachment; filename*=UTF-8''zawiadomienie%20%C5%BC%C3%B3%C5%82te.pdf",
      'Content-Transfer-Encoding: base64',
      '',
      PDF.toString('base64'),
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  const make = async (session: typeof w.clerkA, accountId: string, subject: string, to: string) => {
    const res = await call(t, session, 'POST', '/api/messages', {
      accountId,
      toAddress: 'x@example.pl',
      subject,
      text: 'T',
    });
    return t.container.services.sandbox.capture(
      { mailFrom: 'zwrotne@zarzadca.example.pl', rcptTo: [to.replace(/.*</, '').replace('>', '')] },
      eml(expectStatus(res, 201).messageIdHeader, subject, to),
    );
  };
  withPdf = await make(w.clerkA, w.accountA, 'Opłaty za styczeń', 'Jan Kowalski <jan.kowalski@example.pl>');
  await make(w.clerkA, w.accountA, 'Rozliczenie wody', 'Ewa Żak <ewa.zak@example.pl>');
  await make(w.clerkB, w.accountB, 'Opłaty za luty', 'Olga Nowak <olga.nowak@example.pl>');
});
afterAll(() => t?.close());

describe('sandbox attachments', () => {
  it('downloads an attachment with its name and type, to whoever may see the e-mail', async () => {
    const res = await call(t, w.clerkA, 'GET', `/api/sandbox/messages/${withPdf}/attachments/0`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''zawiadomienie%20%C5%BC%C3%B3%C5%82te.pdf");
    expect(res.rawPayload.equals(PDF)).toBe(true);
    expect((await call(t, w.admin, 'GET', `/api/sandbox/messages/${withPdf}/attachments/0`)).statusCode).toBe(200);
  });

  it('refuses other positions, strangers and attachments that do not exist', async () => {
    expectError(await call(t, w.clerkB, 'GET', `/api/sandbox/messages/${withPdf}/attachments/0`), 403, 'forbidden');
    expectError(await call(t, null, 'GET', `/api/sandbox/messages/${withPdf}/attachments/0`), 401, 'unauthenticated');
    expectError(await call(t, w.clerkA, 'GET', `/api/sandbox/messages/${withPdf}/attachments/1`), 404, 'not_found');
    expectError(
      await call(t, w.clerkA, 'GET', `/api/sandbox/messages/${withPdf}/attachments/x`),
      400,
      'validation_failed',
    );
  });
});

describe('sandbox search', () => {
  const subjects = async (session: typeof w.admin, q: string) =>
    (
      expectStatus(await call(t, session, 'GET', `/api/sandbox/messages?q=${encodeURIComponent(q)}`), 200).items as {
        subject: string;
      }[]
    ).map((m) => m.subject);

  it('finds by a piece of the subject or an address, any letter case, within what the user may see', async () => {
    expect((await subjects(w.admin, 'opłaty')).sort()).toEqual(['Opłaty za luty', 'Opłaty za styczeń']);
    expect(await subjects(w.admin, 'JAN.KOWALSKI@')).toEqual(['Opłaty za styczeń']);
    expect(await subjects(w.admin, 'ewa.zak')).toEqual(['Rozliczenie wody']);
    expect(await subjects(w.clerkA, 'opłaty')).toEqual(['Opłaty za styczeń']);
    expect(await subjects(w.admin, '%')).toEqual([]);
  });
});

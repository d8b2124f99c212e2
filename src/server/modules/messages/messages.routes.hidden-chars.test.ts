import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createWorld, expectFieldError, expectStatus, upload, type World } from '../../../../test/support/world.js';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

const HIDDEN_MESSAGE = /^Tekst zawiera niewidoczny znak sterujący \(U\+[0-9A-F]{4}\)/;
const DRAFT = {
  toName: 'Anna Wiśniewska',
  toAddress: 'anna.wisniewska@example.pl',
  subject: 'Zawiadomienie o wysokości opłat',
  text: 'Treść.',
};

describe('drafts: hidden characters a clerk typed or pasted', () => {
  it('refuses a bidi override or a control character in the subject and the recipient name, storing nothing', async () => {
    const before = await t.container.db.selectFrom('messages').select('id').execute();
    for (const [field, value] of [
      ['subject', 'Faktura\u202Efdp.exe'],
      ['subject', 'Opłaty\u0007'],
      ['subject', 'Opłaty\u2066 kwiecień\u2069'],
      ['toName', 'Anna\u200F Wiśniewska'],
      ['toName', 'Anna\u0085Wiśniewska'],
    ] as const) {
      expectFieldError(
        await call(t, w.clerkA, 'POST', '/api/messages', { ...DRAFT, accountId: w.accountA, [field]: value }),
        field,
        HIDDEN_MESSAGE,
      );
    }
    expect(await t.container.db.selectFrom('messages').select('id').execute()).toEqual(before);

    const draft = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/messages', { ...DRAFT, accountId: w.accountA }),
      201,
    );
    expectFieldError(
      await call(t, w.clerkA, 'PATCH', `/api/messages/${draft.id}`, { subject: 'Nowy\u202Dtemat' }),
      'subject',
      HIDDEN_MESSAGE,
    );
    expect(expectStatus(await call(t, w.clerkA, 'GET', `/api/messages/${draft.id}`), 200).subject).toBe(DRAFT.subject);
  });

  it('refuses an attachment whose name hides its extension, storing nothing', async () => {
    const draft = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/messages', { ...DRAFT, accountId: w.accountA }),
      201,
    );
    const res = await upload(t, w.clerkA, `/api/messages/${draft.id}/attachments`, {
      filename: 'faktura\u202Efdp.exe',
      contentType: 'application/pdf',
      data: Buffer.from('%PDF-1.4\n'),
    });
    expectFieldError(res, 'file', 'Niedozwolony znak w nazwie pliku.');
    expect(res.json().error.message).toMatch(/^Nazwa pliku zawiera niewidoczny znak sterujący \(U\+202E\)/);
    expect(expectStatus(await call(t, w.clerkA, 'GET', `/api/messages/${draft.id}`), 200).attachments).toEqual([]);
  });

  it('freezes a message stored before the check without the hidden characters in its headers', async () => {
    const draft = expectStatus(
      await call(t, w.clerkA, 'POST', '/api/messages', { ...DRAFT, accountId: w.accountA }),
      201,
    );
    await t.container.db
      .updateTable('messages')
      .set({ subject: 'Faktura\u202Efdp.exe\r\nBcc: x@example.com', to_name: 'Anna\u2067 W.' })
      .where('id', '=', draft.id)
      .execute();
    expectStatus(await call(t, w.clerkA, 'POST', `/api/messages/${draft.id}/queue`), 200);
    const row = await t.container.db
      .selectFrom('messages')
      .select('eml_sha256')
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow();
    const eml = await t.container.services.blobs.get(t.container.db, row.eml_sha256!);
    const parsed = await simpleParser(eml!);
    expect(parsed.subject).toBe('Fakturafdp.exe Bcc: x@example.com');
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.name : null).toBe('Anna W.');
  });
});

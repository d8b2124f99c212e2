import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import { expectedOrder, expectSameSequence, pageThrough } from '../../../../test/support/paging.js';
import {
  createWorld,
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  type RouteCase,
  type World,
} from '../../../../test/support/world.js';

/** The capture SMTP's mailbox: what each position's sends produced, visible only to that position and admins. */

let t: TestApp;
let w: World;
const captured: { id: string; account: 'A' | 'B' | null; raw: Buffer }[] = [];

function eml(messageIdHeader: string, subject: string) {
  return Buffer.from(
    [
      'From: Biuro <biuro@zarzadca.example.pl>',
      'To: Jan Kowalski <jan.kowalski@example.pl>',
      `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
      `Message-ID: ${messageIdHeader}`,
      'Date: Mon, 02 Mar 2026 10:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      `Dzień dobry, ${subject}.`,
      '',
    ].join('\r\n'),
  );
}

async function capture(session: Session, accountId: string, account: 'A' | 'B', subject: string) {
  const res = await call(t, session, 'POST', '/api/messages', {
    accountId,
    toAddress: 'jan.kowalski@example.pl',
    subject,
    text: 'Treść',
  });
  const raw = eml(expectStatus(res, 201).messageIdHeader, subject);
  const id = await t.container.services.sandbox.capture(
    { mailFrom: 'zwrotne@zarzadca.example.pl', rcptTo: ['jan.kowalski@example.pl'] },
    raw,
  );
  captured.push({ id, account, raw });
  return id;
}

const ofAccount = (account: 'A' | 'B' | null) => captured.filter((c) => c.account === account).map((c) => c.id);
let capturedA: string;
let capturedB: string;
let unlinked: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  capturedA = await capture(w.clerkA, w.accountA, 'A', 'Zawiadomienie o opłatach');
  capturedB = await capture(w.clerkB, w.accountB, 'B', 'Rozliczenie roczne');
  for (let i = 0; i < 9; i++) {
    if (i % 3 === 0) t.clock.advance(1000); // three captures per tick: ties on received_at
    await capture(i % 2 ? w.clerkA : w.clerkB, i % 2 ? w.accountA : w.accountB, i % 2 ? 'A' : 'B', `Wiadomość ${i}`);
  }
  const raw = eml('<obca@gdzie-indziej.example>', 'Nie z Listonosza');
  unlinked = await t.container.services.sandbox.capture({ mailFrom: 'x@example.pl', rcptTo: ['y@example.pl'] }, raw);
  captured.push({ id: unlinked, account: null, raw });
});
afterAll(() => t?.close());

describe('sandbox: authentication', () => {
  const routes: RouteCase[] = [
    { method: 'GET', url: '/api/sandbox/messages' },
    { method: 'GET', url: `/api/sandbox/messages/${MISSING_ID}` },
    { method: 'GET', url: `/api/sandbox/messages/${MISSING_ID}/raw` },
  ];
  it.each(routes)('anonymous $method $url → 401', async ({ method, url }) => {
    expectError(await call(t, null, method, url), 401, 'unauthenticated');
  });
});

describe('sandbox: scoping', () => {
  it('links captured mail to its message and account by Message-ID', async () => {
    const rows = await t.container.db
      .selectFrom('captured_messages')
      .select(['id', 'account_id', 'message_id'])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(capturedA)).toMatchObject({ account_id: w.accountA, message_id: expect.any(String) });
    expect(byId.get(capturedB)?.account_id).toBe(w.accountB);
    expect(byId.get(unlinked)).toMatchObject({ account_id: null, message_id: null });
  });

  it('each clerk lists only their own account’s captured mail; an admin lists all', async () => {
    const list = async (s: Session) =>
      (expectStatus(await call(t, s, 'GET', '/api/sandbox/messages?limit=200'), 200).items as { id: string }[])
        .map((m) => m.id)
        .sort();
    expect(await list(w.clerkA)).toEqual(ofAccount('A').sort());
    expect(await list(w.clerkB)).toEqual(ofAccount('B').sort());
    expect(await list(w.admin)).toEqual(captured.map((c) => c.id).sort());
  });

  it("a clerk gets 403 for another position's or unlinked mail, and its .eml", async () => {
    for (const id of [capturedB, unlinked]) {
      expectError(
        await call(t, w.clerkA, 'GET', `/api/sandbox/messages/${id}`),
        403,
        'forbidden',
        'Ta wiadomość należy do konta innego stanowiska.',
      );
      expectError(await call(t, w.clerkA, 'GET', `/api/sandbox/messages/${id}/raw`), 403, 'forbidden');
    }
    expectError(await call(t, w.clerkB, 'GET', `/api/sandbox/messages/${capturedA}`), 403, 'forbidden');
  });

  it('the owner and an admin read the parsed message', async () => {
    for (const s of [w.clerkA, w.admin]) {
      const detail = expectStatus(await call(t, s, 'GET', `/api/sandbox/messages/${capturedA}`), 200);
      expect(detail).toMatchObject({
        subject: 'Zawiadomienie o opłatach',
        accountId: w.accountA,
        mailFrom: 'zwrotne@zarzadca.example.pl',
        rcptTo: ['jan.kowalski@example.pl'],
        to: '"Jan Kowalski" <jan.kowalski@example.pl>',
        attachments: [],
      });
      expect(detail.text).toContain('Dzień dobry, Zawiadomienie o opłatach.');
      expect(detail.headers).toContainEqual({ name: 'mime-version', value: '1.0' });
    }
    expect(expectStatus(await call(t, w.admin, 'GET', `/api/sandbox/messages/${unlinked}`), 200).accountId).toBeNull();
  });

  it('downloads the exact .eml bytes', async () => {
    const res = await call(t, w.clerkA, 'GET', `/api/sandbox/messages/${capturedA}/raw`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^message\/rfc822/);
    expect(res.headers['content-disposition']).toContain(`filename="${capturedA}.eml"`);
    expect(res.rawPayload.equals(captured.find((c) => c.id === capturedA)?.raw as Buffer)).toBe(true);
  });
});

describe('sandbox: pagination and validation', () => {
  it.each([1, 2, 5])('walks newest first without gaps or repeats (limit %i)', async (limit) => {
    const rows = await t.container.db
      .selectFrom('captured_messages')
      .select(['id', 'received_at', 'account_id'])
      .execute();
    expectSameSequence(
      await pageThrough(t, w.admin, '/api/sandbox/messages', limit),
      expectedOrder(
        rows,
        (r) => r.received_at,
        (r) => r.id,
        'desc',
      ),
    );
    expectSameSequence(
      await pageThrough(t, w.clerkB, '/api/sandbox/messages', limit),
      expectedOrder(
        rows.filter((r) => r.account_id === w.accountB),
        (r) => r.received_at,
        (r) => r.id,
        'desc',
      ),
    );
  });

  it('rejects malformed ids, cursors and limits; unknown ids are 404', async () => {
    expectFieldError(
      await call(t, w.admin, 'GET', '/api/sandbox/messages/abc'),
      'params.id',
      'Nieprawidłowy identyfikator.',
    );
    expectFieldError(await call(t, w.admin, 'GET', '/api/sandbox/messages/abc/raw'), 'params.id', /identyfikator/);
    expectFieldError(await call(t, w.admin, 'GET', '/api/sandbox/messages?cursor=%%%'), 'cursor', /znacznik strony/);
    expectFieldError(await call(t, w.admin, 'GET', '/api/sandbox/messages?limit=0'), 'querystring.limit', /.+/);
    expectError(await call(t, w.admin, 'GET', `/api/sandbox/messages/${MISSING_ID}`), 404, 'not_found');
    expectError(await call(t, w.clerkA, 'GET', `/api/sandbox/messages/${MISSING_ID}/raw`), 404, 'not_found');
  });
});

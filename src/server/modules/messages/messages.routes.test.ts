import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createUser, login, type Session, type TestApp } from '../../../../test/support/app.js';
import {
  createWorld,
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  type RouteCase,
  rawRequest,
  upload,
  type World,
} from '../../../../test/support/world.js';
import { MAILBOX_STATUSES, type Mailbox, type MessageStatus, mailboxOf } from '../../../shared/messages.js';

let t: TestApp;
let w: World;
/** A draft on account B (clerk B's), with an attachment. */
let draftB: string;
let attachmentB: string;

const MAILBOXES = Object.keys(MAILBOX_STATUSES) as Mailbox[];
const STATUSES: MessageStatus[] = ['draft', 'queued', 'held', 'sent', 'complained', 'failed', 'bounced', 'cancelled'];

const draft = (accountId: string, extra: Record<string, unknown> = {}) => ({
  accountId,
  toName: 'Jan Kowalski',
  toAddress: 'jan.kowalski@example.pl',
  subject: 'Zawiadomienie o wysokości opłat',
  text: 'Dzień dobry, w załączniku zawiadomienie.',
  ...extra,
});

async function createDraft(session: Session, accountId: string, extra: Record<string, unknown> = {}) {
  return expectStatus(await call(t, session, 'POST', '/api/messages', draft(accountId, extra)), 201).id as string;
}

/** Messages in the non-draft mailboxes come from the sending engine; here their status is set directly. */
async function setStatus(id: string, status: MessageStatus) {
  await t.container.db
    .updateTable('messages')
    .set({ status, mailbox: mailboxOf(status) })
    .where('id', '=', id)
    .execute();
}

async function idsIn(mailbox: Mailbox, accountIds: string[]) {
  const rows = await t.container.db
    .selectFrom('messages')
    .select('id')
    .where('mailbox', '=', mailbox)
    .where('account_id', 'in', accountIds)
    .execute();
  return rows.map((r) => r.id).sort();
}

async function listed(session: Session, mailbox: Mailbox, query = '') {
  const page = expectStatus(await call(t, session, 'GET', `/api/mailboxes/${mailbox}?limit=200${query}`), 200);
  expect(page.nextCursor).toBeNull();
  return (page.items as { id: string }[]).map((m) => m.id).sort();
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  for (const [session, account] of [
    [w.clerkA, w.accountA],
    [w.clerkB, w.accountB],
  ] as const) {
    for (const status of STATUSES) {
      const id = await createDraft(session, account, { subject: `Wiadomość ${status}` });
      if (status !== 'draft') await setStatus(id, status);
    }
  }
  draftB = await createDraft(w.clerkB, w.accountB, { subject: 'Rozliczenie wody' });
  const withFile = await upload(t, w.clerkB, `/api/messages/${draftB}/attachments`, {
    filename: 'rozliczenie.pdf',
    contentType: 'application/pdf',
    data: Buffer.from('%PDF-1.4 rozliczenie'),
  });
  attachmentB = expectStatus(withFile, 201).attachments[0].id;
});
afterAll(() => t?.close());

describe('messages: authentication', () => {
  const routes: RouteCase[] = [
    { method: 'GET', url: '/api/mailboxes/counts' },
    ...MAILBOXES.map((m): RouteCase => ({ method: 'GET', url: `/api/mailboxes/${m}` })),
    { method: 'POST', url: '/api/messages', body: draft(MISSING_ID) },
    { method: 'GET', url: `/api/messages/${MISSING_ID}` },
    { method: 'PATCH', url: `/api/messages/${MISSING_ID}`, body: { subject: 'X' } },
    { method: 'DELETE', url: `/api/messages/${MISSING_ID}` },
    { method: 'POST', url: `/api/messages/${MISSING_ID}/cancel` },
    { method: 'POST', url: `/api/messages/${MISSING_ID}/attachments` },
    { method: 'GET', url: `/api/messages/${MISSING_ID}/attachments/${MISSING_ID}` },
    { method: 'DELETE', url: `/api/messages/${MISSING_ID}/attachments/${MISSING_ID}` },
  ];
  it.each(routes)('anonymous $method $url → 401', async ({ method, url, body }) => {
    expectError(await call(t, null, method, url, body), 401, 'unauthenticated');
  });

  it('an anonymous upload is refused before the file is read', async () => {
    const res = await upload(t, null, `/api/messages/${draftB}/attachments`, {
      filename: 'x.pdf',
      contentType: 'application/pdf',
      data: Buffer.from('x'),
    });
    expectError(res, 401, 'unauthenticated');
  });
});

describe("messages: a clerk cannot touch another position's messages", () => {
  it("may not create a draft on the other position's account", async () => {
    const before = await idsIn('drafts', [w.accountB]);
    expectError(
      await call(t, w.clerkA, 'POST', '/api/messages', draft(w.accountB)),
      403,
      'forbidden',
      'Nie możesz wysyłać z konta, które nie należy do Twojego stanowiska.',
    );
    expect(await idsIn('drafts', [w.accountB])).toEqual(before);
  });

  it("may not move their own draft to the other position's account", async () => {
    const own = await createDraft(w.clerkA, w.accountA);
    expectError(await call(t, w.clerkA, 'PATCH', `/api/messages/${own}`, { accountId: w.accountB }), 403, 'forbidden');
    expect(expectStatus(await call(t, w.clerkA, 'GET', `/api/messages/${own}`), 200).accountId).toBe(w.accountA);
  });

  it.each<RouteCase>([
    { method: 'GET', url: '/api/messages/:B' },
    { method: 'PATCH', url: '/api/messages/:B', body: { subject: 'Przejęta' } },
    { method: 'DELETE', url: '/api/messages/:B' },
    { method: 'POST', url: '/api/messages/:B/cancel' },
    { method: 'GET', url: '/api/messages/:B/attachments/:F' },
    { method: 'DELETE', url: '/api/messages/:B/attachments/:F' },
  ])('$method $url → 403 and the message is unchanged', async ({ method, url, body }) => {
    const before = expectStatus(await call(t, w.admin, 'GET', `/api/messages/${draftB}`), 200);
    const res = await call(t, w.clerkA, method, url.replace(':B', draftB).replace(':F', attachmentB), body);
    expectError(res, 403, 'forbidden', 'Ta wiadomość należy do konta innego stanowiska.');
    expect(expectStatus(await call(t, w.admin, 'GET', `/api/messages/${draftB}`), 200)).toEqual(before);
  });

  it('may not attach a file to it', async () => {
    const res = await upload(t, w.clerkA, `/api/messages/${draftB}/attachments`, {
      filename: 'obcy.pdf',
      contentType: 'application/pdf',
      data: Buffer.from('%PDF obcy'),
    });
    expectError(res, 403, 'forbidden');
    expect(expectStatus(await call(t, w.admin, 'GET', `/api/messages/${draftB}`), 200).attachments).toHaveLength(1);
  });

  it('the owner and an admin can read it and its attachment', async () => {
    for (const s of [w.clerkB, w.admin]) {
      expect(expectStatus(await call(t, s, 'GET', `/api/messages/${draftB}`), 200).subject).toBe('Rozliczenie wody');
      const file = await call(t, s, 'GET', `/api/messages/${draftB}/attachments/${attachmentB}`);
      expect(file.statusCode).toBe(200);
      expect(file.body).toBe('%PDF-1.4 rozliczenie');
    }
  });
});

describe('messages: mailbox lists and counts are scoped', () => {
  it.each(MAILBOXES)('%s: each clerk sees only their own account’s messages', async (mailbox) => {
    const ownA = await idsIn(mailbox, [w.accountA]);
    expect(ownA.length).toBeGreaterThan(0);
    expect(await listed(w.clerkA, mailbox)).toEqual(ownA);
    expect(await listed(w.clerkB, mailbox)).toEqual(await idsIn(mailbox, [w.accountB]));
    expect(await listed(w.clerkA, mailbox, `&accountId=${w.accountA}`)).toEqual(ownA);
    expect(await listed(w.clerkA, mailbox, `&positionId=${w.positionA}`)).toEqual(ownA);
  });

  it.each(MAILBOXES)('%s: asking for the other account or position returns nothing', async (mailbox) => {
    expect(await listed(w.clerkA, mailbox, `&accountId=${w.accountB}`)).toEqual([]);
    expect(await listed(w.clerkA, mailbox, `&positionId=${w.positionB}`)).toEqual([]);
    expect(await listed(w.clerkB, mailbox, `&accountId=${w.accountA}`)).toEqual([]);
  });

  it.each(MAILBOXES)('%s: an admin sees both and can narrow to either', async (mailbox) => {
    expect(await listed(w.admin, mailbox)).toEqual(await idsIn(mailbox, [w.accountA, w.accountB]));
    expect(await listed(w.admin, mailbox, `&accountId=${w.accountB}`)).toEqual(await idsIn(mailbox, [w.accountB]));
    expect(await listed(w.admin, mailbox, `&positionId=${w.positionA}`)).toEqual(await idsIn(mailbox, [w.accountA]));
  });

  it('counts follow the same scope', async () => {
    const expected = async (accounts: string[]) =>
      Object.fromEntries(await Promise.all(MAILBOXES.map(async (m) => [m, (await idsIn(m, accounts)).length])));
    expect(expectStatus(await call(t, w.clerkA, 'GET', '/api/mailboxes/counts'), 200)).toEqual(
      await expected([w.accountA]),
    );
    expect(expectStatus(await call(t, w.clerkB, 'GET', '/api/mailboxes/counts'), 200)).toEqual(
      await expected([w.accountB]),
    );
    expect(expectStatus(await call(t, w.admin, 'GET', '/api/mailboxes/counts'), 200)).toEqual(
      await expected([w.accountA, w.accountB]),
    );
  });

  it('a clerk without a position sees empty mailboxes and zero counts', async () => {
    await createUser(t, 'bez-stanowiska', 'clerk');
    const s = await login(t, 'bez-stanowiska');
    for (const mailbox of MAILBOXES) expect(await listed(s, mailbox)).toEqual([]);
    expect(expectStatus(await call(t, s, 'GET', '/api/mailboxes/counts'), 200)).toEqual({
      drafts: 0,
      outbox: 0,
      sent: 0,
      failed: 0,
      cancelled: 0,
    });
  });
});

describe('messages: validation', () => {
  it('rejects a bad recipient address in create and edit', async () => {
    expectFieldError(
      await call(t, w.clerkA, 'POST', '/api/messages', draft(w.accountA, { toAddress: 'jan.kowalski@' })),
      'toAddress',
      'Nieprawidłowy adres e-mail — sprawdź, czy nie ma literówki.',
    );
    const own = await createDraft(w.clerkA, w.accountA);
    expectFieldError(
      await call(t, w.clerkA, 'PATCH', `/api/messages/${own}`, { toAddress: 'jan kowalski@example.pl' }),
      'toAddress',
      /Nieprawidłowy adres e-mail/,
    );
  });

  it('names missing fields, refuses an empty message and unknown fields', async () => {
    const error = expectError(await call(t, w.clerkA, 'POST', '/api/messages', {}), 400, 'validation_failed');
    for (const path of ['accountId', 'toAddress', 'subject']) {
      expect(error.fields).toContainEqual({ path, message: 'To pole jest wymagane.' });
    }
    expectFieldError(
      await call(t, w.clerkA, 'POST', '/api/messages', draft(w.accountA, { text: '   ', html: '' })),
      'text',
      'Wpisz treść.',
    );
    expectFieldError(
      await call(t, w.clerkA, 'POST', '/api/messages', draft(w.accountA, { cc: 'szef@example.pl' })),
      '',
      'Nieznane pola: cc.',
    );
    const own = await createDraft(w.clerkA, w.accountA);
    expectFieldError(
      await call(t, w.clerkA, 'PATCH', `/api/messages/${own}`, { status: 'sent' }),
      '',
      'Nieznane pola: status.',
    );
  });

  it('refuses an unknown account or recipient without storing a draft', async () => {
    const before = await idsIn('drafts', [w.accountA, w.accountB]);
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/messages', draft(MISSING_ID)),
      'accountId',
      'Nieznane konto.',
    );
    expectFieldError(
      await call(t, w.admin, 'POST', '/api/messages', draft(w.accountA, { recipientId: MISSING_ID })),
      'recipientId',
      'Nieznany adresat.',
    );
    expect(await idsIn('drafts', [w.accountA, w.accountB])).toEqual(before);
  });

  it('rejects bad mailbox names, query values and cursors', async () => {
    expectFieldError(await call(t, w.admin, 'GET', '/api/mailboxes/inbox'), 'params.mailbox', /Nieprawidłowa opcja/);
    expectFieldError(await call(t, w.admin, 'GET', '/api/mailboxes/drafts?sort=size'), 'querystring.sort', /.+/);
    expectFieldError(await call(t, w.admin, 'GET', '/api/mailboxes/drafts?dir=up'), 'querystring.dir', /.+/);
    expectFieldError(await call(t, w.admin, 'GET', '/api/mailboxes/drafts?limit=201'), 'querystring.limit', /.+/);
    expectFieldError(
      await call(t, w.admin, 'GET', '/api/mailboxes/sent?from=1.03.2026'),
      'querystring.from',
      'Data w postaci RRRR-MM-DD.',
    );
    expectFieldError(
      await call(t, w.admin, 'GET', '/api/mailboxes/drafts?accountId=konto-a'),
      'querystring.accountId',
      'Nieprawidłowy identyfikator.',
    );
    for (const cursor of ['zzz', 'W10', Buffer.from('{"a":1}').toString('base64url')]) {
      expectFieldError(
        await call(t, w.admin, 'GET', `/api/mailboxes/drafts?cursor=${cursor}`),
        'cursor',
        'Nieprawidłowy znacznik strony.',
      );
    }
  });

  it('rejects malformed ids, malformed JSON and an oversized body', async () => {
    expectFieldError(await call(t, w.admin, 'GET', '/api/messages/42'), 'params.id', 'Nieprawidłowy identyfikator.');
    expectFieldError(
      await call(t, w.admin, 'GET', `/api/messages/${draftB}/attachments/plik`),
      'params.attachmentId',
      'Nieprawidłowy identyfikator.',
    );
    expectError(await call(t, w.admin, 'GET', `/api/messages/${MISSING_ID}`), 404, 'not_found');
    expectError(
      await rawRequest(t, w.admin, 'POST', '/api/messages', '{"subject": "x", }'),
      400,
      'fst_err_ctp_invalid_json_body',
      'Nieprawidłowy format danych (JSON).',
    );
    const big = JSON.stringify(draft(w.accountA, { html: `<p>${'x'.repeat(1_500_000)}</p>` }));
    expectError(await rawRequest(t, w.admin, 'POST', '/api/messages', big), 413, 'fst_err_ctp_body_too_large');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import {
  auditActions,
  createWorld,
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  type RouteCase,
  rawRequest,
  type World,
} from '../../../../test/support/world.js';
import type { MessageStatus } from '../../../shared/messages.js';
import { mailboxOf } from '../../../shared/messages.js';

/**
 * The delivery API's gatekeeping: who may call each route, whose messages a bulk selection reaches, and what
 * a malformed request gets back. Nothing here talks SMTP: no worker runs and no test send gets that far.
 */
let t: TestApp;
let w: World;

async function createDraft(session: Session, accountId: string, subject = 'Zawiadomienie o wysokości opłat') {
  const res = await call(t, session, 'POST', '/api/messages', {
    accountId,
    toName: 'Jan Kowalski',
    toAddress: 'jan.kowalski@example.pl',
    subject,
    text: 'Dzień dobry, w załączniku zawiadomienie.',
  });
  return expectStatus(res, 201).id as string;
}

/** A message in `status`: anything past draft is queued (frozen) by its owner first, as the engine needs. */
async function messageIn(session: Session, accountId: string, status: MessageStatus, subject?: string) {
  const id = await createDraft(session, accountId, subject);
  if (status === 'draft') return id;
  expect(expectStatus(await call(t, session, 'POST', `/api/messages/${id}/queue`, {}), 200).changed).toBe(1);
  if (status !== 'queued')
    await t.container.db
      .updateTable('messages')
      .set({ status, mailbox: mailboxOf(status) })
      .where('id', '=', id)
      .execute();
  return id;
}

async function row(id: string) {
  return t.container.db
    .selectFrom('messages')
    .select(['status', 'series', 'eml_sha256', 'updated_at', 'held_reason', 'parent_id', 'link_kind'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function statusesOf(accountId: string) {
  const rows = await t.container.db
    .selectFrom('messages')
    .select(['id', 'status', 'series', 'updated_at'])
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return rows;
}

async function circuitOf(accountId: string) {
  return expectStatus(await call(t, w.admin, 'GET', `/api/accounts/${accountId}`), 200).circuit.state as string;
}

const SELECT_MISSING = { selection: { ids: [MISSING_ID] } };

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

describe('delivery: every route needs a session and the CSRF token', () => {
  const routes: RouteCase[] = [
    { method: 'POST', url: '/api/messages/queue', body: SELECT_MISSING },
    { method: 'POST', url: '/api/messages/resend', body: SELECT_MISSING },
    { method: 'POST', url: '/api/messages/cancel', body: SELECT_MISSING },
    { method: 'POST', url: `/api/messages/${MISSING_ID}/queue`, body: {} },
    { method: 'POST', url: `/api/messages/${MISSING_ID}/resend` },
    { method: 'POST', url: `/api/messages/${MISSING_ID}/test-send` },
    { method: 'GET', url: `/api/messages/${MISSING_ID}/eml` },
    { method: 'GET', url: `/api/messages/${MISSING_ID}/receipt.pdf` },
    { method: 'POST', url: `/api/accounts/${MISSING_ID}/hold` },
    { method: 'POST', url: `/api/accounts/${MISSING_ID}/release` },
  ];

  it.each(routes)('anonymous $method $url → 401', async ({ method, url, body }) => {
    expectError(await call(t, null, method, url, body), 401, 'unauthenticated');
  });

  it.each(routes.filter((r) => r.method === 'POST'))(
    '$method $url without (or with a wrong) X-CSRF-Token → 403',
    async ({ method, url, body }) => {
      for (const headers of [{ cookie: w.admin.cookie }, { cookie: w.admin.cookie, 'x-csrf-token': 'falszywy' }]) {
        const res = await t.app.inject({ method, url, headers, ...(body ? { payload: body } : {}) });
        expectError(res, 403, 'forbidden', /Sesja wygasła lub żądanie nie pochodzi z aplikacji/);
      }
    },
  );

  it('a queue without the CSRF token changes nothing', async () => {
    const id = await createDraft(w.clerkA, w.accountA);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/messages/queue',
      headers: { cookie: w.clerkA.cookie },
      payload: { selection: { ids: [id] } },
    });
    expectError(res, 403, 'forbidden');
    expect((await row(id)).status).toBe('draft');
  });
});

describe("delivery: single-message routes refuse another position's message", () => {
  let draftB: string;
  let queuedB: string;
  let failedB: string;
  let sentB: string;

  beforeAll(async () => {
    draftB = await messageIn(w.clerkB, w.accountB, 'draft', 'Wiadomość B robocza');
    queuedB = await messageIn(w.clerkB, w.accountB, 'queued', 'Wiadomość B w kolejce');
    failedB = await messageIn(w.clerkB, w.accountB, 'failed', 'Wiadomość B z błędem');
    sentB = await messageIn(w.clerkB, w.accountB, 'sent', 'Wiadomość B wysłana');
    await t.container.db
      .updateTable('messages')
      .set({ sent_at: t.clock.now().toISOString(), smtp_response: '250 2.0.0 Ok: queued as ABC' })
      .where('id', '=', sentB)
      .execute();
  });

  it.each<[string, 'GET' | 'POST', string, () => string, unknown]>([
    ['queue a draft', 'POST', 'queue', () => draftB, {}],
    ['resend a failed message', 'POST', 'resend', () => failedB, undefined],
    ['send a test of it', 'POST', 'test-send', () => queuedB, undefined],
    ['download its .eml', 'GET', 'eml', () => queuedB, undefined],
    ['download its receipt', 'GET', 'receipt.pdf', () => sentB, undefined],
  ])('a clerk may not %s (→ 403) and nothing changes', async (_label, method, action, idOf, body) => {
    const id = idOf();
    const before = await row(id);
    const audited = await auditActions(t, id);
    const res = await call(t, w.clerkA, method, `/api/messages/${id}/${action}`, body);
    expectError(res, 403, 'forbidden', 'Ta wiadomość należy do konta innego stanowiska.');
    expect(await row(id)).toEqual(before);
    expect(await auditActions(t, id)).toEqual(audited);
  });

  it.each(['queue', 'resend', 'test-send', 'eml', 'receipt.pdf'])('%s of a missing message → 404', async (action) => {
    const method = action === 'eml' || action === 'receipt.pdf' ? 'GET' : 'POST';
    expectError(await call(t, w.admin, method, `/api/messages/${MISSING_ID}/${action}`), 404, 'not_found');
  });

  it('the owner and an admin may download the .eml', async () => {
    for (const s of [w.clerkB, w.admin]) {
      const res = await call(t, s, 'GET', `/api/messages/${queuedB}/eml`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('message/rfc822');
    }
  });
});

describe("delivery: bulk selections never reach another position's messages", () => {
  it('queue by ids: the other clerk’s draft is not matched and stays a draft', async () => {
    const ownA = await createDraft(w.clerkA, w.accountA);
    const foreign = await createDraft(w.clerkB, w.accountB);
    const res = await call(t, w.clerkA, 'POST', '/api/messages/queue', { selection: { ids: [ownA, foreign] } });
    expect(expectStatus(res, 200)).toEqual({ matched: 1, changed: 1, skipped: 0, held: 0 });
    expect((await row(ownA)).status).toBe('queued');
    expect(await row(foreign)).toMatchObject({ status: 'draft', eml_sha256: null });
    expect(await auditActions(t, foreign)).toEqual(['message.create']);
  });

  it('queue by filter: only the clerk’s own drafts are matched; the other account is untouched', async () => {
    const ownA = await createDraft(w.clerkA, w.accountA, 'Filtr wspólny');
    const foreign = await createDraft(w.clerkB, w.accountB, 'Filtr wspólny');
    const beforeB = await statusesOf(w.accountB);
    const input = { selection: { filter: { mailbox: 'drafts', q: 'filtr wspólny' } } };
    expect(
      expectStatus(await call(t, w.clerkA, 'POST', '/api/messages/queue', { ...input, dryRun: true }), 200),
    ).toEqual({ matched: 1, changed: 1, skipped: 0, held: 0 });
    expect(expectStatus(await call(t, w.clerkA, 'POST', '/api/messages/queue', input), 200)).toEqual({
      matched: 1,
      changed: 1,
      skipped: 0,
      held: 0,
    });
    expect((await row(ownA)).status).toBe('queued');
    expect((await row(foreign)).status).toBe('draft');
    expect(await statusesOf(w.accountB)).toEqual(beforeB);
  });

  it('naming the other account or position in the filter matches nothing', async () => {
    await createDraft(w.clerkB, w.accountB);
    const beforeB = await statusesOf(w.accountB);
    for (const filter of [
      { mailbox: 'drafts', accountId: w.accountB },
      { mailbox: 'drafts', positionId: w.positionB },
    ]) {
      for (const action of ['queue', 'cancel']) {
        const res = await call(t, w.clerkA, 'POST', `/api/messages/${action}`, { selection: { filter } });
        expect(expectStatus(res, 200)).toEqual({ matched: 0, changed: 0, skipped: 0, held: 0 });
      }
    }
    expect(await statusesOf(w.accountB)).toEqual(beforeB);
  });

  it('resend by ids and by filter: only the clerk’s own failed messages', async () => {
    const ownA = await messageIn(w.clerkA, w.accountA, 'failed');
    const foreign = await messageIn(w.clerkB, w.accountB, 'failed');
    const beforeB = await statusesOf(w.accountB);
    const byIds = await call(t, w.clerkA, 'POST', '/api/messages/resend', {
      selection: { ids: [foreign, ownA] },
      dryRun: true,
    });
    expect(expectStatus(byIds, 200)).toEqual({ matched: 1, changed: 1, skipped: 0, held: 0, created: [] });
    const byFilter = await call(t, w.clerkA, 'POST', '/api/messages/resend', {
      selection: { filter: { mailbox: 'failed' } },
    });
    const result = expectStatus(byFilter, 200);
    expect(result).toMatchObject({ matched: 1, changed: 1 });
    expect(await row(ownA)).toMatchObject({ status: 'failed', series: 0 });
    expect(await row(result.created[0])).toMatchObject({ status: 'queued', parent_id: ownA, link_kind: 'resend' });
    expect(await statusesOf(w.accountB)).toEqual(beforeB);
    expect(await auditActions(t, foreign)).not.toContain('message.resend');
  });

  it('cancel by ids and by filter: only the clerk’s own waiting messages', async () => {
    const ownA = await messageIn(w.clerkA, w.accountA, 'queued');
    const foreign = await messageIn(w.clerkB, w.accountB, 'queued');
    const beforeB = await statusesOf(w.accountB);
    const byIds = await call(t, w.clerkA, 'POST', '/api/messages/cancel', { selection: { ids: [ownA, foreign] } });
    expect(expectStatus(byIds, 200)).toEqual({ matched: 1, changed: 1, skipped: 0, held: 0 });
    expect((await row(ownA)).status).toBe('cancelled');
    const ownWaiting = (await statusesOf(w.accountA)).filter((m) => m.status === 'queued').length;
    expect(ownWaiting).toBeGreaterThan(0);
    const byFilter = await call(t, w.clerkA, 'POST', '/api/messages/cancel', {
      selection: { filter: { mailbox: 'outbox' } },
    });
    expect(expectStatus(byFilter, 200)).toEqual({ matched: ownWaiting, changed: ownWaiting, skipped: 0, held: 0 });
    expect((await statusesOf(w.accountA)).filter((m) => m.status === 'queued')).toEqual([]);
    expect(await statusesOf(w.accountB)).toEqual(beforeB);
    expect((await row(foreign)).status).toBe('queued');
    expect(await auditActions(t, foreign)).not.toContain('message.cancel');
  });

  it('an admin’s selection reaches both accounts', async () => {
    const a = await createDraft(w.clerkA, w.accountA, 'Administrator wybiera');
    const b = await createDraft(w.clerkB, w.accountB, 'Administrator wybiera');
    const res = await call(t, w.admin, 'POST', '/api/messages/queue', {
      selection: { filter: { mailbox: 'drafts', q: 'administrator wybiera' } },
      dryRun: true,
    });
    expect(expectStatus(res, 200)).toEqual({ matched: 2, changed: 2, skipped: 0, held: 0 });
    expect(
      expectStatus(await call(t, w.admin, 'POST', '/api/messages/queue', { selection: { ids: [a, b] } }), 200),
    ).toEqual({ matched: 2, changed: 2, skipped: 0, held: 0 });
  });
});

describe('delivery: holding and releasing an account is for administrators', () => {
  it.each(['hold', 'release'])('a clerk may not %s even their own account (→ 403)', async (action) => {
    const queued = await messageIn(w.clerkA, w.accountA, 'queued');
    const res = await call(t, w.clerkA, 'POST', `/api/accounts/${w.accountA}/${action}`);
    expectError(res, 403, 'forbidden', /tylko administrator/i);
    expect(await circuitOf(w.accountA)).toBe('closed');
    expect((await row(queued)).status).toBe('queued');
    expect(await auditActions(t, w.accountA)).not.toContain(`account.${action}`);
  });

  it.each(['hold', 'release'])('an admin gets 404 for a missing account (%s)', async (action) => {
    expectError(await call(t, w.admin, 'POST', `/api/accounts/${MISSING_ID}/${action}`), 404, 'not_found');
  });

  it('an admin holds and releases; each is audited', async () => {
    const queued = await messageIn(w.clerkB, w.accountB, 'queued');
    const held = expectStatus(await call(t, w.admin, 'POST', `/api/accounts/${w.accountB}/hold`), 200).held;
    expect(held).toBeGreaterThanOrEqual(1);
    expect(await row(queued)).toMatchObject({ status: 'held', held_reason: 'paused' });
    expect(await circuitOf(w.accountB)).toBe('paused');
    const released = expectStatus(await call(t, w.admin, 'POST', `/api/accounts/${w.accountB}/release`), 200).released;
    expect(released).toBe(held);
    expect(await row(queued)).toMatchObject({ status: 'queued', held_reason: null });
    expect(await circuitOf(w.accountB)).toBe('closed');
    expect(await auditActions(t, w.accountB)).toEqual(expect.arrayContaining(['account.hold', 'account.release']));
  });
});

describe('delivery: validation', () => {
  const queue = (body: unknown, session = w.clerkA) => call(t, session, 'POST', '/api/messages/queue', body);

  it.each<[string, unknown, string, string | RegExp]>([
    ['an empty list of ids', { selection: { ids: [] } }, 'selection.ids', 'Zaznacz co najmniej jedną wiadomość.'],
    [
      'neither ids nor a filter',
      { selection: {} },
      'selection',
      'Wskaż wiadomości: listę identyfikatorów (ids) albo filtr skrzynki (filter)',
    ],
    [
      'both ids and a filter',
      { selection: { ids: [MISSING_ID], filter: { mailbox: 'drafts' } } },
      'selection',
      'Wskaż wiadomości: listę identyfikatorów (ids) albo filtr skrzynki (filter)',
    ],
    [
      'an unknown mailbox',
      { selection: { filter: { mailbox: 'inbox' } } },
      'selection',
      'Wskaż wiadomości: listę identyfikatorów (ids) albo filtr skrzynki (filter)',
    ],
    ['a malformed id', { selection: { ids: ['wiadomosc-1'] } }, 'selection.ids.0', 'Nieprawidłowy identyfikator.'],
    ['no selection at all', {}, 'selection', /.+/],
  ])('refuses a selection with %s', async (_label, body, path, message) => {
    for (const url of ['/api/messages/queue', '/api/messages/resend', '/api/messages/cancel']) {
      const error = expectFieldError(await call(t, w.clerkA, 'POST', url, body), path, message);
      expect(error.message).toBe('Popraw zaznaczone pola.');
    }
  });

  it('refuses a sendAt that is not an ISO date-time, naming the field', async () => {
    const id = await createDraft(w.clerkA, w.accountA);
    for (const sendAt of ['jutro o 9', '2026-03-03', '03.03.2026 09:00', 1772528400000]) {
      expectFieldError(await queue({ selection: { ids: [id] }, sendAt }), 'sendAt', 'Nieprawidłowa data i godzina.');
      expectFieldError(
        await call(t, w.clerkA, 'POST', `/api/messages/${id}/queue`, { sendAt }),
        'sendAt',
        'Nieprawidłowa data i godzina.',
      );
    }
    expect((await row(id)).status).toBe('draft');
  });

  it('refuses a sendAt more than a year ahead', async () => {
    const id = await createDraft(w.clerkA, w.accountA);
    const tooFar = new Date(t.clock.now().getTime() + 367 * 86_400_000).toISOString();
    for (const res of [
      await queue({ selection: { ids: [id] }, sendAt: tooFar }),
      await call(t, w.clerkA, 'POST', `/api/messages/${id}/queue`, { sendAt: tooFar }),
    ]) {
      const error = expectFieldError(res, 'sendAt', 'Za odległy termin.');
      expect(error.message).toBe('Termin wysyłki może być najwyżej rok naprzód.');
    }
    expect((await row(id)).status).toBe('draft');
    const inAMonth = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString();
    expect(expectStatus(await queue({ selection: { ids: [id] }, sendAt: inAMonth }), 200).changed).toBe(1);
  });

  it('refuses unknown fields, a non-boolean dryRun and malformed JSON', async () => {
    expectFieldError(await queue({ selection: { ids: [MISSING_ID] }, priority: 1 }), '', 'Nieznane pola: priority.');
    expectFieldError(await queue({ selection: { ids: [MISSING_ID] }, dryRun: 'tak' }), 'dryRun', /.+/);
    expectFieldError(
      await call(t, w.clerkA, 'POST', '/api/messages/resend', { selection: { ids: [MISSING_ID] }, sendAt: null }),
      '',
      'Nieznane pola: sendAt.',
    );
    for (const url of ['/api/messages/queue', '/api/messages/cancel']) {
      expectError(
        await rawRequest(t, w.clerkA, 'POST', url, '{"selection": {"ids": [}'),
        400,
        'fst_err_ctp_invalid_json_body',
        'Nieprawidłowy format danych (JSON).',
      );
    }
    // About one message: whether it exists (and is the clerk's) is known before the body is read.
    expectError(
      await rawRequest(t, w.clerkA, 'POST', `/api/messages/${MISSING_ID}/queue`, '{"selection": {"ids": [}'),
      404,
      'not_found',
    );
  });

  it('refuses malformed ids in the path', async () => {
    for (const [method, url] of [
      ['POST', '/api/messages/42/queue'],
      ['POST', '/api/messages/42/resend'],
      ['POST', '/api/messages/42/test-send'],
      ['GET', '/api/messages/42/eml'],
      ['GET', '/api/messages/42/receipt.pdf'],
      ['POST', '/api/accounts/konto/hold'],
      ['POST', '/api/accounts/konto/release'],
    ] as const) {
      expectFieldError(await call(t, w.admin, method, url), 'params.id', 'Nieprawidłowy identyfikator.');
    }
  });

  it('a draft has no .eml and no receipt yet; a queued message has no receipt (409)', async () => {
    const draft = await createDraft(w.clerkA, w.accountA);
    expectError(await call(t, w.clerkA, 'GET', `/api/messages/${draft}/eml`), 409, 'conflict', /wersja robocza/);
    const notYet = /Potwierdzenie wysyłki jest dostępne dopiero po przyjęciu wiadomości przez serwer/;
    expectError(await call(t, w.clerkA, 'GET', `/api/messages/${draft}/receipt.pdf`), 409, 'conflict', notYet);
    const queued = await messageIn(w.clerkA, w.accountA, 'queued');
    expectError(await call(t, w.clerkA, 'GET', `/api/messages/${queued}/receipt.pdf`), 409, 'conflict', notYet);
  });
});

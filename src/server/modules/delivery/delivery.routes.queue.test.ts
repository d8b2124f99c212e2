import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  accountInput,
  auditActions,
  createWorld,
  expectError,
  expectStatus,
  upload,
  type World,
} from '../../../../test/support/world.js';

/**
 * Queueing through the API: a draft is frozen into its final MIME (the .eml), which the API then serves byte for
 * byte. Polish text must survive the encodings (RFC 2047 subject, RFC 2231 attachment name), a DKIM key signs the
 * message, and nothing done later — editing, changing the account — alters what was frozen.
 */
let t: TestApp;
let w: World;

const SUBJECT = 'Zawiadomienie o wysokości opłat — Źródlana';
const PDF = {
  filename: 'Zawiadomienie łódź — Źródlana 5.pdf',
  contentType: 'application/pdf',
  data: randomBytes(3000),
};

async function newDraft(extra: Record<string, unknown> = {}, session = w.clerkA, accountId = w.accountA) {
  const res = await call(t, session, 'POST', '/api/messages', {
    accountId,
    toName: 'Zofia Żurawska',
    toAddress: 'zofia.zurawska@example.pl',
    subject: SUBJECT,
    text: 'Szanowna Pani, w załączeniu zawiadomienie o nowej wysokości opłat.',
    ...extra,
  });
  return expectStatus(res, 201).id as string;
}

const detail = async (id: string, session = w.clerkA) =>
  expectStatus(await call(t, session, 'GET', `/api/messages/${id}`), 200);

async function eml(id: string, session = w.clerkA) {
  const res = await call(t, session, 'GET', `/api/messages/${id}/eml`);
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function queueAudit(id: string) {
  const row = await t.container.db
    .selectFrom('audit_log')
    .select(['details', 'actor_id'])
    .where('entity_id', '=', id)
    .where('action', '=', 'message.queue')
    .executeTakeFirstOrThrow();
  return { actorId: row.actor_id, details: JSON.parse(row.details) };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

describe('queue: dry run and selection', () => {
  it('a dry run counts and changes nothing', async () => {
    const ids = [await newDraft(), await newDraft()];
    const queued = await newDraft();
    expectStatus(await call(t, w.clerkA, 'POST', `/api/messages/${queued}/queue`), 200);
    const res = await call(t, w.clerkA, 'POST', '/api/messages/queue', {
      selection: { ids: [...ids, queued] },
      dryRun: true,
    });
    expect(expectStatus(res, 200)).toEqual({ matched: 3, changed: 2, skipped: 1, held: 0 });
    for (const id of ids) {
      expect(await detail(id)).toMatchObject({ status: 'draft', mailbox: 'drafts', eml: null, queuedAt: null });
      expect(await auditActions(t, id)).toEqual(['message.create']);
    }
  });

  it('by ids: drafts move to the outbox, frozen, and a message already queued is skipped', async () => {
    const a = await newDraft();
    const b = await newDraft();
    const res = await call(t, w.clerkA, 'POST', '/api/messages/queue', { selection: { ids: [a, b] } });
    expect(expectStatus(res, 200)).toEqual({ matched: 2, changed: 2, skipped: 0, held: 0 });
    for (const id of [a, b]) {
      const m = await detail(id);
      expect(m).toMatchObject({
        status: 'queued',
        mailbox: 'outbox',
        series: 0,
        sendAt: null,
        queuedAt: expect.any(String),
        nextAttemptAt: t.clock.now().toISOString(),
        envelopeFrom: 'zwrotne.czynsze@zarzadca.example.pl',
        eml: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: expect.any(Number) },
        attempts: [],
      });
      expect(await queueAudit(id)).toEqual({ actorId: w.clerkAId, details: { sha256: m.eml.sha256, sendAt: null } });
    }
    const again = await call(t, w.clerkA, 'POST', '/api/messages/queue', { selection: { ids: [a] } });
    expect(expectStatus(again, 200)).toEqual({ matched: 1, changed: 0, skipped: 1, held: 0 });
    expect((await auditActions(t, a)).filter((x) => x === 'message.queue')).toHaveLength(1);
  });

  it('by filter: only the drafts the search matches', async () => {
    const match = await newDraft({ subject: 'Rozliczenie wody — Lipowa 7' });
    const other = await newDraft({ subject: 'Rozliczenie ciepła — Lipowa 7' });
    const input = { selection: { filter: { mailbox: 'drafts', q: 'rozliczenie wody' } } };
    expect(
      expectStatus(await call(t, w.clerkA, 'POST', '/api/messages/queue', { ...input, dryRun: true }), 200),
    ).toEqual({ matched: 1, changed: 1, skipped: 0, held: 0 });
    expect((await detail(match)).status).toBe('draft');
    expect(expectStatus(await call(t, w.clerkA, 'POST', '/api/messages/queue', input), 200)).toEqual({
      matched: 1,
      changed: 1,
      skipped: 0,
      held: 0,
    });
    expect(await detail(match)).toMatchObject({ status: 'queued', mailbox: 'outbox' });
    expect(await detail(other)).toMatchObject({ status: 'draft', eml: null });
  });

  it('one draft, with no body or a null sendAt, and with a sendAt for later', async () => {
    const noBody = await newDraft();
    expect(expectStatus(await call(t, w.clerkA, 'POST', `/api/messages/${noBody}/queue`), 200).changed).toBe(1);
    const nullSendAt = await newDraft();
    const res = await call(t, w.clerkA, 'POST', `/api/messages/${nullSendAt}/queue`, { sendAt: null });
    expect(expectStatus(res, 200).changed).toBe(1);
    const later = await newDraft();
    const sendAt = '2026-03-05T07:30:00.000+01:00';
    expect(expectStatus(await call(t, w.clerkA, 'POST', `/api/messages/${later}/queue`, { sendAt }), 200).changed).toBe(
      1,
    );
    expect(await detail(later)).toMatchObject({
      status: 'queued',
      sendAt: '2026-03-05T06:30:00.000Z',
      nextAttemptAt: '2026-03-05T06:30:00.000Z',
    });
    expect((await queueAudit(later)).details.sendAt).toBe('2026-03-05T06:30:00.000Z');
  });
});

describe('queue: the frozen .eml', () => {
  let id: string;
  let raw: Buffer;

  beforeAll(async () => {
    id = await newDraft({ html: '<p>Szanowna Pani, w załączeniu <b>zawiadomienie</b>.</p>', text: '' });
    expectStatus(await upload(t, w.clerkA, `/api/messages/${id}/attachments`, PDF), 201);
    expectStatus(await call(t, w.clerkA, 'POST', `/api/messages/${id}/queue`, {}), 200);
    raw = (await eml(id)).rawPayload;
  });

  it('is served byte for byte: its SHA-256 and size are those in the message detail', async () => {
    const m = await detail(id);
    expect(sha256(raw)).toBe(m.eml.sha256);
    expect(raw.length).toBe(m.eml.size);
    const res = await eml(id);
    expect(res.headers['content-type']).toBe('message/rfc822');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="wiadomosc-${id}.eml"; filename*=UTF-8''wiadomosc-${id}.eml`,
    );
    expect(res.rawPayload.equals(raw)).toBe(true);
  });

  it('encodes the Polish subject (RFC 2047) and attachment name (RFC 2231); both decode intact', async () => {
    const text = raw.toString('latin1');
    const head = text.slice(0, text.indexOf('\r\n\r\n'));
    expect(head).toMatch(/^Subject: =\?UTF-8\?[QB]\?/m);
    expect(head).not.toContain('wysokości');
    expect(text).toMatch(/filename\*(0\*)?=utf-8''Zawiadomienie%20%C5%82%C3%B3d%C5%BA/i);
    expect(/[^\x00-\x7f]/.test(text)).toBe(false);

    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(SUBJECT);
    expect(parsed.messageId).toBe((await detail(id)).messageIdHeader);
    expect(parsed.headers.get('x-listonosz-message')).toBe(id);
    expect(parsed.to).toMatchObject({ value: [{ name: 'Zofia Żurawska', address: 'zofia.zurawska@example.pl' }] });
    expect(parsed.from).toMatchObject({
      value: [{ name: 'Biuro — Czynsze SMTP', address: 'czynsze@zarzadca.example.pl' }],
    });
    expect(parsed.replyTo).toMatchObject({ value: [{ address: 'zwrotne.czynsze@zarzadca.example.pl' }] });
    expect(parsed.date?.toISOString()).toBe(t.clock.now().toISOString());
    expect(parsed.html).toContain('<b>zawiadomienie</b>');
    expect(parsed.text).toContain('Szanowna Pani, w załączeniu');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.filename).toBe(PDF.filename);
    expect(parsed.attachments[0]?.contentType).toBe('application/pdf');
    expect(parsed.attachments[0]?.content.equals(PDF.data)).toBe(true);
  });

  it('a queued message cannot be edited (409)', async () => {
    const readOnly = /można zmieniać tylko wersje robocze/;
    expectError(
      await call(t, w.clerkA, 'PATCH', `/api/messages/${id}`, { subject: 'Inny temat' }),
      409,
      'conflict',
      readOnly,
    );
    expectError(await call(t, w.clerkA, 'DELETE', `/api/messages/${id}`), 409, 'conflict', readOnly);
    expectError(await upload(t, w.clerkA, `/api/messages/${id}/attachments`, PDF), 409, 'conflict', readOnly);
    expect((await eml(id)).rawPayload.equals(raw)).toBe(true);
  });

  it('later changes to the account or the stored content do not alter the frozen bytes', async () => {
    const before = await detail(id);
    expectStatus(
      await call(t, w.admin, 'PATCH', `/api/accounts/${w.accountA}`, {
        fromName: 'Zupełnie inna nazwa',
        fromAddress: 'nowy@zarzadca.example.pl',
      }),
      200,
    );
    await t.container.db
      .updateTable('message_bodies')
      .set({ html: '<p>Podmieniona treść</p>', text: 'Podmieniona treść' })
      .where('message_id', '=', id)
      .execute();
    await t.container.db.updateTable('messages').set({ subject: 'Podmieniony temat' }).where('id', '=', id).execute();
    t.clock.advance(3_600_000);
    const after = (await eml(id)).rawPayload;
    expect(after.equals(raw)).toBe(true);
    expect((await detail(id)).eml).toEqual(before.eml);
    expect(after.toString()).not.toMatch(/Podmienion|Zupe|nowy@/);
    expectStatus(
      await call(t, w.admin, 'PATCH', `/api/accounts/${w.accountA}`, {
        fromName: 'Biuro — Czynsze SMTP',
        fromAddress: 'czynsze@zarzadca.example.pl',
      }),
      200,
    );
  });
});

describe('queue: DKIM', () => {
  it('signs the .eml with the account’s key: DKIM-Signature first, with its d= and s=', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const created = await call(
      t,
      w.admin,
      'POST',
      '/api/accounts',
      accountInput('Podpisane SMTP', 'podpisane', {
        dkim: { domain: 'zarzadca.example.pl', selector: 'lst2026', privateKey },
      }),
    );
    const account = expectStatus(created, 201);
    expect(account.dkim).toEqual({ domain: 'zarzadca.example.pl', selector: 'lst2026', hasKey: true });
    const id = await newDraft({}, w.admin, account.id);
    expectStatus(await call(t, w.admin, 'POST', `/api/messages/${id}/queue`), 200);
    const raw = (await eml(id, w.admin)).rawPayload;
    const text = raw.toString();
    expect(text).toMatch(/^DKIM-Signature: /);
    const signature = text.slice(0, text.search(/\r\n(?![ \t])/)).replace(/\r\n[ \t]+/g, ' ');
    expect(signature).toMatch(/\bd=zarzadca\.example\.pl;/);
    expect(signature).toMatch(/\bs=lst2026;/);
    expect(signature).toMatch(/\ba=rsa-sha256;/);
    expect(signature).toMatch(/\bbh=[A-Za-z0-9+/=]+;/);
    expect(signature).toMatch(/\bh=[^;]*\bSubject\b/i);
    expect(signature).toMatch(/\bh=[^;]*\bFrom\b/i);
    expect(sha256(raw)).toBe((await detail(id, w.admin)).eml.sha256);
    expect((await simpleParser(raw)).subject).toBe(SUBJECT);

    // An account without a key signs nothing.
    const plain = await newDraft();
    expectStatus(await call(t, w.clerkA, 'POST', `/api/messages/${plain}/queue`), 200);
    expect((await eml(plain)).body).not.toContain('DKIM-Signature');
  });
});

import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, login, type TestApp } from '../../../../test/support/app.js';
import { createWorld, expectError, expectStatus, upload, type World } from '../../../../test/support/world.js';
import type { MessageDownloadLinks } from '../../../shared/download-links.js';

/**
 * Signed download links (D70) through the HTTP app on a fake clock: the link in the frozen message, the tenant's
 * page, the download and the acknowledgement recorded (address truncated, user agent bounded), expiry, revocation,
 * and a tampered link that says nothing.
 */
let t: TestApp;
let w: World;
const PUBLIC_URL = 'https://listonosz.example.pl';
const PDF = Buffer.from('%PDF-1.4\n% Zawiadomienie o wysokości opłat\n%%EOF\n');
const FILE = { filename: 'Zawiadomienie łódź.pdf', contentType: 'application/pdf', data: PDF };
const TENANT = {
  'x-forwarded-for': '203.0.113.77',
  'user-agent': `Mozilla/5.0 (Linux; Android 14) ${'x'.repeat(600)}`,
};

async function queued(mode: 'attachment' | 'link' | 'both', days = 90) {
  expectStatus(await call(t, w.admin, 'PUT', `/api/accounts/${w.accountA}/download-links`, { mode, days }), 200);
  const created = await call(t, w.clerkA, 'POST', '/api/messages', {
    accountId: w.accountA,
    toName: 'Bożena Kęsicka',
    toAddress: 'bozena.kesicka@example.pl',
    subject: 'Zawiadomienie o wysokości opłat od 1 kwietnia',
    text: 'Szanowna Pani, przesyłamy zawiadomienie.',
    html: '<p>Szanowna Pani, przesyłamy zawiadomienie.</p>',
  });
  const id = expectStatus(created, 201).id as string;
  expectStatus(await upload(t, w.clerkA, `/api/messages/${id}/attachments`, FILE), 201);
  expectStatus(await call(t, w.clerkA, 'POST', `/api/messages/${id}/queue`), 200);
  const raw = (await call(t, w.clerkA, 'GET', `/api/messages/${id}/eml`)).rawPayload;
  const mail = await simpleParser(raw);
  const token = /\/d\/([A-Za-z0-9_-]{52})/.exec(mail.text ?? '')?.[1] ?? '';
  return { id, mail, token };
}

const visit = (method: 'GET' | 'POST', url: string) =>
  t.app.inject({ method, url, headers: TENANT, remoteAddress: '203.0.113.77' });
const state = async (id: string) =>
  expectStatus(await call(t, w.clerkA, 'GET', `/api/messages/${id}/download-links`), 200) as MessageDownloadLinks;

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL } });
  w = await createWorld(t);
  expectStatus(
    await call(t, w.admin, 'PUT', '/api/settings/rodo-footer', {
      footer: {
        controller: 'Zarządca Sp. z o.o.',
        dpo: 'iod@zarzadca.example.pl',
        infoUrl: 'https://z.example.pl/rodo',
      },
    }),
    200,
  );
}, 60_000);
afterAll(() => t?.close());

describe('the account choice', () => {
  it('is an administrator’s, bounded, in Polish, audited', async () => {
    const url = `/api/accounts/${w.accountA}/download-links`;
    expect(expectStatus(await call(t, w.admin, 'GET', url), 200)).toEqual({ mode: 'attachment', days: 90 });
    expect((await call(t, w.clerkA, 'PUT', url, { mode: 'link', days: 30 })).statusCode).toBe(403);
    const tooLong = expectError(
      await call(t, w.admin, 'PUT', url, { mode: 'link', days: 400 }),
      400,
      'validation_failed',
    );
    expect(JSON.stringify(tooLong)).toContain('najwyżej 365 dni');
    expectError(await call(t, w.admin, 'PUT', url, { mode: 'pigeon', days: 30 }), 400, 'validation_failed');
    expectStatus(await call(t, w.admin, 'PUT', url, { mode: 'link', days: 30 }), 200);
    const audit = await t.container.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'account.download_links')
      .execute();
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ mode: 'link', days: 30 }]);
  });
});

describe('a message with a link', () => {
  it('attachment mode (the default) changes nothing: no link, no record', async () => {
    const { id, mail } = await queued('attachment');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.text).not.toContain('/d/');
    expect((await state(id)).links).toEqual([]);
  });

  it('link mode: the file is left out, both parts carry the link with its expiry, the footer mentions the record', async () => {
    const { id, mail, token } = await queued('link', 30);
    expect(mail.attachments).toHaveLength(0);
    expect(token).toHaveLength(52);
    expect(mail.text).toContain(
      `Dokument do pobrania: Zawiadomienie łódź.pdf — ${PUBLIC_URL}/d/${token} (link ważny do 01.04.2026)`,
    );
    expect(mail.html).toContain(
      `<a href="${PUBLIC_URL}/d/${token}">Zawiadomienie łódź.pdf</a> (link ważny do 01.04.2026)`,
    );
    for (const part of [mail.text ?? '', mail.html || '']) {
      expect(part).toContain('Pobranie dokumentu z linku i potwierdzenie odbioru są odnotowywane');
      expect(part.indexOf('Administrator danych')).toBeLessThan(part.indexOf('Pobranie dokumentu z linku'));
    }
    expect(mail.html).not.toMatch(/<img/i);
    const s = await state(id);
    expect(s.links).toEqual([
      { position: 0, filename: 'Zawiadomienie łódź.pdf', expiresAt: '2026-04-01T09:00:00.000Z', revokedAt: null },
    ]);
    expect(s.downloads).toBe(0);
  });

  it('both mode: the file attached and linked', async () => {
    const { mail, token } = await queued('both');
    expect(mail.attachments).toHaveLength(1);
    expect(token).toHaveLength(52);
  });
});

describe('the tenant', () => {
  it('sees who sends what, with a download button, the office contact; the visit itself is not recorded', async () => {
    const { id, token } = await queued('link');
    const page = await visit('GET', `/d/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(page.body).toContain('<html lang="pl">');
    expect(page.body).toContain('Zawiadomienie o wysokości opłat od 1 kwietnia');
    expect(page.body).toContain(`href="/d/${token}/plik"`);
    expect(page.body).toContain('Potwierdzam odbiór');
    expect(page.body).toMatch(/mailto:[^"]+@/);
    expect((await state(id)).downloads).toBe(0);
  });

  it('downloads the PDF: recorded with time, a /24 network and a bounded user agent', async () => {
    const { id, token } = await queued('link');
    const file = await visit('GET', `/d/${token}/plik`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(String(file.headers['content-disposition'])).toMatch(
      /^attachment;.*filename\*=UTF-8''Zawiadomienie%20%C5%82%C3%B3d%C5%BA\.pdf/,
    );
    expect(file.rawPayload.equals(PDF)).toBe(true);
    t.clock.advance(60_000);
    await visit('GET', `/d/${token}/plik`);
    const s = await state(id);
    expect(s.downloads).toBe(2);
    expect(s.lastDownloadAt).toBe(t.clock.now().toISOString());
    expect(s.acknowledgedAt).toBeNull();
    expect(s.events[0]).toMatchObject({
      kind: 'download',
      network: '203.0.113.0/24',
      filename: 'Zawiadomienie łódź.pdf',
    });
    expect(s.events[0]?.userAgent).toHaveLength(300);
    const rows = await t.container.db
      .selectFrom('download_events')
      .select('network')
      .where('message_id', '=', id)
      .execute();
    expect(rows.every((r) => r.network === '203.0.113.0/24')).toBe(true);
  });

  it('confirms receipt once: recorded with its time, the page then says so', async () => {
    const { id, token } = await queued('link');
    const posted = await t.app.inject({
      method: 'POST',
      url: `/d/${token}/potwierdzam`,
      headers: { ...TENANT, 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: '203.0.113.77',
      payload: '',
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/d/${token}`);
    const at = t.clock.now().toISOString();
    t.clock.advance(3_600_000);
    expect((await visit('POST', `/d/${token}/potwierdzam`)).statusCode).toBe(303);
    const s = await state(id);
    expect(s.acknowledgedAt).toBe(at);
    expect(s.events.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
    const page = await visit('GET', `/d/${token}`);
    expect(page.body).toContain('Odbiór potwierdzono 02.03.2026');
    expect(page.body).not.toContain('<button');
  });

  it('finds an expired link polite, with the contact, and gets no file (fake clock)', async () => {
    const { id, token } = await queued('link', 1);
    t.clock.advance(86_400_000 - 1000);
    expect((await visit('GET', `/d/${token}/plik`)).statusCode).toBe(200);
    t.clock.advance(1000);
    const page = await visit('GET', `/d/${token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Ten link wygasł');
    expect(page.body).toMatch(/mailto:[^"]+@/);
    expect(page.body).not.toContain('/plik');
    const file = await visit('GET', `/d/${token}/plik`);
    expect(file.statusCode).toBe(410);
    expect(file.headers['content-type']).toMatch(/^text\/html/);
    expect((await visit('POST', `/d/${token}/potwierdzam`)).statusCode).toBe(410);
    // A day later the clerks' sessions have lapsed too.
    w.clerkA = await login(t, 'anna');
    w.admin = await login(t, 'szef');
    w.clerkB = await login(t, 'bartek');
    const s = await state(id);
    expect(s.downloads).toBe(1);
    expect(s.acknowledgedAt).toBeNull();
  });

  it('finds a tampered, unknown or overlong link the same 404 page that names nothing', async () => {
    const { token } = await queued('link');
    const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    const pages = [];
    for (const url of [`/d/${flipped}`, `/d/${'A'.repeat(52)}`, `/d/${'A'.repeat(90)}`, '/d/x', `/d/${flipped}/plik`]) {
      const res = await visit('GET', url);
      expect(res.statusCode, url).toBe(404);
      pages.push(res.body);
    }
    expect(new Set(pages).size).toBe(1);
    // Longer than any path parameter: the framework refuses it before routing (414), saying nothing either.
    const huge = await visit('GET', `/d/${'A'.repeat(5000)}`);
    expect(huge.statusCode).toBe(414);
    expect(huge.body).not.toContain('Zawiadomienie');
    expect(pages[0]).toContain('Nie znaleziono dokumentu');
    expect(pages[0]).not.toContain('Zawiadomienie');
    expect(pages[0]).not.toContain('@');
    expect((await visit('POST', `/d/${flipped}/potwierdzam`)).statusCode).toBe(404);
    expect(await t.container.db.selectFrom('download_events').selectAll().where('position', '<', 0).execute()).toEqual(
      [],
    );
  });
});

describe('revocation', () => {
  it('is for a clerk of the message’s position, audited, and ends the link at once', async () => {
    const { id, token } = await queued('link');
    const url = `/api/messages/${id}/download-links/revoke`;
    expect((await call(t, w.clerkB, 'POST', url)).statusCode).toBe(403);
    expect((await call(t, w.clerkB, 'GET', `/api/messages/${id}/download-links`)).statusCode).toBe(403);
    const s = expectStatus(await call(t, w.clerkA, 'POST', url), 200) as MessageDownloadLinks;
    expect(s.revokedAt).toBe(t.clock.now().toISOString());
    expectError(await call(t, w.clerkA, 'POST', url), 409, 'conflict', /już unieważnione/);
    const audit = await t.container.db
      .selectFrom('audit_log')
      .select(['entity_id', 'details'])
      .where('action', '=', 'message.download_links_revoke')
      .execute();
    expect(audit).toEqual([{ entity_id: id, details: JSON.stringify({ revoked: 1 }) }]);
    const page = await visit('GET', `/d/${token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Ten link nie jest już aktywny');
    expect((await visit('GET', `/d/${token}/plik`)).statusCode).toBe(410);
    expect((await state(id)).downloads).toBe(0);
  });

  it('says so in Polish for a message without links', async () => {
    const { id } = await queued('attachment');
    expectError(
      await call(t, w.clerkA, 'POST', `/api/messages/${id}/download-links/revoke`),
      409,
      'conflict',
      /nie zawiera linków/,
    );
  });
});

import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deriveKey } from '../src/server/lib/crypto.js';
import { DOWNLOAD_LINK_KEY_PURPOSE, makeDownloadToken } from '../src/server/modules/download-links/download-token.js';
import { expectAccessible } from './support/axe.js';
import { shot } from './support/browser.js';
import { apiRequest, firstRun } from './support/first-run.js';
import { openSettings } from './support/send-flow-steps.js';
import type { E2EServer } from './support/server.js';
import { useBrowserSession } from './support/session.js';

/**
 * The tenant's side of a download link (D70) in Chromium, on an office desktop (1366×768) and a phone (390×844):
 * the page, the download, "Potwierdzam odbiór", an expired link (minted with the server's own instance key, as a
 * link from an old message would be) and a revoked one; then the link's state on the message in the web app.
 */
const INSTANCE_KEY = randomBytes(32);
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let server: E2EServer;
let page: Page;
let messageId = '';
let token = '';

const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) =>
  apiRequest<T>(page, server.url, method, url, data);

/** Both sizes of one state of the tenant's page, each checked by axe. */
async function shots(url: string, name: string) {
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.goto(url);
    await shot(page, `download-link-${name}-${size}`);
    // The tenant's pages are bound by the accessibility act too (issue 14 point 6, D73): no serious/critical finding.
    await expectAccessible(page, `tenant page: ${name}, ${size}`);
  }
  await page.setViewportSize(DESKTOP);
}

describe('the tenant’s download page (browser)', () => {
  useBrowserSession({
    env: () => ({ LISTONOSZ_SECRET_KEY: INSTANCE_KEY.toString('base64') }),
    ready: (s) => ({ server, page } = s),
  });

  it('a message queued in link mode carries the link, and the page shows who sends what', async () => {
    await firstRun(page, server, undefined, { demo: false });
    const accounts = await api<{ id: string; fromAddress: string }[]>('GET', '/api/accounts');
    const account = accounts[0]!.id;
    // The administrator's choice in Ustawienia → Konta e-mail.
    await openSettings(page, server.url, 'Konta e-mail');
    await page.getByRole('heading', { name: 'Dokumenty PDF jako link do pobrania' }).waitFor();
    await page.getByRole('radio', { name: 'Tylko jako link do pobrania' }).check();
    await page.getByRole('textbox', { name: /^Ważność linku \(dni\)/ }).fill('90');
    await shot(page, 'download-link-settings');
    await page.getByRole('button', { name: 'Zapisz', exact: true }).click();
    await page.getByText('Zapisano.').waitFor();
    expect(await api('GET', `/api/accounts/${account}/download-links`)).toEqual({ mode: 'link', days: 90 });
    const draft = await api<{ id: string }>('POST', '/api/messages', {
      accountId: account,
      toName: 'Bożena Kęsicka',
      toAddress: 'bozena.kesicka@example.pl',
      subject: 'Zawiadomienie o wysokości opłat od 1 kwietnia — ul. Lipowa 3/12',
      text: 'Szanowna Pani, zawiadomienie jest do pobrania pod linkiem poniżej.',
    });
    messageId = draft.id;
    const me = await (await page.request.get(`${server.url}/api/auth/me`)).json();
    const uploaded = await page.request.post(`${server.url}/api/messages/${messageId}/attachments`, {
      headers: { 'x-csrf-token': me.csrfToken },
      multipart: { file: { name: 'Zawiadomienie-Lipowa-3-12.pdf', mimeType: 'application/pdf', buffer: PDF } },
    });
    expect(uploaded.status()).toBe(201);
    await api('POST', `/api/messages/${messageId}/queue`, { sendAt: null });
    const eml = await page.request.get(`${server.url}/api/messages/${messageId}/eml`);
    const mail = await simpleParser(await eml.body());
    expect(mail.attachments).toHaveLength(0);
    const match = new RegExp(`${server.url}/d/([A-Za-z0-9_-]{52}) \\(link ważny do \\d\\d\\.\\d\\d\\.\\d{4}\\)`).exec(
      mail.text ?? '',
    );
    token = match?.[1] ?? '';
    expect(token).toHaveLength(52);

    await shots(`${server.url}/d/${token}`, 'page');
    await page.goto(`${server.url}/d/${token}`);
    await page.getByRole('heading', { level: 1, name: /^Dokument od:/ }).waitFor();
    await page.getByText('Zawiadomienie o wysokości opłat od 1 kwietnia — ul. Lipowa 3/12').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('pl');
    expect(await page.locator('script, img').count()).toBe(0);
  });

  it('downloads the PDF and confirms receipt', async () => {
    await page.goto(`${server.url}/d/${token}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Pobierz dokument' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Zawiadomienie-Lipowa-3-12.pdf');
    await page.getByRole('button', { name: 'Potwierdzam odbiór' }).click();
    await page.getByText(/^Odbiór potwierdzono \d\d\.\d\d\.\d{4}/).waitFor();
    await expectAccessible(page, 'tenant page after the acknowledgement');
    expect(new URL(page.url()).pathname).toBe(`/d/${token}`);
    await shots(`${server.url}/d/${token}`, 'confirmed');
  });

  it('an expired link is polite and names the office', async () => {
    const expired = makeDownloadToken(
      { messageId, position: 0, expiresAt: new Date(Date.now() - 86_400_000).toISOString() },
      deriveKey(INSTANCE_KEY, DOWNLOAD_LINK_KEY_PURPOSE),
    );
    const res = await page.goto(`${server.url}/d/${expired}`);
    expect(res?.status()).toBe(410);
    await page.getByRole('heading', { level: 1, name: 'Ten link wygasł' }).waitFor();
    await page.getByRole('link', { name: /@/ }).waitFor();
    await shots(`${server.url}/d/${expired}`, 'expired');
  });

  it('a tampered link gets the 404 page that names nothing', async () => {
    const tampered = `${token.slice(0, 30)}${token[30] === 'A' ? 'B' : 'A'}${token.slice(31)}`;
    const res = await page.goto(`${server.url}/d/${tampered}`);
    expect(res?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Nie znaleziono dokumentu' }).waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Lipowa');
    await shots(`${server.url}/d/${tampered}`, 'unknown');
  });

  it('the office sees the download and the acknowledgement, revokes the link, and the tenant is told', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}/skrzynki/outbox/${messageId}`);
    await page.getByRole('heading', { name: 'Link do pobrania' }).waitFor();
    await page.getByText(/^potwierdzono odbiór \d/).waitFor();
    await page.getByText(/^pobrano 1 raz —/).waitFor();
    await shot(page, 'download-link-message-view');
    await expectAccessible(page, 'message view with its link');
    await page.getByRole('button', { name: 'Unieważnij link' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Unieważnij link' }).click();
    await page.getByText(/^unieważniony \d/).waitFor();
    await shot(page, 'download-link-message-view-revoked');

    const res = await page.goto(`${server.url}/d/${token}`);
    expect(res?.status()).toBe(410);
    await page.getByRole('heading', { level: 1, name: 'Ten link nie jest już aktywny' }).waitFor();
    await shots(`${server.url}/d/${token}`, 'revoked');
  });
});

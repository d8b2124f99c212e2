import type { ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shot } from './support/browser.js';
import { apiRequest, firstRun } from './support/first-run.js';
import type { E2EServer } from './support/server.js';
import { useBrowserSession } from './support/session.js';

/**
 * The security headers with the built web app in Chromium: the login page, the dashboard, a message's preview (a
 * sandboxed srcdoc iframe, which inherits the page's policy), the sandbox's preview and the API description render
 * without a single Content-Security-Policy violation.
 */
/** A 1×1 PNG: previews must show data: images. */
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const HTML =
  '<div style="color:#0b5; font-family: Georgia, serif; padding: 12px">' +
  '<p style="font-weight:bold">Zawiadomienie o wysokości opłat</p>' +
  `<img alt="logo" width="20" height="20" src="${PIXEL}"></div>`;

let server: E2EServer;
let page: Page;
const violations: string[] = [];

function recordViolations(p: Page) {
  p.on('console', (msg: ConsoleMessage) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(`${p.url()}: ${msg.text()}`);
  });
}

/** No violation since the last call. */
function expectNoViolations() {
  expect(violations.splice(0)).toEqual([]);
}

const api = <T>(method: 'GET' | 'POST', url: string, data?: unknown) =>
  apiRequest<T>(page, server.url, method, url, data);

describe('security headers and the content policy in the browser', () => {
  useBrowserSession({
    ready: (s) => {
      ({ server, page } = s);
      recordViolations(page);
    },
  });

  it('the login page carries the headers and renders without a violation', async () => {
    const res = await page.goto(`${server.url}/`);
    const headers = res?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-frame-options']).toBe('DENY');
    await page.getByRole('heading', { name: 'Logowanie' }).waitFor();
    await page.waitForLoadState('networkidle');
    expectNoViolations();
  });

  it('the set-up and the dashboard render without a violation', async () => {
    await firstRun(page, server);
    await page.getByTestId('count-drafts').filter({ hasText: /^\d/ }).waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, 'csp-dashboard');
    expectNoViolations();
  });

  it('a sent message’s preview and the sandbox’s preview show inline styles and data: images', async () => {
    const accounts = await api<{ id: string; kind: string }[]>('GET', '/api/accounts');
    const sandbox = accounts.find((a) => a.kind === 'capture');
    expect(sandbox, 'the sandbox account').toBeDefined();
    const draft = await api<{ id: string }>('POST', '/api/messages', {
      accountId: sandbox?.id,
      toName: 'Zofia Łukasik',
      toAddress: 'zofia@example.pl',
      subject: 'Podgląd z obrazkiem',
      html: HTML,
      text: 'Zawiadomienie o wysokości opłat',
    });
    await api('POST', `/api/messages/${draft.id}/queue`);
    const deadline = Date.now() + 30_000;
    while ((await api<{ status: string }>('GET', `/api/messages/${draft.id}`)).status !== 'sent') {
      if (Date.now() > deadline) throw new Error('the message was not sent to the sandbox in 30 s');
      await new Promise((r) => setTimeout(r, 250));
    }

    await page.goto(`${server.url}/skrzynki/sent/${draft.id}`);
    const preview = page.frameLocator('iframe[sandbox]').first();
    await preview.getByText('Zawiadomienie o wysokości opłat').waitFor();
    expect(await preview.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    expect(await preview.locator('p').evaluate((p) => getComputedStyle(p).fontWeight)).toBe('700');
    await page.waitForLoadState('networkidle');
    await shot(page, 'csp-message-preview');
    expectNoViolations();

    await page.goto(`${server.url}/piaskownica`);
    await page.getByText('Podgląd z obrazkiem').first().click();
    const safe = page.frameLocator('iframe[sandbox]').first();
    await safe.getByText('Zawiadomienie o wysokości opłat').waitFor();
    expect(await safe.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await page.waitForLoadState('networkidle');
    expectNoViolations();

    // A receipt opened in a tab is shown by the browser's PDF viewer: its response gets a policy that allows it.
    const receipt = await page.request.get(`${server.url}/api/messages/${draft.id}/receipt.pdf`);
    expect(receipt.headers()['content-type']).toBe('application/pdf');
    expect(receipt.headers()['content-security-policy']).toContain("object-src 'self'");
  });

  it('the API description (swagger-ui) renders without a violation', async () => {
    await page.goto(`${server.url}/api/docs`);
    await page.locator('.swagger-ui .info .title').filter({ hasText: 'Listonosz API' }).waitFor();
    await page.locator('.opblock').first().waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, 'csp-api-docs');
    expectNoViolations();
  });
});

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, type Page, request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../src/server/demo/demo-data.js';
import { demoFeeNotice } from '../src/server/demo/demo-documents.js';
import { type Receiver, startReceiver, verifyDelivery } from '../test/support/webhook-receiver.js';
import { shot } from './support/browser.js';
import { ADMIN, apiRequest, firstRun } from './support/first-run.js';
import { openSettings, waitFor } from './support/send-flow-steps.js';
import type { E2EServer } from './support/server.js';
import { useBrowserSession } from './support/session.js';

/**
 * Issue 13 in Chromium at 1366×768: the administrator makes an API key for the position Czynsze (shown once); the
 * rent system, with that key and no person, registers its webhook and sends a data file in one call; Pulpit shows
 * the batch "Do zatwierdzenia"; a clerk's click sends it through the capture SMTP; the webhook hears `queued` and
 * `sent`, signed, and its delivery log shows them. Screenshots in test-results/screenshots/5x-*.png.
 */
let server: E2EServer;
let page: Page;
let receiver: Receiver;
let key = '';
let hookSecret = '';
type FetchOptions = NonNullable<Parameters<APIRequestContext['fetch']>[1]>;

/** The rent system's own requests: a Bearer key and nothing else — its own request context, no browser cookies. */
async function asRentSystem(method: 'GET' | 'POST', url: string, init: Omit<FetchOptions, 'method' | 'headers'> = {}) {
  const rentSystem = await request.newContext();
  try {
    const res = await rentSystem.fetch(`${server.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${key}` },
      ...init,
    });
    return { status: res.status(), body: await res.json() };
  } finally {
    await rentSystem.dispose();
  }
}

describe('a rent system sends without a person (browser)', () => {
  useBrowserSession({
    before: async () => {
      receiver = await startReceiver();
    },
    env: () => ({ WEBHOOK_ALLOW_LOOPBACK: 'on' }),
    ready: async (s) => {
      ({ server, page } = s);
      await page.setViewportSize({ width: 1366, height: 768 });
    },
    after: async () => {
      await receiver?.close();
    },
  });

  it('the administrator makes a key for Czynsze in Ustawienia; it is shown once', async () => {
    await firstRun(page, server, ADMIN);
    await openSettings(page, server.url, 'Klucze API');
    await page.getByRole('button', { name: 'Nowy klucz API' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nazwa').fill('Czynsze SM');
    await dialog.getByLabel('Stanowisko').selectOption({ label: 'Czynsze' });
    for (const scope of ['tworzenie i uruchamianie wysyłek', 'odczyt wysyłek', 'zarządzanie webhookami']) {
      await dialog.getByLabel(new RegExp(scope)).check();
    }
    await shot(page, '50-api-key-new');
    await dialog.getByRole('button', { name: 'Utwórz klucz' }).click();
    await page.getByText('Skopiuj klucz teraz').waitFor();
    key = (await page.getByRole('dialog').textContent())?.match(/lst_[A-Za-z0-9_-]{43}/)?.[0] ?? '';
    expect(key).not.toBe('');
    await shot(page, '51-api-key-once');
    await page.getByRole('button', { name: 'Gotowe' }).click();
    await page.getByRole('cell', { name: 'Czynsze SM' }).waitFor();
    await page.getByText('jeszcze nie użyty').waitFor();
    await shot(page, '52-api-keys');
  });

  it('the rent system registers its webhook and sends a data file in one call; Pulpit asks for approval', async () => {
    const hook = await asRentSystem('POST', '/api/webhooks', {
      data: { name: 'Czynsze SM', url: receiver.url, positionId: null, eventTypes: ['queued', 'sent'] },
    });
    expect(hook.status).toBe(201);
    hookSecret = hook.body.secret;

    const positions = await apiRequest<{ id: string; name: string }[]>(page, server.url, 'GET', '/api/positions');
    const czynsze = positions.find((p) => p.name === 'Czynsze')?.id as string;
    const units = generateDemoData()
      .properties.flatMap((p) => p.units.map((u) => ({ key: u.externalKey, kind: u.kind, propertyKind: p.kind })))
      .slice(0, 4);
    const items = units.map((u) => ({ recipientKey: u.key, data: demoFeeNotice(u, '2027-01') }));
    const sent = await asRentSystem('POST', `/api/intake?positionId=${czynsze}`, {
      multipart: {
        type: 'fee_notice',
        positionId: czynsze,
        period: '2027-01',
        file: {
          name: 'czynsze-2027-01.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify({ items })),
        },
      },
    });
    expect(sent.status).toBe(202);

    await page.goto(`${server.url}/`);
    // Named by the month of its documents, as a batch made in the wizard for a month is.
    const approval = page.getByTestId('attention').getByText(/styczeń 2027 — wiadomości: \d+; sprawdź i przekaż/);
    await approval.waitFor({ timeout: 60_000 });
    await shot(page, '53-pulpit-approval');
    await approval.click();
    await page.getByRole('button', { name: 'Wyślij teraz' }).first().click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /Tak, wyślij/ })
      .click();
    await waitFor('queued and sent at the webhook', () => receiver.received.length >= 2);
    await shot(page, '54-batch-sent');
  });

  it('the webhook hears queued and sent, signed; its delivery log shows them', async () => {
    const types = () => receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type);
    await waitFor('a sent event', () => types().includes('sent'));
    const now = Math.floor(Date.now() / 1000);
    for (const r of receiver.received) {
      expect(verifyDelivery(hookSecret, r.headers['listonosz-signature'] as string, r.body, now)).toBe('ok');
    }
    expect(types()).toContain('queued');

    await openSettings(page, server.url, 'Webhooki');
    await page.getByRole('cell', { name: 'Czynsze SM' }).waitFor();
    await shot(page, '55-webhooks');
    await page.getByRole('button', { name: 'Doręczenia' }).first().click();
    await page.getByRole('dialog').getByText('doręczone').first().waitFor({ timeout: 30_000 });
    await shot(page, '56-webhook-deliveries');
  });
  it('a drop folder set in Stanowiska: a good file becomes a batch, a bad one goes to odrzucone/ with a report', async () => {
    await openSettings(page, server.url, 'Stanowiska');
    await page
      .getByRole('row', { name: /Czynsze/ })
      .getByRole('button', { name: 'Edytuj' })
      .click();
    await page.getByRole('button', { name: 'Dodaj folder' }).click();
    await page.getByRole('textbox', { name: 'Folder' }).fill('czynsze/zawiadomienia');
    await page.getByRole('button', { name: 'Zapisz zasady' }).click();
    await page.getByText('Zapisano zasady wysyłki stanowiska.').waitFor();
    await shot(page, '57-position-drop-folder');

    const folder = path.join(server.dataDir, 'drop', 'czynsze', 'zawiadomienia');
    mkdirSync(folder, { recursive: true });
    const units = generateDemoData()
      .properties.flatMap((p) => p.units.map((u) => ({ key: u.externalKey, kind: u.kind, propertyKind: p.kind })))
      .slice(4, 6);
    const items = units.map((u) => ({ recipientKey: u.key, data: demoFeeNotice(u, '2027-02') }));
    // Written under a temporary name and renamed in, as a careful program does.
    writeFileSync(path.join(folder, '.czynsze-2027-02.json.part'), JSON.stringify({ items }));
    renameSync(path.join(folder, '.czynsze-2027-02.json.part'), path.join(folder, 'czynsze-2027-02.json'));
    writeFileSync(path.join(folder, 'wydruk-2027-02.pdf'), 'to nie jest PDF');
    const report = path.join(folder, 'odrzucone', 'wydruk-2027-02.pdf.txt');
    await waitFor(
      'the good file processed and the bad one refused',
      () => existsSync(path.join(folder, 'przetworzone', 'czynsze-2027-02.json')) && existsSync(report),
    );
    expect(readFileSync(report, 'utf8')).toMatch(/PDF/);
    await page.goto(`${server.url}/`);
    await page
      .getByTestId('attention')
      .getByText(/luty 2027 — wiadomości: \d+; sprawdź i przekaż/)
      .waitFor({ timeout: 30_000 });
    await shot(page, '58-pulpit-drop-folder-batch');
  });
});

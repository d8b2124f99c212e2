/**
 * Screenshots of KSeF on invoices (D72, 1366×768): the wizard's summary listing invoices to businesses without a
 * KSeF number, and the template step's field chips with the KSeF number.
 * Run: npx tsx e2e/ksef-warning.shot.ts [outDir]
 */
import { chromium } from 'playwright-core';
import { salesDocumentSample } from '../src/server/documents/types/sales-document.sample.js';
import { firstRun } from './support/first-run.js';
import { pickPeriod } from './support/send-flow-steps.js';
import { startServer } from './support/server.js';

const out = process.argv[2] ?? '/tmp';
const server = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'pl-PL' });
  const page = await context.newPage();
  await firstRun(page, server);
  const me = await (await page.request.get(`${server.url}/api/auth/me`)).json();
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await page.request.fetch(`${server.url}${path}`, {
      method,
      headers: { 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' },
      data: body,
    });
    if (res.status() >= 400) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return res.json();
  };
  const units = await api('GET', '/api/units?limit=3');
  const keyed = (units.items ?? units).filter((u: { externalKey: string | null }) => u.externalKey);
  const s = salesDocumentSample();
  const items = [
    {
      number: 'FV/2026/02/0101',
      ksefNumber: null,
      ksefHash: null,
      buyer: { ...s.buyer, name: 'Serwis Dźwigów „Winda” sp. z o.o.' },
    },
    { number: 'FV/2026/02/0102', ksefHash: null },
    { number: 'FV/2026/02/0103' },
  ].map((over, i) => ({ recipientKey: keyed[i % keyed.length].externalKey, data: { ...s, ...over } }));
  await api('POST', '/api/documents/import', { type: 'sales_document', items });

  await page.goto(`${server.url}/wysylka`);
  await page.getByRole('combobox', { name: /^Rodzaj dokumentu/ }).selectOption({ label: 'Faktura / nota' });
  await pickPeriod(page, '2026-02');
  await page
    .getByTestId('doc-count')
    .filter({ hasText: /Znaleziono/ })
    .waitFor();
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByRole('combobox', { name: /^Stanowisko/ }).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByTestId('preview-subject').waitFor();
  const chip = page.getByRole('button', { name: /Numer faktury w KSeF/ });
  await chip.scrollIntoViewIfNeeded();
  await chip.hover();
  await page.screenshot({ path: `${out}/ksef-template-chips.png` });
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByTestId('ksef-warnings').waitFor();
  await page.getByTestId('ksef-warnings').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/ksef-wizard-summary.png` });
  await page.screenshot({ path: `${out}/ksef-wizard-summary-full.png`, fullPage: true });
} finally {
  await browser.close();
  await server.stop();
}

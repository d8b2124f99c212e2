/**
 * A screenshot of the batch page after sending (1366×768): a first batch for one property is sent, then a second
 * for the whole month leaves those notices out, is sent too (two addresses refused by the server) and photographed.
 * Run: npx tsx e2e/batch-page.shot.ts [outDir]
 */
import { chromium } from 'playwright-core';
import { startSink } from '../test/support/smtp-sink.js';
import { firstRun } from './support/first-run.js';
import { nextPeriod, pickPeriod, waitFor } from './support/send-flow-steps.js';
import { startServer } from './support/server.js';

const out = process.argv[2] ?? '/tmp';
let refused = 0;
const refusedSet = new Set<string>();
const sink = await startSink({
  script: (rcpt) => {
    if (refusedSet.has(rcpt) || (refused < 2 && rcpt.includes('.'))) {
      if (!refusedSet.has(rcpt)) refused++;
      refusedSet.add(rcpt);
      return { kind: 'reject', at: 'rcpt', code: 550, message: '5.1.1 User unknown' };
    }
    return { kind: 'accept' };
  },
});
const server = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'pl-PL' });
  const page = await context.newPage();
  await firstRun(page, server);

  const me = await (await page.request.get(`${server.url}/api/auth/me`)).json();
  const headers = { 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await page.request.fetch(`${server.url}${path}`, {
      method,
      headers: body === undefined ? { 'x-csrf-token': me.csrfToken } : headers,
      data: body,
    });
    if (res.status() >= 400) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return res.json();
  };
  const account = await api('POST', '/api/accounts', {
    name: 'Czynsze — test',
    fromName: 'Administracja',
    fromAddress: 'czynsze@zarzadca.example.pl',
    feedbackAddress: 'zwroty@zarzadca.example.pl',
    host: '127.0.0.1',
    port: sink.port,
    security: 'none',
  });
  const positions = await api('GET', '/api/positions');
  const czynsze = positions.find((p: { name: string }) => p.name === 'Czynsze');
  await api('PUT', `/api/positions/${czynsze.id}/accounts`, { accounts: [{ accountId: account.id, role: 'default' }] });
  const period = nextPeriod();
  const docs = await api('GET', `/api/documents?type=fee_notice&period=${period}&limit=1`);
  const propertyId = docs.items[0].propertyId;

  const sendBatch = async (selection: Record<string, string>) => {
    const b = await api('POST', '/api/batches', { documentType: 'fee_notice', positionId: czynsze.id, selection });
    await api('POST', `/api/batches/${b.id}/run`);
    for (;;) {
      const now = await api('GET', `/api/batches/${b.id}`);
      if (now.status === 'ready') break;
      if (now.status === 'failed') throw new Error(now.error);
      await new Promise((r) => setTimeout(r, 300));
    }
    await api('POST', `/api/batches/${b.id}/queue`, {});
    for (;;) {
      const now = await api('GET', `/api/batches/${b.id}`);
      if (now.messages.queued === 0) return now;
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const first = await sendBatch({ period, propertyId });
  console.log('first', first.name, first.messages);
  const preview = await api('POST', '/api/batches/preview', {
    documentType: 'fee_notice',
    positionId: czynsze.id,
    selection: { period },
  });
  console.log('preview', JSON.stringify(preview));
  // The wizard's last step says it before anything is made.
  await page.goto(`${server.url}/wysylka`);
  await page
    .getByRole('combobox', { name: /^Rodzaj dokumentu/ })
    .selectOption({ label: 'Zawiadomienie o wysokości opłat' });
  await pickPeriod(page, period);
  await page
    .getByTestId('doc-count')
    .filter({ hasText: /Znaleziono/ })
    .waitFor();
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByRole('combobox', { name: /^Stanowisko/ }).selectOption({ label: 'Czynsze' });
  const chosen = page.getByRole('combobox', { name: /^Konto wysyłkowe/ });
  await waitFor('the default account', async () =>
    ((await chosen.locator('option:checked').textContent()) ?? '').includes('Czynsze'),
  );
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByTestId('preview-subject').waitFor();
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByTestId('already-sent').waitFor();
  await page.screenshot({ path: `${out}/wizard-summary-already-sent.png`, fullPage: true });

  const second = await sendBatch({ period });
  console.log('second', second.name, second.messages, 'skipped', second.skippedAlreadySent);

  await page.goto(`${server.url}/wysylki/${second.id}`);
  await page.getByTestId('batch-counts').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/batch-page-after-sending.png` });
  await page.screenshot({ path: `${out}/batch-page-after-sending-full.png`, fullPage: true });
  await page.getByTestId('count-sent').click();
  await page.getByRole('table').waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/sent-filtered-by-batch.png` });
} finally {
  await browser.close();
  await server.stop();
  await sink.close();
}

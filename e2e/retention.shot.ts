/**
 * Screenshots (1366×768) of Ustawienia → Przechowywanie danych with a value below the legal minimum refused, and of
 * "Usuń dane adresata" on a demo recipient's card saying what goes and what is kept (D76).
 * Run: npx tsx e2e/retention.shot.ts [outDir]
 */
import { chromium } from 'playwright-core';
import { firstRun } from './support/first-run.js';
import { startServer } from './support/server.js';

const out = process.argv[2] ?? '/tmp';
const server = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'pl-PL',
    timezoneId: 'Europe/Warsaw',
  });
  const page = await context.newPage();
  await firstRun(page, server);
  await page.goto(`${server.url}/ustawienia?zakladka=przechowywanie`);
  const tax = page.getByRole('textbox', { name: 'Dokumenty podatkowe' });
  await tax.waitFor();
  await tax.fill('4');
  await page.getByText(/art\. 86 Ordynacji podatkowej, art\. 112/).waitFor();
  await page.screenshot({ path: `${out}/retention-settings.png`, fullPage: true });

  const list = await (await page.request.get(`${server.url}/api/recipients?limit=1`)).json();
  const id = list.items[0].id;
  await page.goto(`${server.url}/adresaci/${id}`);
  await page.getByRole('button', { name: 'Usuń dane adresata' }).click();
  await page.getByTestId('erasure-preview').waitFor();
  await page.waitForTimeout(500); // the modal's fade-in
  await page.screenshot({ path: `${out}/retention-erase.png` });
  console.log(`screenshots in ${out}: retention-settings.png, retention-erase.png`);
} finally {
  await browser.close();
  await server.stop();
}

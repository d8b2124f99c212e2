/**
 * Screenshots of the PDF password settings (1366×768, D71): the batch wizard's summary with a password chosen,
 * Szablony with the rule of a document type, and the account form.
 * Run: npx tsx e2e/pdf-password.shot.ts [outDir]
 */
import { chromium } from 'playwright-core';
import { firstRun } from './support/first-run.js';
import { nextPeriod, pickPeriod } from './support/send-flow-steps.js';
import { startServer } from './support/server.js';

const out = process.argv[2] ?? '/tmp';
const server = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'pl-PL' });
  const page = await context.newPage();
  await firstRun(page, server);

  await page.goto(`${server.url}/wysylka`);
  await page.getByRole('heading', { name: 'Nowa wysyłka', level: 2 }).waitFor();
  await page
    .getByRole('combobox', { name: /^Rodzaj dokumentu/ })
    .selectOption({ label: 'Zawiadomienie o wysokości opłat' });
  await pickPeriod(page, nextPeriod());
  await page.getByRole('radio', { name: /Dokumenty już w systemie/ }).check();
  await page
    .getByTestId('doc-count')
    .filter({ hasText: /Znaleziono/ })
    .waitFor();
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByRole('combobox', { name: /^Stanowisko/ }).selectOption({ label: 'Czynsze' });
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByTestId('preview-subject').waitFor();
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByText('Brak załączników dodatkowych.').waitFor();
  await page.getByRole('button', { name: 'Dalej' }).click();
  await page.getByRole('table', { name: 'Podsumowanie wysyłki' }).waitFor();
  const select = page.getByRole('combobox', { name: /^Hasło do PDF-ów w tej wysyłce/ });
  await select.selectOption('nrb_digits');
  await page.getByText(/W e-mailu: „Plik PDF jest zabezpieczony hasłem/).waitFor();
  await select.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/pdf-password-batch.png` });

  await page.goto(`${server.url}/ustawienia`);
  await page.getByRole('tab', { name: 'Szablony' }).click();
  await page.getByTestId('type-pdf-password').waitFor();
  await page.getByRole('combobox', { name: /^Hasło do PDF-ów według rodzaju/ }).selectOption('recipient_code');
  await page.screenshot({ path: `${out}/pdf-password-types.png` });

  await page.getByRole('tab', { name: 'Konta e-mail' }).click();
  await page.getByRole('button', { name: 'Edytuj' }).first().click();
  const section = page.getByTestId('account-pdf-password');
  await section.waitFor();
  await section.getByRole('combobox').selectOption('nrb_digits');
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/pdf-password-account.png` });
  console.log('saved', out);
} finally {
  await browser.close();
  await server.stop();
}

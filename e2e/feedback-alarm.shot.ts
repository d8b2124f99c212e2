/**
 * Screenshots (1366×768) for issue 12: Ustawienia → Konta e-mail with an account's feedback alarm (D55), Pulpit with
 * the same alarm, and the feedback mailbox form with the "Przetwarzaj pocztę od" calendar open.
 * The alarm is written into the server's SQLite database as the feedback sink writes it (D48).
 * Run: npx tsx e2e/feedback-alarm.shot.ts [outDir]
 */
import path from 'node:path';
import Database from 'better-sqlite3';
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
  await firstRun(page, server, undefined, { demo: false });
  const me = await (await page.request.get(`${server.url}/api/auth/me`)).json();
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await page.request.fetch(`${server.url}${p}`, {
      method,
      headers: { 'x-csrf-token': me.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      data: body,
    });
    if (res.status() >= 400) throw new Error(`${method} ${p}: ${res.status()} ${await res.text()}`);
    return res.status() === 204 ? null : res.json();
  };
  const account = await api('POST', '/api/accounts', {
    name: 'Czynsze',
    fromName: 'Administracja Osiedla Zielone',
    fromAddress: 'czynsze@zarzadca.example.pl',
    feedbackAddress: 'zwroty@zarzadca.example.pl',
    host: 'smtp.zarzadca.example.pl',
    port: 587,
    security: 'starttls',
  });
  const db = new Database(path.join(server.dataDir, 'listonosz.db'));
  db.prepare('update smtp_accounts set feedback_alarm_at = ?, feedback_alarm_reason = ? where id = ?').run(
    new Date(Date.now() - 40 * 60_000).toISOString(),
    'sender_authentication',
    account.id,
  );
  db.close();

  await page.goto(`${server.url}/ustawienia?zakladka=konta`);
  await page.getByTestId('feedback-alarm').first().waitFor();
  await page.screenshot({ path: `${out}/feedback-alarm-accounts.png`, animations: 'disabled' });
  await page.goto(`${server.url}/`);
  await page.getByTestId('feedback-alarm').first().waitFor();
  await page.screenshot({ path: `${out}/feedback-alarm-pulpit.png`, animations: 'disabled' });

  await page.goto(`${server.url}/ustawienia?zakladka=skrzynki`);
  await page.getByRole('button', { name: 'Dodaj skrzynkę' }).click();
  const field = page.getByText('Przetwarzaj pocztę od', { exact: true });
  await field.scrollIntoViewIfNeeded();
  await page.getByLabel('Dzień').click();
  await page.keyboard.type('05122026');
  await page.getByLabel('Godzina').click();
  await page.keyboard.type('0730');
  await page.screenshot({ path: `${out}/feedback-mailbox-since-typed.png`, animations: 'disabled' });
  await page.getByLabel('Dzień').click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/feedback-mailbox-since-picker.png`, animations: 'disabled' });
} finally {
  await browser.close();
  await server.stop();
}

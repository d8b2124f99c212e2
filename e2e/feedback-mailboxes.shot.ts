/**
 * A screenshot of Ustawienia → Skrzynki zwrotne (1366×768) with the reader's status as a real `listonosz start`
 * reports it (D51): one mailbox read from a private Dovecot, one whose password the server refuses, one added a
 * moment ago that no worker reads yet, one switched off. Also checks that the worker logged the refused one once.
 * Run: npx tsx e2e/feedback-mailboxes.shot.ts [outDir]
 */
import { chromium } from 'playwright-core';
import { startDovecot } from '../test/support/dovecot.js';
import { firstRun } from './support/first-run.js';
import { startServer } from './support/server.js';

const out = process.argv[2] ?? '/tmp';
const dovecot = await startDovecot();
const good = await dovecot.addUser('zwroty');
await dovecot.addUser('ksiegowosc', 'inne-haslo');
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
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await page.request.fetch(`${server.url}${path}`, {
      method,
      headers: { 'x-csrf-token': me.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      data: body,
    });
    if (res.status() >= 400) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return res.status() === 204 ? null : res.json();
  };
  const mailbox = (name: string, username: string, password: string, extra: Record<string, unknown> = {}) =>
    api('POST', '/api/feedback-mailboxes', {
      name,
      host: '127.0.0.1',
      port: dovecot.port,
      security: 'none',
      username,
      password,
      ...extra,
    });
  const read = await mailbox('Zwroty Czynsze', good.user, good.password);
  const refused = await mailbox('Zwroty Księgowość', 'ksiegowosc', 'stare-haslo');
  await mailbox('Zwroty archiwum', good.user, good.password, { status: 'inactive' });
  const status = async (id: string) => (await api('GET', `/api/feedback-mailboxes/${id}`)).reader;
  for (let i = 0; ; i++) {
    const [a, b] = [await status(read.id), await status(refused.id)];
    if (a.status === 'ok' && b.status === 'error') break;
    if (i > 120) throw new Error(`reader status not reached: ${JSON.stringify([a, b])}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  // Added after the worker's last look at the list: nobody reads it until the next one (30 s).
  await mailbox('Zwroty Techniczny', good.user, good.password);
  await page.goto(`${server.url}/ustawienia?zakladka=skrzynki`);
  await page.getByText('Nikt jej nie czyta').waitFor();
  await page.getByText(/Odczyt nie działa od/).waitFor();
  await page.screenshot({ path: `${out}/feedback-mailboxes-settings.png`, fullPage: true, animations: 'disabled' });
  await page.screenshot({ path: `${out}/feedback-mailboxes-settings-viewport.png`, animations: 'disabled' });
  const warnings = server
    .output()
    .split('\n')
    .filter((l) => l.includes('feedback mailbox: cannot read it'));
  console.log(`worker warnings: ${warnings.length}`);
  for (const w of warnings) console.log(w);
  if (warnings.length !== 1 || !warnings[0]?.includes('Zwroty Księgowość') || warnings[0].includes('stare-haslo')) {
    throw new Error('expected exactly one warning naming the refused mailbox, without its password');
  }
} finally {
  await browser.close();
  await server.stop();
  await dovecot.stop();
}

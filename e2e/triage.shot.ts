/**
 * Screenshots of Pulpit's "Wymaga uwagi" with feedback items and of "Do przejrzenia" (1366×768, D50): the demo
 * data, an account with a feedback mailbox, messages marked sent, then mail handed to the real classifier and
 * event sink over the server's own database (a tenant's reply, two unknown mails, one bounce).
 * Run: npx tsx e2e/triage.shot.ts [outDir]
 */
import { chromium } from 'playwright-core';
import { tenantReply } from '../test/support/feedback-reports.js';
import { crlf, withFeedbackMail } from './support/feedback-seed.js';
import { apiRequest, firstRun } from './support/first-run.js';
import { startServer } from './support/server.js';

const out = process.argv[2] ?? '/tmp';
const server = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'pl-PL' });
  const page = await context.newPage();
  await firstRun(page, server);
  const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) =>
    apiRequest<T>(page, server.url, method, url, data);
  const account = await api<{ id: string }>('POST', '/api/accounts', {
    name: 'Czynsze — zwroty',
    fromName: 'Administracja',
    fromAddress: 'czynsze@zarzadca.example.pl',
    feedbackAddress: 'zwroty@zarzadca.example.pl',
    host: '127.0.0.1',
    port: 2599,
    security: 'none',
  });
  const positions = await api<{ id: string; name: string }[]>('GET', '/api/positions');
  const czynsze = positions.find((p) => p.name === 'Czynsze')!;
  await api('PUT', `/api/positions/${czynsze.id}/accounts`, { accounts: [{ accountId: account.id, role: 'default' }] });
  await withFeedbackMail(
    page,
    server,
    account.id,
    ['jan.kowalski@example.pl', 'ewa.nowak@example.pl', 'adam.brak@example.pl'],
    async (sent, feed, db) => {
      await feed(tenantReply(sent[0]!, { text: 'Dzień dobry, proszę o korektę — w lokalu mieszkają 2 osoby, nie 3.' }));
      await feed(
        crlf([
          'From: Biuro Obsługi Klienta <newsletter@energia.example.pl>',
          'To: zwroty@zarzadca.example.pl',
          'Subject: Nowy cennik energii od stycznia',
          'List-Unsubscribe: <mailto:wypisz@energia.example.pl>',
          'Date: Sun, 6 Dec 2026 09:00:00 +0100',
          'MIME-Version: 1.0',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<h2>Nowy cennik</h2><p>Szanowni Państwo, od <b>1 stycznia</b> obowiązuje nowy cennik.</p><script>alert(1)</script>',
        ]),
      );
      await feed(
        crlf([
          'From: Poczta <postmaster@maly-serwer.example.pl>',
          'To: zwroty@zarzadca.example.pl',
          'Subject: Powiadomienie systemu pocztowego',
          'Date: Sun, 6 Dec 2026 09:30:00 +0100',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Nie można dostarczyć: skrzynka adam.brak@example.pl została zlikwidowana w listopadzie.',
        ]),
      );
      await db
        .updateTable('messages')
        .set({ status: 'bounced', mailbox: 'failed' })
        .where('id', '=', sent[1]!.id)
        .execute();
    },
  );

  await page.goto(`${server.url}/`);
  await page.getByText('nowa odpowiedź od adresata').waitFor({ timeout: 20_000 });
  await page.getByText('Wymaga uwagi').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/triage-pulpit.png` });
  await page.getByRole('link', { name: /Do przejrzenia\)/ }).click();
  await page.getByRole('table', { name: 'Do przejrzenia' }).waitFor();
  await page.screenshot({ path: `${out}/triage-list.png` });
  await page.getByRole('link', { name: 'Powiadomienie systemu pocztowego' }).click();
  await page.getByText('Dlaczego Listonosz tego nie rozpoznał').waitFor();
  await page.getByRole('button', { name: 'To zwrot (adres nie istnieje)' }).click();
  await page.getByLabel('Znajdź wysłaną wiadomość').fill('adam');
  await page.getByRole('radio', { name: /adam\.brak@example\.pl/ }).check();
  await page.screenshot({ path: `${out}/triage-mail.png`, fullPage: true });
  await page.getByRole('button', { name: 'Oznacz jako zwrot i zablokuj adres' }).click();
  await page.getByText('Oznaczono jako zwrot').waitFor();
  await page.screenshot({ path: `${out}/triage-after.png` });
  await page.goto(`${server.url}/do-przejrzenia`);
  await page.getByText('Nowy cennik energii od stycznia').click();
  await page.getByText('Wygląd (HTML)').click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/triage-html.png` });
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await server.stop();
}

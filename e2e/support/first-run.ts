/** Steps every browser test (and the screenshot scripts) takes: the first run, the app's API from the page. */
import type { Page } from 'playwright-core';
import type { E2EServer } from './server.js';

/** The administrator the browser tests create at the first run. */
export const ADMIN = { displayName: 'Anna Kowalska', login: 'anna', password: 'Tajne-haslo-2026' };

/** Fills the first-run form with `admin` (the page shows it already). */
export async function fillFirstRun(page: Page, admin: typeof ADMIN) {
  await page.getByRole('textbox', { name: /Imię i nazwisko/ }).fill(admin.displayName);
  await page.getByRole('textbox', { name: /^Login/ }).fill(admin.login);
  await page.getByLabel(/^Hasło/).fill(admin.password);
}

/**
 * The first run through the set-up link: the administrator `admin`, with the demo data (checked by default; waited
 * for) or without, then Pulpit.
 */
export async function firstRun(
  page: Page,
  server: Pick<E2EServer, 'setupUrl'>,
  admin: typeof ADMIN = ADMIN,
  options: { demo: boolean } = { demo: true },
) {
  await page.goto(server.setupUrl);
  await page.getByRole('heading', { name: 'Pierwsze uruchomienie' }).waitFor();
  await fillFirstRun(page, admin);
  const demo = page.getByRole('checkbox', { name: /dane demonstracyjne/i });
  if (!(await demo.isChecked())) throw new Error('the first-run form should offer the demo data by default');
  if (!options.demo) await demo.uncheck();
  await page.getByRole('button', { name: 'Utwórz administratora' }).click();
  await page.getByRole('heading', { name: 'Pulpit', level: 2 }).waitFor({ timeout: 90_000 });
  if (options.demo) await page.getByText('Dane demonstracyjne wczytane.').waitFor({ timeout: 120_000 });
}

/** The app's API through the page's session (its cookie; the CSRF token asked from /api/auth/me). */
export async function apiRequest<T>(
  page: Page,
  base: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  data?: unknown,
  /** For a slow request (an import rendering PDFs on a busy machine); the context's default otherwise. */
  timeoutMs?: number,
): Promise<T> {
  const me = await page.request.get(`${base}/api/auth/me`);
  const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
  const res = await page.request.fetch(`${base}${url}`, {
    method,
    headers: method === 'GET' ? {} : { 'x-csrf-token': csrf },
    ...(data !== undefined ? { data } : {}),
    ...(timeoutMs ? { timeout: timeoutMs } : {}),
  });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

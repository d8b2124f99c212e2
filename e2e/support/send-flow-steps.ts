/** UI steps and small helpers of the send-flow browser test (settings, accounts, the period picker, log-in). */
import type { Page } from 'playwright-core';
/** Next month (YYYY-MM) as the demo loader computes it (UTC). */
export function nextPeriod(): string {
  const next = new Date();
  next.setUTCMonth(next.getUTCMonth() + 1, 1);
  return next.toISOString().slice(0, 7);
}

export async function waitFor<T>(
  what: string,
  fn: () => T | Promise<T>,
  timeoutMs = 60_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A header of a raw message (first occurrence, unfolded). */
export function header(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const m = new RegExp(`^${name}:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, 'im').exec(head);
  return m?.[1] ? m[1].replace(/\r?\n[ \t]/g, ' ').trim() : null;
}

export async function openSettings(p: Page, base: string, tab: string) {
  await p.goto(`${base}/ustawienia`);
  await p.getByRole('tab', { name: tab }).click();
}

export async function fillAccount(p: Page, a: { name: string; from: string; port: number }) {
  await p.getByRole('textbox', { name: /^Nazwa konta/ }).fill(a.name);
  await p.getByRole('textbox', { name: /^Nadawca — nazwa/ }).fill('Administracja Osiedla');
  await p.getByRole('textbox', { name: /^Nadawca — adres e-mail/ }).fill(a.from);
  await p.getByRole('textbox', { name: /^Adres zwrotny/ }).fill('zwroty@zarzadca.example.pl');
  await p.getByRole('textbox', { name: /^Serwer/ }).fill('127.0.0.1');
  await p.getByRole('textbox', { name: /^Port/ }).fill(String(a.port));
  await p.getByRole('combobox', { name: /^Zabezpieczenie/ }).selectOption('none');
}

export async function saveAccount(p: Page, name: string) {
  await p.getByRole('button', { name: 'Zapisz', exact: true }).click();
  await p.getByText(`Zapisano konto „${name}”.`).waitFor();
  await p.getByRole('row').filter({ hasText: name }).first().waitFor();
}

/**
 * Stanowiska → Edytuj <position> → `account` becomes the default; with `only`, every other account is unassigned
 * (the demo binds the sandbox account to every position). The caller saves.
 */
export async function bindAccount(
  p: Page,
  base: string,
  position: string,
  account: string,
  options: { only?: boolean } = {},
) {
  await openSettings(p, base, 'Stanowiska');
  const row = p.getByRole('row').filter({ has: p.getByText(position, { exact: true }) });
  await row.getByRole('button', { name: 'Edytuj' }).click();
  await p.getByRole('heading', { name: `Stanowisko „${position}”` }).waitFor();
  await p.getByRole('combobox', { name: `Rola konta ${account}` }).selectOption('default');
  if (options.only) {
    const roles = p.getByRole('combobox', { name: /^Rola konta / });
    for (let i = 0; i < (await roles.count()); i++) {
      const role = roles.nth(i);
      if ((await role.getAttribute('aria-label')) !== `Rola konta ${account}`) await role.selectOption('');
    }
  }
}

export const MONTHS_SHORT = ['sty', 'lut', 'mar', 'kwi', 'maj', 'cze', 'lip', 'sie', 'wrz', 'paź', 'lis', 'gru'];

/** The wizard's period: a plain month field, or Mantine's month picker (year level, then the month's cell). */
export async function pickPeriod(p: Page, period: string) {
  const field = p.getByLabel(/^Okres \(miesiąc\)/);
  if ((await field.evaluate((el) => el.tagName)) === 'INPUT') return field.fill(period);
  const [year, month] = period.split('-').map(Number) as [number, number];
  await field.click();
  const dropdown = p.getByRole('dialog');
  await dropdown.waitFor();
  // The level control is named by its aria-label ("Wybierz rok"); its text is the year shown.
  const level = dropdown
    .locator('button')
    .filter({ hasText: /^\s*\d{4}\s*$/ })
    .first();
  for (let i = 0; i < 5; i++) {
    const shown = Number(await level.textContent());
    if (shown === year) break;
    await dropdown.getByRole('button', { name: shown < year ? 'Następny rok' : 'Poprzedni rok' }).click();
  }
  await dropdown
    .locator('button')
    .filter({ hasText: new RegExp(`^\\s*${MONTHS_SHORT[month - 1]}\\.?\\s*$`, 'i') })
    .click();
  await dropdown.waitFor({ state: 'hidden' });
}

/** Signs in (the app stays on the address it was at, e.g. the previous user's Ustawienia), then opens Pulpit. */
export async function login(
  p: Page,
  base: string,
  who: { login: string; password: string; displayName: string },
  /** A password an administrator set must be replaced first: the app shows only the change form. */
  newPassword?: string,
) {
  await p.getByRole('heading', { name: 'Logowanie' }).waitFor();
  await p.getByRole('textbox', { name: /^Login/ }).fill(who.login);
  await p.getByLabel(/^Hasło/).fill(who.password);
  await p.getByRole('button', { name: 'Zaloguj się' }).click();
  if (newPassword) {
    await p.getByText('Ustaw własne hasło').first().waitFor();
    await p.getByLabel(/^Obecne hasło/).fill(who.password);
    await p.getByLabel(/^Nowe hasło/).fill(newPassword);
    await p.getByRole('button', { name: 'Zapisz nowe hasło' }).click();
  }
  await p.getByRole('button', { name: 'Wyloguj' }).waitFor();
  await p.getByText(who.displayName).first().waitFor();
  await p.goto(`${base}/`);
  await p.getByRole('heading', { name: 'Pulpit', level: 2 }).waitFor();
}

/** Messages (rows) of a mailbox list that mention `text`; the list is reloaded until `count` holds. */
export async function waitForRows(
  p: Page,
  base: string,
  url: string,
  text: string,
  count: (n: number) => boolean,
  timeoutMs = 60_000,
) {
  await waitFor(
    `${url}: rows with "${text}"`,
    async () => {
      await p.goto(`${base}${url}`);
      await p.getByRole('heading', { name: 'Skrzynki', level: 2 }).waitFor();
      await p.waitForLoadState('networkidle');
      return count(await p.locator('tbody tr').filter({ hasText: text }).count());
    },
    timeoutMs,
    1000,
  );
}

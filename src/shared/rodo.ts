import { z } from './zod.js';

const line = (max: number) => z.string().trim().max(max);

/**
 * The RODO information footer (art. 13 RODO) appended to every e-mail (D66): who the controller is, how to reach
 * the data protection officer and where the full information clause is. Plain text only — it is escaped for HTML.
 */
export const RodoFooter = z.object({
  /** Administrator danych: the office's name and address. */
  controller: line(300).min(1, 'Podaj administratora danych (nazwę i adres).'),
  /** Inspektor ochrony danych: a name and/or an e-mail address. */
  dpo: line(200).min(1, 'Podaj kontakt do inspektora ochrony danych.'),
  /** The full information clause; https only. */
  infoUrl: z
    .url({ protocol: /^https$/, error: 'Adres klauzuli informacyjnej musi zaczynać się od https://.' })
    .max(500),
  /** An optional short free text. */
  note: line(500).optional(),
});
export type RodoFooter = z.infer<typeof RodoFooter>;

/** The installation's footer: none until an administrator sets one (existing installations do not change). */
export const InstallationRodoFooter = z.object({ footer: RodoFooter.nullable() });
export type InstallationRodoFooter = z.infer<typeof InstallationRodoFooter>;

/** An account's footer: its own, or (null) the installation's. */
export const AccountRodoFooter = z.object({
  footer: RodoFooter.nullable(),
  /** What its messages carry now: its own footer, else the installation's, else none. */
  effective: RodoFooter.nullable(),
});
export type AccountRodoFooter = z.infer<typeof AccountRodoFooter>;

/** The footer's text part, as every e-mail's text ends (the HTML part says the same, escaped). */
export function footerText(f: RodoFooter): string {
  return [
    '--',
    'Informacja o przetwarzaniu danych osobowych (RODO)',
    `Administrator danych: ${f.controller}`,
    `Inspektor ochrony danych: ${f.dpo}`,
    `Pełna informacja: ${f.infoUrl}`,
    ...(f.note ? [f.note] : []),
  ].join('\n');
}

/** Setting the installation's footer (null removes it). */
export const RodoFooterInput = InstallationRodoFooter.pick({ footer: true });

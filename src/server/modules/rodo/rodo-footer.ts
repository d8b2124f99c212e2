import { footerText, RodoFooter } from '../../../shared/rodo.js';
import type { Db, Row } from '../../db/schema.js';

/** The instance setting holding the installation's footer (JSON); absent = no footer (D66). */
export const RODO_FOOTER_KEY = 'rodo_footer';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A stored footer, read back through its schema; anything unreadable counts as none. */
export function parseFooter(json: string | null | undefined): RodoFooter | null {
  if (!json) return null;
  try {
    const parsed = RodoFooter.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function installationFooter(db: Db): Promise<RodoFooter | null> {
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', RODO_FOOTER_KEY)
    .executeTakeFirst();
  return parseFooter(row?.value);
}

/** The account's own footer, else the installation's, else none. */
export async function effectiveFooter(db: Db, account: Row<'smtp_accounts'>): Promise<RodoFooter | null> {
  return parseFooter(account.rodo_footer) ?? (await installationFooter(db));
}

export function footerHtml(f: RodoFooter): string {
  const url = escapeHtml(f.infoUrl);
  const rows = [
    '<strong>Informacja o przetwarzaniu danych osobowych (RODO)</strong>',
    `Administrator danych: ${escapeHtml(f.controller)}`,
    `Inspektor ochrony danych: ${escapeHtml(f.dpo)}`,
    `Pełna informacja: <a href="${url}">${url}</a>`,
    ...(f.note ? [escapeHtml(f.note)] : []),
  ];
  return `<div style="margin-top:24px;padding-top:8px;border-top:1px solid #ccc;font-size:12px;color:#444">${rows.join('<br>')}</div>`;
}

/** Appends the footer to both parts: the HTML one before `</body>` when the body is a whole document. */
export function withFooter(body: { html: string; text: string }, f: RodoFooter | null): { html: string; text: string } {
  if (!f) return body;
  const text = body.text ? `${body.text.replace(/\s+$/, '')}\n\n${footerText(f)}\n` : `${footerText(f)}\n`;
  const block = footerHtml(f);
  let html = body.html;
  if (html) {
    const end = html.search(/<\/body\s*>/i);
    html = end >= 0 ? `${html.slice(0, end)}${block}${html.slice(end)}` : `${html}${block}`;
  }
  return { html, text };
}

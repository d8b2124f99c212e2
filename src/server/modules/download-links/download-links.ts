import { isIPv4, isIPv6 } from 'node:net';
import type { DownloadLinkMode } from '../../../shared/download-links.js';
import { OFFICE_TIME_ZONE } from '../../lib/dates.js';

/** The longest user agent kept with a download (characters); longer ones are cut. */
export const USER_AGENT_MAX = 300;

/** One link put into a message: its URL, the file it gives and until when. */
export interface PreparedLink {
  position: number;
  filename: string;
  url: string;
  expiresAt: string;
}

/**
 * The network a visitor came from, never the full address (D70): IPv4 to its /24, IPv6 to its /48; an IPv4 mapped
 * into IPv6 (::ffff:a.b.c.d) counts as IPv4. Anything else → null.
 */
export function truncateAddress(ip: string | undefined | null): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const v4 = mapped?.[1] ?? ip;
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(ip)) return null;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  const first = groups.slice(0, 3).map((g) => Number.parseInt(g || '0', 16).toString(16));
  return `${first.join(':')}::/48`;
}

/** The user agent as kept: control characters dropped, whitespace folded, at most USER_AGENT_MAX characters. */
export function boundUserAgent(ua: string | undefined | null): string | null {
  if (!ua) return null;
  const clean = ua
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean ? clean.slice(0, USER_AGENT_MAX) : null;
}

/** When a link made at `from` stops working: `days` later. */
export function linkExpiry(from: Date, days: number): string {
  const ms = Math.floor(from.getTime() / 1000) * 1000 + days * 86_400_000;
  return new Date(ms).toISOString();
}

const dayFormatter = new Intl.DateTimeFormat('pl-PL', {
  timeZone: OFFICE_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** "05.01.2026" in Polish time. */
export const officeDay = (iso: string) => dayFormatter.format(new Date(iso));

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The sentence the RODO footer gains in a message that carries a link (D66, D70). */
export const LINK_RECORD_NOTE =
  'Pobranie dokumentu z linku i potwierdzenie odbioru są odnotowywane (czas, skrócony adres sieciowy i rodzaj ' +
  'przeglądarki) jako dowód doręczenia.';

/** Whether the message keeps its files as attachments in this mode. */
export const keepsAttachments = (mode: DownloadLinkMode) => mode !== 'link';

/**
 * The links added to a message's parts: a plain line per file in the text part, a short block in the HTML part (at
 * the end of the body, before the footer). No image, no tracking pixel: only what the tenant clicks is recorded.
 */
export function withLinks(
  body: { html: string; text: string },
  links: PreparedLink[],
  noteInBlock: boolean,
): { html: string; text: string } {
  if (links.length === 0) return body;
  const lines = links.map(
    (l) => `Dokument do pobrania: ${l.filename} — ${l.url} (link ważny do ${officeDay(l.expiresAt)})`,
  );
  const note = noteInBlock ? [LINK_RECORD_NOTE] : [];
  const text = [body.text.replace(/\s+$/, ''), '', ...lines, ...note].join('\n').replace(/^\n+/, '');
  let html = body.html;
  if (html) {
    const items = links
      .map(
        (l) =>
          `Dokument do pobrania: <a href="${escapeHtml(l.url)}">${escapeHtml(l.filename)}</a> (link ważny do ${officeDay(l.expiresAt)})`,
      )
      .concat(noteInBlock ? [`<small>${escapeHtml(LINK_RECORD_NOTE)}</small>`] : []);
    const block = `<p style="margin-top:16px">${items.join('<br>')}</p>`;
    const end = html.search(/<\/body\s*>/i);
    html = end >= 0 ? `${html.slice(0, end)}${block}${html.slice(end)}` : `${html}${block}`;
  }
  return { html, text: `${text}\n` };
}

import { decodeTransfer, type MimePart, parseHeaderBlock } from './mime.js';

/**
 * Reports are header blocks: message/delivery-status (RFC 3464: one per-message block, then one per recipient),
 * message/disposition-notification (RFC 8098) and message/feedback-report (RFC 5965). Field names lower case.
 */
export type Fields = Map<string, string>;

export function fieldBlocks(part: MimePart, maxBlocks = 100): Fields[] {
  const text = decodeTransfer(part).toString('utf8');
  const blocks: Fields[] = [];
  for (const chunk of text.split(/\r?\n[ \t]*\r?\n/)) {
    if (blocks.length >= maxBlocks) break;
    const fields: Fields = new Map();
    for (const [k, v] of parseHeaderBlock(chunk.replace(/^\s*\r?\n/, ''))) if (!fields.has(k)) fields.set(k, v);
    if (fields.size) blocks.push(fields);
  }
  return blocks;
}

/** "rfc822; Jan@WP.pl" → "jan@wp.pl"; anything without an address → null. */
export function addressOf(value: string | undefined): string | null {
  if (!value) return null;
  const v = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  const m = v.match(/<?([^\s<>;"'@]{1,64}@[^\s<>;"']{1,253}?)>?(?:\s|$)/);
  return m ? (m[1] as string).toLowerCase().replace(/[.,]$/, '') : null;
}

/** "dns; mx.wp.pl" → "mx.wp.pl"; "smtp; 550 5.1.1 …" → "550 5.1.1 …". */
export function typedValue(value: string | undefined): string | null {
  if (!value) return null;
  const semi = value.indexOf(';');
  const v = semi >= 0 && semi < 12 ? value.slice(semi + 1) : value;
  return v.trim() || null;
}

/** Message-IDs in a header value, without angle brackets. */
export function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const ids = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] as string);
  if (ids.length) return ids;
  const bare = value.trim();
  return bare && !/\s/.test(bare) && bare.includes('@') ? [bare] : [];
}

import { CORRELATION_HEADER } from '../mail/mime.js';
import { messageIds } from './fields.js';
import { decodeWords, header, headerAll, type MimePart, walk } from './mime.js';
import type { CorrelationHints } from './report.js';

/**
 * What ties a feedback message to what we sent, gathered without judging it (correlation is the next step):
 * the VERP tag of the address it came back to, the DSN's ENVID, the Message-ID and X-Listonosz-Message of
 * returned originals (text/rfc822-headers and message/rfc822 parts, nested too, and copies quoted in plain text),
 * RFC 8098 Original-Message-ID, In-Reply-To / References and the sender.
 */
const TAGGED_ALL = /([a-z0-9._%=-]{1,64})\+([^@\s<>"]{1,64})@([a-z0-9.-]{1,253})/gi;
const LIST_HEADER = CORRELATION_HEADER.toLowerCase();
const RETURNED = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);

/** The +tag of the first tagged address among the delivery headers (kept opaque, case as written). */
export function verpTag(root: MimePart, ownDomains: readonly string[] = []): string | null {
  for (const name of ['delivered-to', 'x-original-to', 'envelope-to', 'x-envelope-to', 'to']) {
    for (const value of headerAll(root, name)) {
      if (!value.includes('+')) continue;
      for (const m of value.matchAll(TAGGED_ALL)) {
        const domain = (m[3] as string).toLowerCase();
        if (ownDomains.length && !ownDomains.includes(domain)) continue;
        return m[2] as string;
      }
    }
  }
  return null;
}

export function addressIn(value: string | undefined): { address: string | null; name: string | null } {
  if (!value) return { address: null, name: null };
  const decoded = decodeWords(value);
  const angle = decoded.match(/^(.*?)<([^<>\s]+@[^<>\s]+)>/);
  if (angle) {
    const name = (angle[1] as string).trim().replace(/^"|"$/g, '').trim();
    return { address: (angle[2] as string).toLowerCase(), name: name || null };
  }
  const bare = decoded.match(/([^\s<>"()@]{1,64}@[^\s<>"()]{1,253})/);
  const comment = decoded.match(/\(([^)]*)\)/);
  return { address: bare ? (bare[1] as string).toLowerCase() : null, name: comment?.[1]?.trim() || null };
}

function pushUnique(list: string[], values: string[], max = 20): void {
  for (const v of values) if (list.length < max && !list.includes(v)) list.push(v);
}

/** Header lines quoted inside a plain-text bounce (qmail, Exim and others copy the original below their text). */
const QUOTED = {
  'message-id': /^message-id:[ \t]*(.+)$/gim,
  [LIST_HEADER]: new RegExp(`^${LIST_HEADER}:[ \\t]*(.+)$`, 'gim'),
};
function quotedHeaderIds(text: string, name: 'message-id' | typeof LIST_HEADER): string[] {
  const re = QUOTED[name] as RegExp;
  return [...text.matchAll(re)].flatMap((m) => (name === 'message-id' ? messageIds(m[1]) : [(m[1] as string).trim()]));
}

export function gatherHints(
  root: MimePart,
  bodyText: string,
  extra: { originalEnvelopeId?: string | null; originalMessageId?: string | null; ownDomains?: readonly string[] },
): CorrelationHints {
  const returnedMessageIds: string[] = [];
  const listonoszMessageIds: string[] = [];
  for (const p of walk(root)) {
    const original = RETURNED.has(p.type) ? p.children[0] : undefined;
    if (!original) continue;
    pushUnique(returnedMessageIds, messageIds(header(original, 'message-id')));
    pushUnique(
      listonoszMessageIds,
      headerAll(original, LIST_HEADER).map((v) => v.trim()),
    );
  }
  // A copy quoted after the explanation of a plain-text bounce.
  const firstBlank = bodyText.search(/\n\s*\n/);
  const afterStart = firstBlank < 0 ? '' : bodyText.slice(firstBlank);
  pushUnique(returnedMessageIds, quotedHeaderIds(afterStart, 'message-id'));
  pushUnique(listonoszMessageIds, quotedHeaderIds(afterStart, LIST_HEADER));
  const from = addressIn(header(root, 'from'));
  return {
    verpTag: verpTag(root, extra.ownDomains),
    originalEnvelopeId: extra.originalEnvelopeId ?? null,
    returnedMessageIds,
    listonoszMessageIds,
    originalMessageId: messageIds(extra.originalMessageId ?? undefined)[0] ?? null,
    inReplyTo: messageIds(header(root, 'in-reply-to')).slice(0, 20),
    references: messageIds(header(root, 'references')).slice(-20),
    sender: from.address,
  };
}

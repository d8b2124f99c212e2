import { type ParsedMail, simpleParser } from 'mailparser';
import { cleanLine } from '../../../shared/plain-text.js';

/** Raw replies larger than this are not opened in Odebrane (their stored text is still shown). */
export const MAX_PARSE_BYTES = 25 * 1024 * 1024;
/** Earlier References kept when answering: the newest ones (a long thread must not grow the header without end). */
export const MAX_REFERENCES = 10;

/**
 * A Message-ID as it may be written back into a header (D49): `<…>` of printable ASCII without spaces, angle
 * brackets or control characters, at most 250 characters. Anything else from a tenant's mail is dropped, so
 * nothing they write can add a header line to our reply.
 */
const MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]{1,248}>$/;

export function validMessageId(value: string | undefined | null): string | null {
  const v = value?.trim();
  return v && MESSAGE_ID.test(v) ? v : null;
}

/** In-Reply-To and References for an answer: the tenant's Message-ID after their newest earlier references. */
export function threadHeaders(
  parsed: Pick<ParsedMail, 'messageId' | 'references'> | null,
  fallback: string | null,
): {
  inReplyTo: string | null;
  references: string[];
} {
  const own = validMessageId(parsed?.messageId) ?? null;
  const earlier = (
    Array.isArray(parsed?.references) ? parsed.references : parsed?.references ? [parsed.references] : []
  )
    .flatMap((r) => r.split(/\s+/))
    .map(validMessageId)
    .filter((r): r is string => r !== null && r !== own);
  const fallbackId = validMessageId(fallback);
  const refs = [...new Set([...(earlier.length ? earlier : fallbackId ? [fallbackId] : [])])].slice(-MAX_REFERENCES);
  return { inReplyTo: own, references: own ? [...refs, own] : refs };
}

const PREFIX = {
  reply: { test: /^\s*(re|odp|aw)\s*:/i, add: 'Re: ' },
  forward: { test: /^\s*(fwd?|pd|wg)\s*:/i, add: 'Fwd: ' },
} as const;

/** "Re: …" / "Fwd: …", not doubled; one line, at most 500 characters. */
export function answerSubject(kind: 'reply' | 'forward', subject: string, fallback: string): string {
  const base = cleanLine(subject).trim() || cleanLine(fallback).trim() || '(bez tematu)';
  const p = PREFIX[kind];
  return (p.test.test(base) ? base : `${p.add}${base}`).slice(0, 500);
}

/** The tenant's text quoted under an answer ("> " before each line), introduced without gendered verbs. */
export function quoted(intro: string, text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').trimEnd().split('\n');
  return `${intro}\n${lines.map((l) => (l ? `> ${l}` : '>')).join('\n')}`;
}

/** Parses a stored reply, bounded in size; null when it is too large to open here. */
export async function parseStored(raw: Buffer): Promise<ParsedMail | null> {
  if (raw.length > MAX_PARSE_BYTES) return null;
  return simpleParser(raw, { skipTextLinks: true, skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
}

/** Date and time in Poland for the quote line ("6.12.2026, 11:00"). */
export function polishDateTime(iso: string): string {
  return new Intl.DateTimeFormat('pl-PL', {
    timeZone: 'Europe/Warsaw',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));
}

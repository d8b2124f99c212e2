import { decodePunycode } from './punycode.js';

/**
 * E-mail address rules, shared by the API contract and the web app (so no `node:` imports: domains are converted
 * with the WHATWG URL parser, which applies UTS #46 the same way in Node and in browsers).
 *
 * - Stored form: the local part exactly as typed (NFC), `@`, the domain in Unicode, lower-case
 *   (`Jan@ŻÓŁW.pl` and `Jan@xn--w-uga1v8h.pl` are both stored as `Jan@żółw.pl`).
 * - Same mailbox: the stored form with the local part lower-cased (`mailboxKey`): duplicates and suppressions.
 * - On the wire: an ASCII local part goes with the ASCII (Punycode) domain and needs nothing from the server;
 *   a local part with non-ASCII letters needs the server's SMTPUTF8 (RFC 6531).
 */

/** RFC 5321 §4.5.3.1: local part ≤ 64 octets, a DNS label ≤ 63, a path ≤ 256 octets with its brackets. */
export const EMAIL_LIMITS = { localOctets: 64, labelOctets: 63, addressOctets: 254 } as const;

export const EMAIL_MESSAGES = {
  invalid: 'Nieprawidłowy adres e-mail — sprawdź, czy nie ma literówki.',
  space: 'Nieprawidłowy adres e-mail: w adresie nie może być spacji.',
  invisible:
    'Nieprawidłowy adres e-mail: zawiera niewidoczny znak sterujący (zwykle skopiowany razem z adresem z innego programu) — wpisz adres ponownie.',
  replacement:
    'Nieprawidłowy adres e-mail: zawiera znak „�” — plik zapisano chyba w innym kodowaniu niż wybrane; popraw adres albo kodowanie pliku.',
  domain: 'Nieprawidłowy adres e-mail: błędna domena (część po znaku @) — sprawdź, czy nie ma literówki.',
  localTooLong: `Nieprawidłowy adres e-mail: część przed znakiem @ jest za długa (najwyżej ${EMAIL_LIMITS.localOctets} bajty; polska litera zajmuje 2).`,
  tooLong: `Nieprawidłowy adres e-mail: jest za długi (najwyżej ${EMAIL_LIMITS.addressOctets} bajty; polska litera zajmuje 2, w domenie więcej).`,
  mixedScripts:
    'Nieprawidłowy adres e-mail: łączy litery różnych alfabetów (np. łacińskie z cyrylicą) — tak wyglądają adresy podszywające się pod inne; wpisz adres z klawiatury.',
  character: (c: string) =>
    `Nieprawidłowy adres e-mail: przed znakiem @ nie może być znaku „${c}” — sprawdź, czy nie ma literówki.`,
} as const;

export interface EmailParts {
  /** The stored form: local part as typed (NFC) @ the Unicode domain, lower-case. */
  address: string;
  local: string;
  domain: string;
  asciiDomain: string;
  /** The local part has non-ASCII letters: only a server offering SMTPUTF8 can take it. */
  utf8Local: boolean;
}

export type EmailParse = { ok: true; value: EmailParts } | { ok: false; message: string };

const SPACE = /[\s\p{Z}]/u;
// Controls, format (bidi, zero-width, BOM), surrogates, private use, unassigned; tabs and line ends count as spaces.
const INVISIBLE = /(?![\t\n\r])\p{C}/u;
const ASCII_ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]$/;
const UNICODE_ATEXT = /^[\p{L}\p{M}\p{N}]$/u;
const LOCAL_CHARS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\p{L}\p{M}\p{N}-]+$/u;
const DOMAIN_INPUT = /^[\p{L}\p{M}\p{N}.-]+$/u;
const ASCII_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 length without allocating: most addresses are checked in bulk (imports). */
function octets(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
const PLAIN_ASCII_DOMAIN = /^[A-Za-z0-9.-]+$/;

/** UTS #46 ToASCII through the URL parser; null when the parser refuses the domain. */
function urlDomainToAscii(domain: string): string | null {
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

/** The ASCII and Unicode forms of a domain, or null when it cannot be a mail domain. */
function parseDomain(input: string): { ascii: string; unicode: string } | null {
  if (!DOMAIN_INPUT.test(input)) return null;
  // An ASCII domain without A-labels maps to its lower case (UTS #46); the URL parser is needed for the rest.
  const plain = PLAIN_ASCII_DOMAIN.test(input) && !/(^|\.)xn--/i.test(input);
  const ascii = plain ? input.toLowerCase() : urlDomainToAscii(input);
  if (!ascii) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !TOP_LABEL.test(labels[labels.length - 1] as string)) return null;
  const unicodeLabels: string[] = [];
  for (const label of labels) {
    if (!ASCII_LABEL.test(label)) return null;
    if (label.slice(2, 4) === '--' && !label.startsWith('xn--')) return null;
    const unicode = label.startsWith('xn--') ? decodePunycode(label.slice(4)) : label;
    if (unicode === null) return null;
    unicodeLabels.push(unicode);
  }
  const unicode = unicodeLabels.join('.');
  // An A-label that does not come back from its own decoding (bad or non-canonical Punycode) is refused.
  if (!plain && urlDomainToAscii(unicode) !== ascii) return null;
  return { ascii, unicode };
}

/** Letters of one of these script sets may share a label (UTS #39 "highly restrictive"); any other mix may not. */
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Bopomofo',
  'Thai',
  'Devanagari',
] as const;
const SCRIPT_TESTS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
const ALLOWED_MIXES: ReadonlySet<string>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

/** True when the letters of `part` come from scripts that do not belong together (e.g. Latin "a" and Cyrillic "а"). */
export function mixesScripts(part: string): boolean {
  if (!NON_ASCII.test(part)) return false;
  const seen = new Set<string>();
  for (const ch of part) {
    if (!/\p{L}/u.test(ch)) continue;
    seen.add(SCRIPT_TESTS.find(([, re]) => re.test(ch))?.[0] ?? 'other');
  }
  if (seen.size <= 1) return false;
  return !ALLOWED_MIXES.some((allowed) => [...seen].every((s) => allowed.has(s)));
}

/** The last answer: the API field checks an address and then stores its form, which asks the same question twice. */
let last: { raw: string; result: EmailParse } | null = null;

/** Checks an address and returns its stored form, or the Polish reason it cannot be used. */
export function parseEmailAddress(raw: string): EmailParse {
  if (last?.raw !== raw) last = { raw, result: parse(raw) };
  return last.result;
}

function parse(raw: string): EmailParse {
  const input = raw.trim().normalize('NFC');
  if (input.includes('\uFFFD')) return { ok: false, message: EMAIL_MESSAGES.replacement };
  if (INVISIBLE.test(input)) return { ok: false, message: EMAIL_MESSAGES.invisible };
  if (SPACE.test(input)) return { ok: false, message: EMAIL_MESSAGES.space };
  const at = input.lastIndexOf('@');
  if (at <= 0 || at === input.length - 1) return { ok: false, message: EMAIL_MESSAGES.invalid };
  const local = input.slice(0, at);
  if (local.includes('@')) return { ok: false, message: EMAIL_MESSAGES.invalid };
  if (!LOCAL_CHARS.test(local)) {
    const bad = [...local].find((ch) => ch !== '.' && !ASCII_ATEXT.test(ch) && !UNICODE_ATEXT.test(ch)) ?? local;
    return { ok: false, message: EMAIL_MESSAGES.character(bad) };
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { ok: false, message: EMAIL_MESSAGES.invalid };
  }
  const domain = parseDomain(input.slice(at + 1));
  if (!domain) return { ok: false, message: EMAIL_MESSAGES.domain };
  if (octets(local) > EMAIL_LIMITS.localOctets) return { ok: false, message: EMAIL_MESSAGES.localTooLong };
  const utf8Local = NON_ASCII.test(local);
  // The forms the address can travel in: ASCII with the Punycode domain, or UTF-8 (SMTPUTF8) with either domain.
  const wireForms = utf8Local
    ? [`${local}@${domain.ascii}`, `${local}@${domain.unicode}`]
    : [`${local}@${domain.ascii}`];
  if (wireForms.some((form) => octets(form) > EMAIL_LIMITS.addressOctets)) {
    return { ok: false, message: EMAIL_MESSAGES.tooLong };
  }
  if (mixesScripts(local) || domain.unicode.split('.').some(mixesScripts)) {
    return { ok: false, message: EMAIL_MESSAGES.mixedScripts };
  }
  return {
    ok: true,
    value: {
      address: `${local}@${domain.unicode}`,
      local,
      domain: domain.unicode,
      asciiDomain: domain.ascii,
      utf8Local,
    },
  };
}

/** The stored form of a valid address; anything else comes back trimmed (stored data predating these rules). */
export function canonicalEmail(address: string): string {
  const parsed = parseEmailAddress(address);
  return parsed.ok ? parsed.value.address : address.trim();
}

/**
 * What decides "the same mailbox": the stored form with the local part lower-cased. RFC 5321 lets a server
 * tell `Jan@` from `jan@`, but no real one does; two spellings on one recipient would mean two messages.
 */
export function mailboxKey(address: string): string {
  const parsed = parseEmailAddress(address);
  if (!parsed.ok) return address.trim().toLowerCase();
  return `${parsed.value.local.toLowerCase()}@${parsed.value.domain}`;
}

/** Only a server offering SMTPUTF8 can take this address (its local part is not ASCII). */
export function needsSmtpUtf8(address: string): boolean {
  const at = address.lastIndexOf('@');
  return NON_ASCII.test(at < 0 ? address : address.slice(0, at));
}

/**
 * The address as it goes into MAIL FROM / RCPT TO: an ASCII local part with the Punycode domain (any server takes
 * it); a UTF-8 local part as stored (sent only with SMTPUTF8).
 */
export function wireAddress(address: string): string {
  const parsed = parseEmailAddress(address);
  if (!parsed.ok || parsed.value.utf8Local) return address;
  return `${parsed.value.local}@${parsed.value.asciiDomain}`;
}

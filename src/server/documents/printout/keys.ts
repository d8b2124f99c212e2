/** Whose page is it: matching recipients' keys (external key, NRB, unit number…) in a page's text. */

/** What a page belongs to; `splitPrintout` reports the reason for pages that belong to nobody. */
export type PageMatch =
  | { key: string }
  | { key: null; reason: 'no_key' }
  | { key: null; reason: 'ambiguous'; candidates: string[] };

/** Says whose a page is: a key, null (nobody's), or a PageMatch (with the reason when nobody's). */
export type FindKey = (pageText: string) => string | null | PageMatch;

export interface KeyPatterns {
  key: string;
  /** Texts that identify the key on a page: an external key "L0012", an NRB, "Lipowa 5 m. 12"… */
  patterns: string[];
}

/** Digit-only patterns this long (NRB 26, PESEL 11, NIP 10) are matched however the page spaces them. */
const LONG_NUMBER = 10;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const TOKENS = /[\p{L}\p{N}_]+/gu;

/** Case- and diacritic-insensitive, one space for any whitespace, one kind of dash. */
function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

interface TextPattern {
  key: string;
  text: string;
  /** Whether the pattern ends with a letter/digit: then the page must not continue the word after it. */
  wordEnd: boolean;
}

/**
 * Digit runs of the page joined across spaces and hyphens ("34 1020-1026" → "3410201026"), with the offsets
 * where the printed groups start and end: a number must start and end on a group boundary, so an NRB is found
 * however it is spaced, but not inside a longer number.
 */
function digitChunks(text: string): { digits: string; starts: number[]; ends: Set<number> }[] {
  const chunks: { digits: string; starts: number[]; ends: Set<number> }[] = [];
  let current: { digits: string; starts: number[]; ends: Set<number> } | null = null;
  let lastEnd = -1;
  for (const match of text.matchAll(/\d+/g)) {
    const index = match.index;
    const joined = current !== null && /^[ -]+$/.test(text.slice(lastEnd, index));
    if (!joined || current === null) {
      current = { digits: '', starts: [], ends: new Set() };
      chunks.push(current);
    }
    current.starts.push(current.digits.length);
    current.digits += match[0];
    current.ends.add(current.digits.length);
    lastEnd = index + match[0].length;
  }
  return chunks;
}

/**
 * Builds a `findKey` for `splitPrintout` from each key's patterns. A pattern matches as whole words (so "L001"
 * does not match inside "L0012"), ignoring case, Polish diacritics and extra spaces. Digit-only patterns of 10+
 * digits (an NRB, optionally with "PL") match whatever spaces or hyphens the page puts between the digits.
 * Returns `{ key }` when exactly one key matches, otherwise `{ key: null, reason }` — 'ambiguous' (with the
 * candidates) when the page matches two or more keys.
 */
export function keyMatcher(keys: readonly KeyPatterns[]): (pageText: string) => PageMatch {
  const byFirstToken = new Map<string, TextPattern[]>();
  const unanchored: TextPattern[] = [];
  const numbers = new Map<string, Set<string>>();
  const numberLengths = new Set<number>();

  for (const { key, patterns } of keys) {
    for (const raw of patterns) {
      const compact = raw.replace(/[\s-]/g, '');
      const digits = /^(pl)?\d+$/i.test(compact) ? compact.replace(/^pl/i, '') : null;
      if (digits !== null && digits.length >= LONG_NUMBER) {
        const owners = numbers.get(digits) ?? new Set<string>();
        owners.add(key);
        numbers.set(digits, owners);
        numberLengths.add(digits.length);
        continue;
      }
      const text = fold(raw);
      if (!text) continue;
      const pattern: TextPattern = { key, text, wordEnd: WORD_CHAR.test(text.at(-1) ?? '') };
      const first = WORD_CHAR.test(text[0] ?? '') ? /^[\p{L}\p{N}_]+/u.exec(text)?.[0] : undefined;
      if (first === undefined) unanchored.push(pattern);
      else {
        const list = byFirstToken.get(first);
        if (list) list.push(pattern);
        else byFirstToken.set(first, [pattern]);
      }
    }
  }

  const endsWord = (text: string, end: number) => end >= text.length || !WORD_CHAR.test(text[end] ?? '');
  const startsWord = (text: string, start: number) => start === 0 || !WORD_CHAR.test(text[start - 1] ?? '');

  return (pageText: string): PageMatch => {
    const found = new Set<string>();
    // Where each text pattern matched: a key whose every match lies inside a longer key's match is not on the
    // page by itself ("SMP-0001" inside the recipient key "SMP-0001-1").
    const spans = new Map<string, [number, number][]>();
    const hit = (key: string, start: number, end: number) => {
      found.add(key);
      spans.set(key, [...(spans.get(key) ?? []), [start, end]]);
    };
    const text = fold(pageText);

    for (const token of text.matchAll(TOKENS)) {
      const candidates = byFirstToken.get(token[0]);
      if (!candidates) continue;
      for (const pattern of candidates) {
        if (!text.startsWith(pattern.text, token.index)) continue;
        if (pattern.wordEnd && !endsWord(text, token.index + pattern.text.length)) continue;
        hit(pattern.key, token.index, token.index + pattern.text.length);
      }
    }
    for (const pattern of unanchored) {
      for (let at = text.indexOf(pattern.text); at >= 0; at = text.indexOf(pattern.text, at + 1)) {
        if (!startsWord(text, at) && WORD_CHAR.test(pattern.text[0] ?? '')) continue;
        if (pattern.wordEnd && !endsWord(text, at + pattern.text.length)) continue;
        hit(pattern.key, at, at + pattern.text.length);
      }
    }
    const numberKeys = new Set<string>();
    if (numbers.size > 0) {
      for (const chunk of digitChunks(text)) {
        for (const start of chunk.starts) {
          for (const length of numberLengths) {
            if (!chunk.ends.has(start + length)) continue;
            for (const key of numbers.get(chunk.digits.slice(start, start + length)) ?? []) {
              found.add(key);
              numberKeys.add(key);
            }
          }
        }
      }
    }

    if (found.size > 1) {
      for (const [key, own] of spans) {
        const inside = own.every(([a, b]) =>
          [...spans].some(
            ([other, theirs]) => other !== key && theirs.some(([c, d]) => c <= a && b <= d && d - c > b - a),
          ),
        );
        // Only text matches can be shadowed; a key also found as a number stays.
        if (inside && !numberKeys.has(key)) found.delete(key);
      }
    }
    if (found.size === 1) return { key: [...found][0]! };
    if (found.size === 0) return { key: null, reason: 'no_key' };
    return { key: null, reason: 'ambiguous', candidates: [...found].sort() };
  };
}

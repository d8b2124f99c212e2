/**
 * Characters that change how a line is shown without being seen: C0 and C1 controls, direction marks, bidi
 * embeddings, overrides and isolates, line and paragraph separators, the byte-order mark. In a subject, a name
 * or a file name they make "faktura\u202Efdp.exe" read as "fakturaexe.pdf", or break a mail header in two.
 * Text a clerk types is refused with them (the clerk can fix it); text from data has them removed.
 */
import type { z } from './zod.js';

const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'g');
const LINE_BREAKS = /[\r\n\t\u0085\u2028\u2029]+/g;

/** The first hidden character of a one-line text as "U+202E", or null when there is none. */
export function hiddenCharIn(value: string): string | null {
  const found = HIDDEN.exec(value);
  return found ? `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** A one-line text as it may be shown and put in a header: breaks and tabs become spaces, hidden characters go. */
export function cleanLine(value: string): string {
  return value.replace(LINE_BREAKS, ' ').replace(HIDDEN_ALL, '').trim();
}

/** The clerk's message for a typed one-line text with a hidden character. */
export function hiddenCharMessage(code: string): string {
  return `Tekst zawiera niewidoczny znak sterujący (${code}), np. zmieniający kierunek pisma — usuń go albo wpisz tekst ręcznie zamiast wklejać.`;
}

/** A typed one-line text field that refuses hidden characters (after its own trimming and length checks). */
export function oneLine<S extends z.ZodType<string, string>>(schema: S) {
  return schema.refine((v) => hiddenCharIn(v) === null, {
    error: (issue) => hiddenCharMessage(hiddenCharIn(String(issue.input)) ?? ''),
  });
}

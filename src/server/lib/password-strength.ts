import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as pl from '@zxcvbn-ts/language-pl';
import { PASSWORD_MIN_LENGTH } from '../../shared/password-rules.js';
import { stripDiacritics } from './password-inputs.js';

/**
 * zxcvbn score (0–4) a password needs. 4 = at least 10^10 guesses: at the 3 a word plus a year ("Warszawa2024!",
 * 10^8) passes, which an offline attack on a stolen hash would find in days even with scrypt.
 */
export const MIN_PASSWORD_SCORE = 4;
/** Only this many leading characters are judged: zxcvbn's cost grows steeply with length. */
export const JUDGED_LENGTH = 100;
/**
 * Letter-substitution variants ("p4ssw0rd") tried per password. The library default (100) makes a 100-character
 * input of digits and symbols take seconds; 5 keeps it to tens of milliseconds and still finds the common ones.
 */
const L33T_VARIANTS = 5;

// What the main thread needs (users.service) lives in password-inputs.ts, which does not load the dictionaries (D88).
export { OFFICE_WORDS, passwordInputs, stripDiacritics } from './password-inputs.js';

export type PasswordVerdict = { ok: true } | { ok: false; message: string };

/** Polish words without diacritics (the password is judged without them too), so "haslo" ranks like "hasło". */
function folded(dictionary: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(dictionary).map(([name, words]) => [
      `${name}-pl`,
      [...new Set(words.map((w) => (/^[a-z]*$/.test(w) ? w : stripDiacritics(w).toLowerCase())))],
    ]),
  );
}

/**
 * English without its 89 000 surnames: they doubled the time to build the dictionaries and are rarely what a Polish
 * office picks (common passwords and English words stay).
 */
const { 'lastnames-en': _, ...english } = en.dictionary;

const polishFeedback = {
  ...pl.translations,
  warnings: {
    ...pl.translations.warnings,
    userInputs: 'Zawiera login, imię, nazwisko, adres e-mail albo nazwę programu.',
    recentYears: 'Ostatnie lata są łatwe do odgadnięcia.',
  },
};

let factory: ZxcvbnFactory | null = null;

/** Dictionaries are ranked once per process (about 0.4 s, tens of MB) — hence a worker thread keeps them. */
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english, ...folded(pl.dictionary) },
    graphs: common.adjacencyGraphs,
    translations: polishFeedback,
    l33tMaxSubstitutions: L33T_VARIANTS,
  });
  return factory;
}

/**
 * Judges a password's strength by how many guesses it would take (common passwords, Polish and English words and
 * names, keyboard patterns, dates, the user's own data). Says in Polish why a weak one is weak and what to do.
 */
export function judgePassword(password: string, userInputs: string[]): PasswordVerdict {
  const judged = password.slice(0, JUDGED_LENGTH).normalize('NFC');
  const stripped = stripDiacritics(judged);
  const result = zxcvbn().check(stripped, userInputs);
  if (result.score >= MIN_PASSWORD_SCORE) return { ok: true };
  // Stripping diacritics keeps an NFC string's length (Latin letters), so words can be quoted as typed.
  const typed = stripped.length === judged.length ? judged : stripped;
  const why = lowerFirst(reason(result, typed));
  const tips = result.feedback.suggestions.map((tip) => ` ${tip}`).join('');
  return {
    ok: false,
    message:
      `Hasło jest zbyt łatwe do odgadnięcia: ${why}${tips} Użyj co najmniej ${PASSWORD_MIN_LENGTH} znaków, ` +
      'najlepiej kilku niepowiązanych słów, bez loginu, imienia i nazwy programu.',
  };
}

/** zxcvbn's own warning; when it has none (several short parts), the word the guessing would start from. */
function reason(result: ZxcvbnResult, typed: string): string {
  if (result.feedback.warning) return result.feedback.warning;
  const words = result.sequence.filter((m) => m.pattern === 'dictionary');
  if (words.some((m) => m.dictionaryName === 'userInputs')) return polishFeedback.warnings.userInputs;
  const word = words.sort((a, b) => b.token.length - a.token.length)[0];
  if (word)
    return `„${typed.slice(word.i, word.j + 1)}” to popularne słowo, a reszta hasła jest zbyt krótka lub przewidywalna.`;
  return 'takie połączenie znaków łatwo złamać, zgadując po kolei.';
}

const lowerFirst = (s: string) => (/^\p{Lu}\p{Ll}/u.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

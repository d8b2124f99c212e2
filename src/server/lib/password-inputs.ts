/**
 * The words a password is judged against besides the dictionaries, and the folding both sides go through. Kept apart
 * from password-strength.ts: that module loads zxcvbn's dictionaries (about 16 MB of live heap, 37 MB of RSS), which
 * only the password-checking worker thread needs — users.service, in the main thread, imports only this (D88).
 */

/** Words that say what this installation is: a guess at a password here starts with them. */
export const OFFICE_WORDS = [
  'listonosz',
  'haslo',
  'password',
  'spoldzielnia',
  'wspolnota',
  'mieszkaniowa',
  'mieszkanie',
  'zarzadca',
  'zarzad',
  'administracja',
  'administrator',
  'czynsz',
  'czynsze',
  'lokal',
  'lokator',
  'biuro',
  'ksiegowosc',
];

/** Without diacritics, case kept: "Hasło" and "Haslo" are the same guess. ł has no decomposition, hence the map. */
export function stripDiacritics(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L');
}

/** Words of the user's own data (login, name, e-mail) and of the installation that must not carry a password. */
export function passwordInputs(values: (string | null | undefined)[]): string[] {
  // The user's own words first: zxcvbn ranks earlier entries as likelier guesses.
  const words = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    const whole = stripDiacritics(value).toLowerCase().trim();
    const parts = whole.split(/[^\p{L}\p{N}]+/u).filter((p) => p.length >= 3);
    for (const word of [whole, parts.join(''), ...parts]) if (word) words.add(word);
  }
  for (const word of OFFICE_WORDS) words.add(word);
  return [...words];
}

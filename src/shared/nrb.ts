/**
 * NRB: the 26-digit Polish account number (an IBAN without "PL").
 * Check: move the first two digits to the end after appending "2521" (P=25, L=21); the number mod 97 must be 1.
 */

/** Strips spaces, dashes and an optional "PL" prefix; returns null when what is left is not 26 digits. */
export function normalizeNrb(input: string): string | null {
  const compact = input.replace(/[\s\u00a0-]/g, '').toUpperCase();
  const digits = compact.startsWith('PL') ? compact.slice(2) : compact;
  return /^\d{26}$/.test(digits) ? digits : null;
}

function mod97(numeric: string): number {
  let remainder = 0;
  for (let i = 0; i < numeric.length; i += 7) {
    remainder = Number(String(remainder) + numeric.slice(i, i + 7)) % 97;
  }
  return remainder;
}

export function isValidNrb(input: string): boolean {
  const nrb = normalizeNrb(input);
  if (!nrb) return false;
  return mod97(`${nrb.slice(2)}2521${nrb.slice(0, 2)}`) === 1;
}

/** Computes the two check digits for a 24-digit bank+account part (used by test data and the demo). */
export function nrbWithCheckDigits(bankAndAccount24: string): string {
  if (!/^\d{24}$/.test(bankAndAccount24)) throw new Error('expected 24 digits');
  const check = 98 - mod97(`${bankAndAccount24}252100`);
  return `${String(check).padStart(2, '0')}${bankAndAccount24}`;
}

/** "XX XXXX XXXX XXXX XXXX XXXX XXXX" */
export function formatNrb(nrb: string): string {
  const digits = normalizeNrb(nrb) ?? nrb;
  return `${digits.slice(0, 2)} ${digits.slice(2).replace(/(\d{4})(?=\d)/g, '$1 ')}`;
}

/**
 * KSeF (Krajowy System e-Faktur) on the PDF of an invoice: the invoice's KSeF number, the hash of its XML file and
 * the verification link ("KOD I") that the QR code carries (D72).
 *
 * Sources (read 2026-12-07):
 * - Ministry of Finance, KSeF 2.0 API documentation "Kody weryfikujące QR" (kody-qr.md, dated 21.08.2025, in the
 *   ministry's repositories CIRFMF/ksef-docs and CIRFMF/ksef-api on GitHub,
 *   https://github.com/CIRFMF/ksef-docs/blob/main/kody-qr.md): KOD I =
 *   `https://qr.ksef.mf.gov.pl/invoice/{NIP sprzedawcy}/{data wystawienia P_1, DD-MM-RRRR}/{SHA-256 pliku faktury,
 *   Base64URL}` (production host; test `qr-test.`, pre-production `qr-demo.`); the KSeF number printed under the
 *   code, "OFFLINE" until the invoice has one; the code per ISO/IEC 18004. Example given there:
 *   `https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE`.
 * - "Numer KSeF – struktura i walidacja" (faktury/numer-ksef.md, same repositories): `NIP-RRRRMMDD-FFFFFFFFFFFF-FF`,
 *   35 characters, CRC-8 (polynomial 0x07, initial 0x00) of the first 32 as two upper-case hex digits.
 * - Rozporządzenie Ministra Finansów i Gospodarki z dnia 12 grudnia 2025 r. w sprawie korzystania z Krajowego
 *   Systemu e-Faktur (Dz.U. 2025 poz. 1815), § 9: the code holds the address, the issue date (of a correcting
 *   invoice: its own issue date), the seller's NIP and the invoice's hash; the KSeF number "bezpośrednio pod kodem".
 */
import { z } from '../../shared/zod.js';

/** The production address of the verification service (the ministry's table of environments). */
export const KSEF_QR_BASE = 'https://qr.ksef.mf.gov.pl';

/** CRC-8 (polynomial 0x07, initial 0x00, no reflection), as two upper-case hex digits. */
export function crc8(text: string): string {
  let crc = 0;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i);
    for (let b = 0; b < 8; b++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc.toString(16).toUpperCase().padStart(2, '0');
}

const realDate = (yyyymmdd: string) => {
  const d = new Date(`${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10).replace(/-/g, '') === yyyymmdd;
};

/**
 * The KSeF number, upper-cased, or an error in Polish. KSeF 2.0: `NIP-RRRRMMDD-XXXXXXXXXXXX-CC` (35 characters);
 * the KSeF 1.0 form (2022–2025) split the middle 6-6 and is still accepted for older invoices.
 */
export function parseKsefNumber(input: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = input.trim().toUpperCase();
  const m = /^(\d{10})-(\d{8})-([0-9A-F]{6}-?[0-9A-F]{6})-([0-9A-F]{2})$/.exec(value);
  if (!m) {
    return {
      ok: false,
      message:
        'Nieprawidłowy numer KSeF — skopiuj go z KSeF w postaci NIP-RRRRMMDD-XXXXXXXXXXXX-XX (35 znaków, np. 5265877635-20250826-0100001AF629-AF).',
    };
  }
  if (!realDate(m[2]!)) {
    return { ok: false, message: `Nieprawidłowy numer KSeF — „${m[2]}” nie jest datą (RRRRMMDD).` };
  }
  if (crc8(value.slice(0, value.lastIndexOf('-'))) !== m[4]) {
    return {
      ok: false,
      message:
        'Nieprawidłowy numer KSeF — nie zgadza się suma kontrolna (dwa ostatnie znaki); sprawdź, czy nie ma literówki.',
    };
  }
  return { ok: true, value };
}

export const ksefNumber = () =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const r = parseKsefNumber(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      return r.value;
    });

/**
 * The SHA-256 of the invoice's XML file as KSeF keeps it, in Base64URL without padding (43 characters) — the form
 * the link carries. KSeF's API gives it in Base64 (44 characters with "="); some programs show it in hex (64).
 */
export function parseInvoiceHash(input: string): string | null {
  const v = input.trim();
  let bytes: Buffer;
  if (/^[0-9a-fA-F]{64}$/.test(v)) bytes = Buffer.from(v, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=$/.test(v)) {
    bytes = Buffer.from(v, 'base64');
    // A last character carrying bits beyond the 256 does not come back the same: a typo, not a hash.
    if (bytes.toString('base64') !== v) return null;
  } else if (/^[A-Za-z0-9_-]{43}$/.test(v)) {
    bytes = Buffer.from(v, 'base64url');
    if (bytes.toString('base64url') !== v) return null;
  } else return null;
  return bytes.length === 32 ? bytes.toString('base64url') : null;
}

export const invoiceHash = () =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const hash = parseInvoiceHash(v);
      if (!hash) {
        ctx.addIssue({
          code: 'custom',
          message:
            'Nieprawidłowy skrót pliku faktury — to skrót SHA-256 z KSeF: 43 znaki Base64URL (np. UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE), 44 znaki Base64 albo 64 znaki szesnastkowo.',
        });
        return z.NEVER;
      }
      return hash;
    });

/** The verification link of KOD I: seller's NIP, issue date as DD-MM-RRRR, the file's hash in Base64URL. */
export function ksefVerificationLink(
  invoice: { sellerNip: string; issueDate: string; hash: string },
  base: string = KSEF_QR_BASE,
): string {
  const [y, m, d] = invoice.issueDate.split('-');
  return `${base}/invoice/${invoice.sellerNip}/${d}-${m}-${y}/${invoice.hash}`;
}

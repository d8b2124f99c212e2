import { describe, expect, it } from 'vitest';
import { crc8, KSEF_QR_BASE, ksefVerificationLink, parseInvoiceHash, parseKsefNumber } from './ksef.js';

// The ministry's own examples (KSeF 2.0 documentation "Kody weryfikujące QR" and "Numer KSeF", D72).
const MF_HASH = 'UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE';

describe('KSeF verification link (KOD I)', () => {
  it("is the ministry's example for its inputs: seller NIP, issue date DD-MM-RRRR, the file's hash", () => {
    expect(
      ksefVerificationLink(
        { sellerNip: '1111111111', issueDate: '2026-02-01', hash: MF_HASH },
        'https://qr-test.ksef.mf.gov.pl',
      ),
    ).toBe('https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE');
  });

  it('uses the production address by default', () => {
    expect(KSEF_QR_BASE).toBe('https://qr.ksef.mf.gov.pl');
    expect(ksefVerificationLink({ sellerNip: '6783120455', issueDate: '2026-12-31', hash: MF_HASH })).toBe(
      `https://qr.ksef.mf.gov.pl/invoice/6783120455/31-12-2026/${MF_HASH}`,
    );
  });
});

describe('KSeF number', () => {
  it("accepts the ministry's example and computes its CRC-8", () => {
    expect(crc8('5265877635-20250826-0100001AF629')).toBe('AF');
    expect(parseKsefNumber(' 5265877635-20250826-0100001af629-af ')).toEqual({
      ok: true,
      value: '5265877635-20250826-0100001AF629-AF',
    });
  });

  it.each([
    ['5265877635-20250826-0100001AF629-AE', /suma kontrolna/],
    ['5265877635-20250832-0100001AF629-AF', /„20250832” nie jest datą/],
    ['5265877635-2025-08-26-0100001AF629', /^Nieprawidłowy numer KSeF — skopiuj/],
    ['FV/2026/01/0012', /^Nieprawidłowy numer KSeF — skopiuj/],
    ['526587763-20250826-0100001AF629-AF', /^Nieprawidłowy numer KSeF — skopiuj/],
    ['5265877635-20250826-0100001AG629-AF', /^Nieprawidłowy numer KSeF — skopiuj/],
  ])('rejects %s with a Polish message', (input, message) => {
    const r = parseKsefNumber(input);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toMatch(message);
  });
});

describe("invoice file's hash", () => {
  const bytes = Buffer.from(MF_HASH, 'base64url');

  it('accepts Base64URL, Base64 (as the KSeF API gives it) and hex, and keeps Base64URL', () => {
    expect(parseInvoiceHash(MF_HASH)).toBe(MF_HASH);
    expect(parseInvoiceHash(bytes.toString('base64'))).toBe(MF_HASH);
    expect(bytes.toString('base64')).toMatch(/[+/].*=$/);
    expect(parseInvoiceHash(bytes.toString('hex').toUpperCase())).toBe(MF_HASH);
  });

  it.each([
    ['too short', MF_HASH.slice(0, 42)],
    ['too long', `${MF_HASH}A`],
    ['padding in Base64URL', `${MF_HASH}=`],
    ['bits beyond 256', `${MF_HASH.slice(0, 42)}F`],
    ['not Base64', `${MF_HASH.slice(0, 42)}!`],
    ['hex of 31 bytes', bytes.subarray(0, 31).toString('hex')],
  ])('rejects one %s', (_what, input) => {
    expect(parseInvoiceHash(input)).toBeNull();
  });
});

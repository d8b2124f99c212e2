import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../../test/support/pdf.js';
import { decodePdfQr } from '../../../../test/support/qr.js';
import { dataColumns } from '../flat-columns.js';
import { renderDocumentPdf } from '../render.js';
import { templateVariables } from '../templates.js';
import type { DocumentParties } from './document-type.js';
import { salesDocument } from './sales-document.js';

// KSeF on the sales document (D72): the verification code "KOD I" with the KSeF number under it.

const parties: DocumentParties = {
  issuer: {
    name: 'TBS „Lipowa” sp. z o.o.',
    street: 'ul. Długa 12/3',
    postalCode: '31-147',
    city: 'Kraków',
    nip: '6783120455',
  },
  recipient: { name: 'Jan Kowalski', street: 'ul. Lipowa 7/12', postalCode: '31-042', city: 'Kraków', country: 'PL' },
  unit: null,
};
const NUMBER = '6783120455-20260202-0100002F3A9C-C8';
const HASH = 'UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE';
const raw = (over: Record<string, unknown> = {}) => ({
  ...salesDocument.sample(),
  ksefNumber: NUMBER,
  ksefHash: HASH,
  ...over,
});
const parse = (over: Record<string, unknown> = {}) => salesDocument.schema.safeParse(raw(over));
const render = (over: Record<string, unknown> = {}) =>
  renderDocumentPdf({
    type: 'sales_document',
    data: salesDocument.schema.parse(raw(over)),
    parties,
    createdAt: '2026-02-02T10:00:00Z',
  });

describe('sales document: KSeF code on the PDF', () => {
  it('draws the QR code that decodes to the verification link, with the KSeF number as text under it', async () => {
    const pdf = await render();
    expect(decodePdfQr(pdf, 100)).toBe(`https://qr.ksef.mf.gov.pl/invoice/6783120455/02-02-2026/${HASH}`);
    const lines = pdfText(pdf).split('\n');
    // The number alone on its line (under the code) and in the box beside it: the text layer is exact.
    expect(lines.filter((l) => l.trim() === NUMBER)).toHaveLength(2);
    expect(pdfText(pdf)).toContain('Kod QR obok prowadzi do niej w');
  });

  it('a correcting invoice carries its own issue date in the link', async () => {
    const pdf = await render({
      kind: 'faktura_korygujaca',
      issueDate: '2026-03-05',
      paymentDeadline: '2026-03-19',
    });
    expect(decodePdfQr(pdf, 100)).toBe(`https://qr.ksef.mf.gov.pl/invoice/6783120455/05-03-2026/${HASH}`);
  });

  it('without the hash prints the number only, and with neither no KSeF block at all', async () => {
    const numberOnly = await render({ ksefHash: null });
    expect(decodePdfQr(numberOnly, 100)).toBeNull();
    expect(pdfText(numberOnly).replace(/\s+/g, ' ')).toContain(`Numer KSeF ${NUMBER}`);
    const none = await render({ ksefHash: null, ksefNumber: null });
    expect(pdfText(none)).not.toContain('KSeF');
  });
});

describe('sales document: KSeF data', () => {
  it('rejects a bad hash and a bad KSeF number with Polish messages', () => {
    const badHash = parse({ ksefHash: 'abc' });
    expect(badHash.error?.issues.find((i) => i.path[0] === 'ksefHash')?.message).toMatch(
      /^Nieprawidłowy skrót pliku faktury — to skrót SHA-256 z KSeF/,
    );
    const badNumber = parse({ ksefNumber: '6783120455-20260202-0100002F3A9C-C9' });
    expect(badNumber.error?.issues.find((i) => i.path[0] === 'ksefNumber')?.message).toMatch(/suma kontrolna/);
    const badNip = parse({ seller: { ...salesDocument.sample().seller, nip: '6783120456' } });
    expect(badNip.error?.issues.find((i) => i.path.join('.') === 'seller.nip')?.message).toBe(
      'Nieprawidłowy NIP — 10 cyfr z poprawną sumą kontrolną.',
    );
  });

  it('takes the hash as the KSeF API gives it (Base64) and keeps it as the link needs it (Base64URL)', () => {
    const base64 = Buffer.from(HASH, 'base64url').toString('base64');
    expect(parse({ ksefHash: base64 }).data?.ksefHash).toBe(HASH);
  });

  it('refuses a hash without a KSeF number: an offline invoice needs the second code, which is not drawn', () => {
    const d = salesDocument.schema.parse(raw({ ksefNumber: null }));
    expect(salesDocument.check!(d, parties)).toEqual([
      expect.objectContaining({
        path: 'ksefNumber',
        message: expect.stringMatching(/^Podano skrót pliku faktury bez numeru KSeF/),
      }),
    ]);
  });

  it('has the data-file columns and template variables, in Polish', () => {
    const columns = dataColumns(salesDocument as never);
    expect(columns.find((c) => c.key === 'ksefNumber')?.name).toBe('Numer faktury w KSeF');
    expect(columns.find((c) => c.key === 'ksefHash')?.name).toBe('Skrót pliku faktury w KSeF');
    const vars = templateVariables(salesDocument as never);
    expect(vars.find((v) => v.path === 'document.ksefNumber')?.description).toBe(
      'Numer faktury w KSeF (Krajowy System e-Faktur)',
    );
  });
});

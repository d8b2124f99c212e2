import { describe, expect, it } from 'vitest';
import { pdfPages, pdfText, qpdfCheck } from '../../../../test/support/pdf.js';
import { documentType } from '../registry.js';
import { renderDocumentPdf } from '../render.js';
import { checkTemplate, renderTemplate, sampleContext } from '../templates.js';
import type { DocumentParties } from './document-type.js';
import { salesDocument } from './sales-document.js';

const parties: DocumentParties = {
  issuer: {
    name: 'Krakowskie Towarzystwo Budownictwa Społecznego „Lipowa” sp. z o.o.',
    street: 'ul. Długa 12/3',
    postalCode: '31-147',
    city: 'Kraków',
    nip: '6783120455',
  },
  recipient: {
    name: 'Zażółć Gęślą-Jaźń',
    street: 'ul. Lipowa 7/12',
    postalCode: '31-042',
    city: 'Kraków',
    country: 'PL',
  },
  unit: { number: '12', address: 'ul. Lipowa 7/12, 31-042 Kraków', nrb: '35102028920000000000000012' },
};

type Raw = ReturnType<typeof salesDocument.sample> & Record<string, unknown>;
const sample = () => salesDocument.sample() as Raw;
const parse = (raw: unknown) => salesDocument.schema.safeParse(raw);
const parsed = (raw: unknown = sample()) => salesDocument.schema.parse(raw);
/** The message for one path, e.g. "lines.0.net". */
const messageAt = (raw: unknown, path: string) => {
  const r = parse(raw);
  expect(r.success).toBe(false);
  return r.error?.issues.find((i) => i.path.join('.') === path)?.message;
};
const checks = (raw: unknown, p: DocumentParties = parties) => salesDocument.check!(parsed(raw), p);
const flat = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');
const render = (raw: unknown, p: DocumentParties = parties) =>
  renderDocumentPdf({ type: 'sales_document', data: parsed(raw), parties: p, createdAt: '2026-02-02T10:00:00Z' });

describe('sales document: schema', () => {
  it('is registered and its sample is complete and consistent', () => {
    expect(documentType('sales_document')).toBe(salesDocument);
    const d = parsed();
    expect(d.totalGross).toBe(303122);
    expect(d.seller.nip).toBe('6783120455');
    expect(d.lines[4]).toMatchObject({ quantity: 186, unitPrice: 0.813, net: 15122, vatRate: '23', vat: 3478 });
    expect(d.nrb).toBe('24124014440000000000000012');
    for (const [key, value] of Object.entries(d)) expect(value, key).not.toBeNull();
    expect(d.buyer.nip).not.toBeNull();
    expect(checks(sample())).toEqual([]);
    expect(salesDocument.period(d)).toBe('2026-02');
    expect(salesDocument.title(d, parties)).toBe('Faktura nr FV/2026/01/0012 — lokal 12');
    expect(salesDocument.filename(d, parties)).toBe('faktura_fv-2026-01-0012.pdf');
  });

  it('requires the number, the seller and at least one line', () => {
    const { number: _n, ...noNumber } = sample();
    expect(messageAt(noNumber, 'number')).toBe('To pole jest wymagane.');
    expect(messageAt({ ...sample(), seller: { ...sample().seller, nip: undefined } }, 'seller.nip')).toBeDefined();
    expect(messageAt({ ...sample(), lines: [] }, 'lines')).toBe('Podaj co najmniej jedną pozycję dokumentu.');
    const { vatRate: _r, ...noRate } = sample().lines[0]!;
    expect(messageAt({ ...sample(), lines: [noRate] }, 'lines.0.vatRate')).toBe('To pole jest wymagane.');
  });

  it('rejects a bad amount, date, NIP, NRB, VAT rate and KSeF number with Polish messages', () => {
    const s = sample();
    expect(messageAt({ ...s, lines: [{ ...s.lines[0]!, net: '2150,005' }] }, 'lines.0.net')).toMatch(
      /^Nieprawidłowa kwota/,
    );
    expect(messageAt({ ...s, totalGross: 'trzy tysiące' }, 'totalGross')).toMatch(/^Nieprawidłowa kwota/);
    expect(messageAt({ ...s, issueDate: '30.02.2026' }, 'issueDate')).toBe('Taki dzień nie istnieje: 30 lutego 2026.');
    expect(messageAt({ ...s, paymentDeadline: '2026-13-01' }, 'paymentDeadline')).toMatch(
      /^Taki miesiąc nie istnieje: 13/,
    );
    expect(messageAt({ ...s, seller: { ...s.seller, nip: '678-312-04-54' } }, 'seller.nip')).toMatch(
      /^Nieprawidłowy NIP/,
    );
    expect(messageAt({ ...s, buyer: { ...s.buyer, nip: '123' } }, 'buyer.nip')).toMatch(/^Nieprawidłowy NIP/);
    expect(messageAt({ ...s, nrb: '24 1240 1444 0000 0000 0000 0013' }, 'nrb')).toMatch(/suma kontrolna/);
    expect(messageAt({ ...s, nrb: '24 1240' }, 'nrb')).toBe('Numer rachunku musi mieć 26 cyfr.');
    expect(messageAt({ ...s, lines: [{ ...s.lines[0]!, vatRate: '22' }] }, 'lines.0.vatRate')).toMatch(
      /^Nieznana stawka VAT/,
    );
    expect(messageAt({ ...s, kind: 'paragon' }, 'kind')).toMatch(/^Rodzaj dokumentu/);
    expect(messageAt({ ...s, ksefNumber: '6783120455-20260202-0100002F3A9C-C9' }, 'ksefNumber')).toMatch(
      /^Nieprawidłowy numer KSeF/,
    );
  });

  it('normalises what rent systems send: "23%", numbers, a missing buyer NIP, a lower-case KSeF number', () => {
    const s = sample();
    const d = parsed({
      ...s,
      buyer: { ...s.buyer, nip: '' },
      ksefNumber: '5265877635-20250826-0100001af629-af',
      lines: [
        { ...s.lines[4]!, vatRate: '23 %', net: 151.22 },
        { ...s.lines[0]!, vatRate: 'ZW' },
      ],
    });
    expect(d.buyer.nip).toBeNull();
    expect(d.lines.map((l) => l.vatRate)).toEqual(['23', 'zw']);
    expect(d.lines[0]!.net).toBe(15122);
    // The ministry's own example number: valid, but not this seller's.
    expect(d.ksefNumber).toBe('5265877635-20250826-0100001AF629-AF');
    expect(parsed({ ...s, lines: [{ ...s.lines[4]!, vatRate: 8 }] }).lines[0]!.vatRate).toBe('8');
  });
});

describe('sales document: check', () => {
  it('finds a line whose net + VAT is not the gross value, and a total that does not add up', () => {
    const s = sample();
    const lines = [...s.lines];
    lines[5] = { ...lines[5]!, gross: '185,50' };
    expect(checks({ ...s, lines })).toEqual([
      {
        path: 'lines.5.gross',
        message:
          'Pozycja 6 („Najem miejsca postojowego P-07 w garażu podziemnym za…”): netto 150,00\u00a0zł + VAT 34,50\u00a0zł = 184,50\u00a0zł, a wartość brutto wynosi 185,50\u00a0zł.',
      },
      {
        path: 'totalGross',
        message:
          'Suma wartości brutto pozycji (3\u00a0032,22\u00a0zł) nie zgadza się z wartością brutto razem (3\u00a0031,22\u00a0zł).',
      },
    ]);
    expect(checks({ ...s, totalGross: '3031,21', amountDue: '3031,21' })).toEqual([
      {
        path: 'totalGross',
        message:
          'Suma wartości brutto pozycji (3\u00a0031,22\u00a0zł) nie zgadza się z wartością brutto razem (3\u00a0031,21\u00a0zł).',
      },
    ]);
  });

  it('checks VAT against the rate and the net value against quantity × price (1 grosz of rounding allowed)', () => {
    const s = sample();
    const wrongVat = [...s.lines];
    wrongVat[4] = { ...wrongVat[4]!, vat: '30,00', gross: '181,22' };
    wrongVat[0] = { ...wrongVat[0]!, vat: '10,00', gross: '2160,00' };
    const issues = checks({ ...s, lines: wrongVat, totalGross: '3036,44', amountDue: '3036,44' });
    expect(issues.map((i) => i.path)).toEqual(['lines.0.vat', 'lines.4.vat']);
    expect(issues[0]!.message).toContain('przy stawce „zw” kwota VAT musi wynosić 0,00 zł');
    expect(issues[1]!.message).toContain('VAT 23% od 151,22\u00a0zł to 34,78\u00a0zł, a wpisano 30,00\u00a0zł.');

    const rounding = [...s.lines];
    rounding[4] = { ...rounding[4]!, vat: '34,79', gross: '186,01' };
    expect(checks({ ...s, lines: rounding, totalGross: '3031,23', amountDue: '3031,23' })).toEqual([]);

    const wrongNet = [...s.lines];
    wrongNet[1] = { ...wrongNet[1]!, quantity: '55' };
    expect(checks({ ...s, lines: wrongNet })).toEqual([
      {
        path: 'lines.1.net',
        message:
          'Pozycja 2 („Zaliczka na centralne ogrzewanie za 01/2026”): ilość 55 × cena 6,00 zł = 330,00\u00a0zł, a wartość netto wynosi 325,80\u00a0zł.',
      },
    ]);
  });

  it('requires the legal basis of an exemption when a line is "zw"', () => {
    expect(checks({ ...sample(), exemptionBasis: null })).toEqual([
      {
        path: 'exemptionBasis',
        message:
          'Pozycje ze stawką „zw” wymagają podstawy prawnej zwolnienia — wpisz np. „art. 43 ust. 1 pkt 36 ustawy o VAT”.',
      },
    ]);
    const s = sample();
    const taxedOnly = [s.lines[4]!, s.lines[5]!];
    expect(checks({ ...s, lines: taxedOnly, exemptionBasis: null, totalGross: '370,50', amountDue: '370,50' })).toEqual(
      [],
    );
  });

  it('asks a correction for the corrected invoice and its reason, and keeps VAT off a debit note', () => {
    const s = sample();
    const correction = checks({
      ...s,
      kind: 'faktura_korygujaca',
      correctedNumber: null,
      correctedIssueDate: null,
      correctionReason: null,
    });
    expect(correction.map((i) => i.path)).toEqual(['correctedNumber', 'correctedIssueDate', 'correctionReason']);
    expect(correction[0]!.message).toBe('Faktura korygująca musi podawać numer faktury korygowanej.');

    const note = checks({ ...s, kind: 'nota' });
    expect(note.filter((i) => i.path.endsWith('vatRate')).map((i) => i.path)).toEqual([
      'lines.4.vatRate',
      'lines.5.vatRate',
    ]);
    expect(note.find((i) => i.path === 'ksefNumber')?.message).toBe(
      'Noty obciążeniowej nie wystawia się w KSeF — usuń numer KSeF i skrót pliku faktury.',
    );
  });

  it('checks the amount due, the deadline, the account number and the KSeF number against the seller', () => {
    const s = sample();
    expect(checks({ ...s, amountDue: '3500,00' })[0]).toEqual({
      path: 'amountDue',
      message:
        'Kwota do zapłaty (3\u00a0500,00\u00a0zł) musi mieścić się między 0 zł a wartością brutto razem (3\u00a0031,22\u00a0zł).',
    });
    expect(checks({ ...s, paymentDeadline: '2026-01-30' })[0]?.path).toBe('paymentDeadline');
    const noUnitNrb = { ...parties, unit: { ...parties.unit!, nrb: null } };
    expect(checks({ ...s, nrb: null }, noUnitNrb)).toEqual([
      { path: 'nrb', message: 'Brak numeru rachunku do wpłaty — wpisz NRB w danych albo w kartotece lokalu.' },
    ]);
    expect(checks({ ...s, nrb: null })).toEqual([]);
    expect(checks({ ...s, nrb: null, paymentMethod: 'gotówka' }, noUnitNrb)).toEqual([]);
    expect(checks({ ...s, ksefNumber: '5265877635-20250826-0100001AF629-AF' })).toEqual([
      {
        path: 'ksefNumber',
        message: 'Numer KSeF zaczyna się od NIP sprzedawcy (678-312-04-55) — sprawdź, czy to numer tej faktury.',
      },
    ]);
  });
});

describe('sales document: PDF', () => {
  it('renders the sample: parties, lines, totals per rate, amount due, NRB and the KSeF number', async () => {
    const pdf = await render(sample());
    expect(pdf.length).toBeLessThan(30_000);
    expect(qpdfCheck(pdf)).toContain('No syntax or stream encoding errors');
    expect(pdfPages(pdf)).toBe(1);
    const text = flat(pdfText(pdf));
    expect(text).toContain('FAKTURA nr FV/2026/01/0012');
    expect(text).toContain('Numer KSeF 6783120455-20260202-0100002F3A9C-C8');
    expect(text).toContain('Zażółć Gęślą-Jaźń');
    expect(text).toContain('Katarzyna Wiśniewska');
    expect(text).toContain('NIP 678-312-04-55');
    expect(text).toContain('NIP 945-213-87-01');
    expect(text).toContain('Data sprzedaży: 31.01.2026');
    expect(text).toMatch(/Razem 2 961,94 69,28 3 031,22/);
    expect(text).toMatch(/w tym 301,22 23% 69,28 370,50/);
    expect(text).toMatch(/2 660,72 zw 0,00 2 660,72/);
    expect(text).toContain('Do zapłaty 3 031,22 zł');
    expect(text).toContain('trzy tysiące trzydzieści jeden złotych 22/100');
    expect(text).toContain('24 1240 1444 0000 0000 0000 0012');
    expect(text).toContain('Podstawa zwolnienia z VAT: art. 43 ust. 1 pkt 36');
    // Correction details are printed only on a correction.
    expect(text).not.toContain('Przyczyna korekty');
  });

  it('prints a correction with the corrected invoice and "Do zwrotu", and a debit note without VAT columns', async () => {
    const s = sample();
    const correctionText = flat(
      pdfText(
        await render({
          ...s,
          kind: 'faktura_korygujaca',
          number: 'FK/2026/02/0003',
          ksefNumber: null,
          lines: [
            { ...s.lines[4]!, quantity: '-26', net: '-21,14', vat: '-4,86', gross: '-26,00', name: 'Korekta energii' },
          ],
          totalGross: '-26,00',
          amountDue: '-26,00',
        }),
      ),
    );
    expect(correctionText).toContain('FAKTURA KORYGUJĄCA nr FK/2026/02/0003');
    expect(correctionText).toContain('do faktury nr FV/2025/12/0012 z dnia 05.01.2026');
    expect(correctionText).toContain('Przyczyna korekty: błędny odczyt podlicznika');
    expect(correctionText).toContain('Do zwrotu 26,00 zł');

    const noteText = flat(
      pdfText(
        await render({
          ...s,
          kind: 'nota',
          number: 'NO/2026/ODS/004',
          ksefNumber: null,
          lines: [
            {
              ...s.lines[0]!,
              name: 'Odsetki za opóźnienie',
              unitPrice: '12,30',
              net: '12,30',
              gross: '12,30',
              vatRate: 'np',
            },
          ],
          totalGross: '12,30',
          amountDue: '12,30',
        }),
      ),
    );
    expect(noteText).toContain('NOTA OBCIĄŻENIOWA nr NO/2026/ODS/004');
    expect(noteText).not.toContain('Kwota VAT');
    expect(noteText).toContain('Do zapłaty 12,30 zł');
  });

  it('continues a long invoice on further pages with the table header repeated', async () => {
    const s = sample();
    const lines = Array.from({ length: 60 }, (_, i) => s.lines[i % s.lines.length]!);
    const pdf = await render({ ...s, lines, totalGross: '30312,20', amountDue: '30312,20' });
    expect(qpdfCheck(pdf)).toContain('No syntax or stream encoding errors');
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(1);
    const text = flat(pdfText(pdf));
    expect(text.split('Nazwa towaru lub usługi').length - 1).toBe(pages);
    expect(text).toContain(`Strona 1 z ${pages}`);
    expect(text).toContain(`Strona ${pages} z ${pages}`);
    expect(text).toContain('Do zapłaty 30 312,20 zł');
    expect(text).toMatch(/Razem 29 619,40 692,80 30 312,20/);
  });
});

describe('sales document: e-mail template', () => {
  it('passes the template check and renders amount, deadline and account number', () => {
    const ctx = sampleContext(salesDocument as never);
    expect(checkTemplate(salesDocument as never, salesDocument.template, ctx)).toEqual([]);
    const out = renderTemplate(salesDocument.template, ctx);
    expect(out.subject).toBe('Faktura nr FV/2026/01/0012 z dnia 02.02.2026 — lokal 12');
    expect(out.html).toContain('fakturę nr <strong>FV/2026/01/0012</strong>');
    expect(out.html).toContain('3\u00a0031,22\u00a0zł');
    expect(out.html).toContain('trzy tysiące trzydzieści jeden złotych 22/100');
    expect(out.html).toContain('16.02.2026');
    expect(out.html).toContain('24 1240 1444 0000 0000 0000 0012');
    expect(out.html).toContain('6783120455-20260202-0100002F3A9C-C8');
  });

  it('renders without a unit and for a correction with money to return', () => {
    const ctx = sampleContext(salesDocument as never);
    const refund = {
      ...ctx,
      unit: null,
      document: { ...ctx.document, kind: 'faktura_korygujaca', amountDue: -2600, nrb: null, ksefNumber: null },
    };
    const out = renderTemplate(salesDocument.template, refund);
    expect(out.subject).toBe('Faktura korygująca nr FV/2026/01/0012 z dnia 02.02.2026');
    expect(out.html).toContain('fakturę korygującą');
    expect(out.html).toContain('Kwota do zwrotu na Państwa rzecz: <strong>26,00\u00a0zł</strong>');
    expect(out.html).not.toContain('lokalu');
  });
});

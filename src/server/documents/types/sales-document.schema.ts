import { z } from '../../../shared/zod.js';
import { date, decimal, line, money, nip, nrb, opt, paragraph, party } from '../fields.js';
import { invoiceHash, ksefNumber } from '../ksef.js';

// The data schema of the sales document (faktura, faktura korygująca, nota obciążeniowa) and its field types.

const KINDS = ['faktura', 'faktura_korygujaca', 'nota'] as const;
export type Kind = (typeof KINDS)[number];

/** VAT rates in the order of the per-rate summary; "zw" = zwolniona, "np" = nie podlega. */
export const VAT_RATES = ['23', '8', '5', '0', 'zw', 'np'] as const;
export type VatRate = (typeof VAT_RATES)[number];
export const rateLabel = (r: VatRate) => (r === 'zw' || r === 'np' ? r : `${r}%`);

const vatRate = () =>
  z.preprocess(
    (v) =>
      typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim().replace(/\s*%$/, '').toLowerCase() : v,
    z.enum(VAT_RATES, {
      error: (iss) =>
        iss.input === undefined || iss.input === ''
          ? 'To pole jest wymagane.'
          : 'Nieznana stawka VAT — wpisz 23, 8, 5, 0, zw (zwolniona) albo np (nie podlega).',
    }),
  );

const Line = z.object({
  name: line(300).describe('Nazwa towaru lub usługi'),
  measure: opt(line(20)).describe('Jednostka miary, np. mies., m², m³, kWh, szt.'),
  quantity: decimal(4).describe('Ilość'),
  unitPrice: decimal(4).describe('Cena jednostkowa netto (zł)'),
  net: money().describe('Wartość netto'),
  vatRate: vatRate().describe('Stawka VAT: 23, 8, 5, 0, zw (zwolniona) albo np (nie podlega)'),
  vat: money().describe('Kwota VAT'),
  gross: money().describe('Wartość brutto'),
});

export const schema = z.object({
  kind: z
    .enum(KINDS, {
      error: (iss) =>
        iss.input === undefined ? 'To pole jest wymagane.' : 'Rodzaj dokumentu: faktura, faktura_korygujaca albo nota.',
    })
    .default('faktura')
    .describe('Rodzaj dokumentu: faktura, faktura_korygujaca (faktura korygująca) albo nota (nota obciążeniowa)'),
  number: line(60).describe('Numer dokumentu, np. FV/2026/01/0012'),
  issueDate: date().describe('Data wystawienia'),
  saleDate: opt(date()).describe('Data sprzedaży (dostawy lub wykonania usługi), jeśli inna niż data wystawienia'),
  place: opt(line(100)).describe('Miejsce wystawienia'),
  seller: party('sprzedawcy')
    .extend({ nip: nip().describe('NIP sprzedawcy') })
    .describe('Sprzedawca: nazwa, adres i NIP'),
  buyer: party('nabywcy')
    .extend({ nip: opt(nip()).describe('NIP nabywcy (osoby fizyczne zwykle go nie podają)') })
    .describe('Nabywca: nazwa lub imię i nazwisko, adres, NIP'),
  lines: z.array(Line).min(1, 'Podaj co najmniej jedną pozycję dokumentu.').max(500).describe('Pozycje dokumentu'),
  exemptionBasis: opt(line(300)).describe(
    'Podstawa prawna zwolnienia z VAT, np. art. 43 ust. 1 pkt 36 ustawy o VAT (wymagana przy stawce „zw”)',
  ),
  totalGross: money().describe('Wartość brutto razem'),
  amountDue: money().describe('Kwota do zapłaty (ujemna — do zwrotu)'),
  paymentDeadline: date().describe('Termin płatności'),
  paymentMethod: line(60).default('przelew').describe('Sposób płatności'),
  nrb: opt(nrb()).describe('Numer rachunku do wpłaty (NRB); domyślnie rachunek lokalu'),
  ksefNumber: opt(ksefNumber()).describe('Numer faktury w KSeF (Krajowy System e-Faktur)'),
  ksefHash: opt(invoiceHash()).describe(
    'Skrót pliku faktury w KSeF (SHA-256 pliku XML, z KSeF) — z nim PDF ma kod QR do weryfikacji faktury',
  ),
  correctedNumber: opt(line(60)).describe('Faktura korygowana: numer (tylko dla faktury korygującej)'),
  correctedIssueDate: opt(date()).describe('Faktura korygowana: data wystawienia (tylko dla faktury korygującej)'),
  correctionReason: opt(line(500)).describe('Przyczyna korekty (tylko dla faktury korygującej)'),
  notes: opt(paragraph(2000)).describe('Uwagi'),
});
export type Data = z.output<typeof schema>;

import { describe, expect, it } from 'vitest';
import { pdfPages, pdfText, qpdfCheck } from '../../../../test/support/pdf.js';
import { documentType } from '../registry.js';
import { renderDocumentPdf } from '../render.js';
import { checkTemplate, renderTemplate, sampleContext } from '../templates.js';
import type { DocumentParties } from './document-type.js';
import { ledgerCard } from './ledger-card.js';

const parties: DocumentParties = {
  issuer: {
    name: 'Wspólnota Mieszkaniowa „Pod Lipami”',
    street: 'ul. Lipowa 7',
    postalCode: '31-042',
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
  unit: { number: '12', address: 'ul. Lipowa 7/12, 31-042 Kraków', nrb: '24124014440000000000000012' },
};

type Raw = ReturnType<typeof ledgerCard.sample> & Record<string, unknown>;
const sample = () => ledgerCard.sample() as Raw;
const parsed = (raw: unknown = sample()) => ledgerCard.schema.parse(raw);
const messageAt = (raw: unknown, path: string) => {
  const r = ledgerCard.schema.safeParse(raw);
  expect(r.success).toBe(false);
  return r.error?.issues.find((i) => i.path.join('.') === path)?.message;
};
const checks = (raw: unknown, p: DocumentParties = parties) => ledgerCard.check!(parsed(raw), p);
const flat = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');
const render = (raw: unknown, p: DocumentParties = parties) =>
  renderDocumentPdf({ type: 'ledger_card', data: parsed(raw), parties: p, createdAt: '2026-07-01T08:00:00Z' });

describe('ledger card: schema', () => {
  it('is registered and its sample is complete and adds up', () => {
    expect(documentType('ledger_card')).toBe(ledgerCard);
    const d = parsed();
    expect(d.postings).toHaveLength(14);
    expect(d.openingBalance).toBe(80112);
    expect(d.closingBalance).toBe(86908);
    for (const [key, value] of Object.entries(d)) expect(value, key).not.toBeNull();
    expect(d.postings.some((x) => x.debit !== null) && d.postings.some((x) => x.credit !== null)).toBe(true);
    expect(checks(sample())).toEqual([]);
    expect(ledgerCard.period(d)).toBe('2026-06');
    expect(ledgerCard.title(d, parties)).toBe('Kartoteka lokalu 12 — stan na 30.06.2026');
    expect(ledgerCard.filename(d, parties)).toBe('kartoteka_2026-06-30_lokal_12.pdf');
  });

  it('rejects a missing date, a bad amount, a bad date and a bad NRB with Polish messages', () => {
    const s = sample();
    const { asOf: _a, ...noAsOf } = s;
    expect(messageAt(noAsOf, 'asOf')).toBe('Data jest wymagana.');
    const { closingBalance: _c, ...noClosing } = s;
    expect(messageAt(noClosing, 'closingBalance')).toBe('Kwota jest wymagana.');
    const postings = [...s.postings];
    postings[2] = { ...postings[2]!, debit: '801,1234' };
    expect(messageAt({ ...s, postings }, 'postings.2.debit')).toMatch(/^Nieprawidłowa kwota/);
    postings[2] = { ...s.postings[2]!, bookingDate: '31.04.2026' };
    expect(messageAt({ ...s, postings }, 'postings.2.bookingDate')).toBe('Taki dzień nie istnieje: 31 kwietnia 2026.');
    postings[2] = { ...s.postings[2]!, bookingDate: '2026/04/30' };
    expect(messageAt({ ...s, postings }, 'postings.2.bookingDate')).toMatch(/^Nieprawidłowa data/);
    postings[2] = { ...s.postings[2]!, description: '' };
    expect(messageAt({ ...s, postings }, 'postings.2.description')).toBe('To pole jest wymagane.');
    expect(messageAt({ ...s, nrb: '35 1020 2892 0000 0000 0000 0013' }, 'nrb')).toMatch(/suma kontrolna/);
  });

  it('accepts negative balances (overpayment), empty Wn/Ma cells and Polish dates', () => {
    const d = parsed({
      ...sample(),
      openingBalance: '-120,50',
      periodFrom: '01.01.2026',
      postings: [{ bookingDate: '5.01.2026', description: 'Wpłata', debit: '', credit: '100' }],
      closingBalance: '-220,50',
    });
    expect(d.openingBalance).toBe(-12050);
    expect(d.periodFrom).toBe('2026-01-01');
    expect(d.postings[0]).toEqual({
      bookingDate: '2026-01-05',
      documentDate: null,
      documentNumber: null,
      description: 'Wpłata',
      debit: null,
      credit: 10000,
    });
  });
});

describe('ledger card: check', () => {
  it('verifies the closing balance = opening + Wn − Ma', () => {
    expect(checks({ ...sample(), closingBalance: '869,80' })).toEqual([
      {
        path: 'closingBalance',
        message:
          'Saldo końcowe (869,80\u00a0zł) nie zgadza się z operacjami: bilans otwarcia 801,12\u00a0zł + obciążenia Wn ' +
          '5\u00a0072,41\u00a0zł − wpłaty Ma 5\u00a0004,45\u00a0zł = 869,08\u00a0zł.',
      },
    ]);
  });

  it('finds a posting without an amount, a posting outside the period and a reversed period', () => {
    const s = sample();
    const postings = [...s.postings];
    postings[3] = { ...postings[3]!, credit: null };
    postings[5] = { ...postings[5]!, bookingDate: '2026-07-01' };
    const issues = checks({ ...s, postings, closingBalance: '1670,20' });
    expect(issues).toEqual([
      {
        path: 'postings.3.debit',
        message: 'Pozycja 4 („Wpłata — przelew”): wpisz kwotę Wn (obciążenie) albo Ma (wpłata).',
      },
      {
        path: 'postings.5.bookingDate',
        message:
          'Pozycja 6 („Naliczenie opłat za 03/2026”): data księgowania 01.07.2026 jest poza okresem 01.01.2026 – 30.06.2026.',
      },
    ]);
    const reversed = checks({ ...s, periodFrom: '2026-07-01', postings: [], closingBalance: '801,12' });
    expect(reversed.map((i) => i.path)).toEqual(['periodTo']);
    expect(checks({ ...s, asOf: '2026-06-29' }).map((i) => i.path)).toEqual(['asOf']);
  });

  it('requires an account number when there is a debt, and a unit', () => {
    const noNrb = { ...parties, unit: { ...parties.unit!, nrb: null } };
    expect(checks({ ...sample(), nrb: null }, noNrb)).toEqual([
      {
        path: 'nrb',
        message: 'Jest zaległość, a brak numeru rachunku lokalu — wpisz NRB w danych albo w kartotece lokalu.',
      },
    ]);
    expect(checks({ ...sample(), nrb: null })).toEqual([]);
    expect(checks(sample(), { ...parties, unit: null })).toEqual([
      { path: 'unit', message: 'Kartoteka musi dotyczyć lokalu.' },
    ]);
  });
});

describe('ledger card: PDF', () => {
  it('renders the sample with a running balance and says what the balance means', async () => {
    const pdf = await render(sample());
    expect(pdf.length).toBeLessThan(30_000);
    expect(qpdfCheck(pdf)).toContain('No syntax or stream encoding errors');
    expect(pdfPages(pdf)).toBe(1);
    const text = flat(pdfText(pdf));
    expect(text).toContain('KARTOTEKA LOKALU');
    expect(text).toContain('Zażółć Gęślą-Jaźń');
    expect(text).toContain('Okres 01.01.2026 – 30.06.2026');
    expect(text).toContain('Bilans otwarcia 801,12');
    // Running balance after the first charge and the first payment.
    expect(text).toMatch(/NO\/2026\/01\/012 Naliczenie opłat za 01\/2026 801,12 1 602,24/);
    expect(text).toMatch(/WB\/2026\/007 Wpłata — przelew 1 602,24 0,00/);
    expect(text).toMatch(/Obroty w okresie 5 072,41 5 004,45/);
    expect(text).toContain('Saldo na dzień 30.06.2026 869,08');
    expect(text).toContain('Zaległość do zapłaty 869,08 zł');
    expect(text).toContain('osiemset sześćdziesiąt dziewięć złotych 08/100');
    expect(text).toContain('35 1020 2892 0000 0000 0000 0012');
    expect(text).toContain('Wpłaty jeszcze niezaksięgowane');
  });

  it('sorts postings by booking date for the running balance', async () => {
    const s = sample();
    const text = flat(pdfText(await render({ ...s, postings: [...s.postings].reverse() })));
    expect(text).toMatch(/1 01\.01\.2026 01\.01\.2026 NO\/2026\/01\/012 .* 1 602,24/);
    expect(text).toMatch(/14 15\.06\.2026 15\.06\.2026 KN\/2026\/06\/003 .* 29,00 869,08/);
  });

  it('says "Nadpłata" for a negative balance and "Saldo zerowe" for zero', async () => {
    const s = sample();
    const over = flat(
      pdfText(
        await render({
          ...s,
          postings: [...s.postings, { bookingDate: '2026-06-30', description: 'Wpłata — przelew', credit: '1000,00' }],
          closingBalance: '-130,92',
        }),
      ),
    );
    expect(over).toContain('Nadpłata 130,92 zł');
    expect(over).toContain('Saldo na dzień 30.06.2026 -130,92');
    expect(over).not.toContain('Zaległość do zapłaty');
    const zero = flat(
      pdfText(
        await render({
          ...s,
          postings: [...s.postings, { bookingDate: '2026-06-30', description: 'Wpłata — przelew', credit: '869,08' }],
          closingBalance: '0',
        }),
      ),
    );
    expect(zero).toContain('Saldo zerowe 0,00 zł');
    expect(zero).toContain('nie ma zaległości ani nadpłaty');
  });

  it('continues 80 postings on further pages with the header repeated', async () => {
    const s = sample();
    const charge = { bookingDate: '2026-03-01', description: 'Naliczenie opłat', debit: '843,45' };
    const postings = Array.from({ length: 80 }, () => charge);
    const pdf = await render({ ...s, postings, closingBalance: '68277,12' });
    expect(qpdfCheck(pdf)).toContain('No syntax or stream encoding errors');
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(1);
    const text = flat(pdfText(pdf));
    expect(text.split('Opis operacji').length - 1).toBe(pages);
    expect(text).toContain(`Strona 1 z ${pages}`);
    expect(text).toContain('Zaległość do zapłaty 68 277,12 zł');
    expect(text).toMatch(/Obroty w okresie 67 476,00 0,00/);
  });
});

describe('ledger card: e-mail template', () => {
  it('passes the template check and renders the debt and the account number', () => {
    const ctx = sampleContext(ledgerCard as never);
    expect(checkTemplate(ledgerCard as never, ledgerCard.template, ctx)).toEqual([]);
    const out = renderTemplate(ledgerCard.template, ctx);
    expect(out.subject).toBe('Kartoteka lokalu 12 — stan na 30.06.2026');
    expect(out.html).toContain('zaległość 869,08\u00a0zł');
    expect(out.html).toContain('35 1020 2892 0000 0000 0000 0012');
  });

  it('renders an overpayment without a unit', () => {
    const ctx = sampleContext(ledgerCard as never);
    const out = renderTemplate(ledgerCard.template, {
      ...ctx,
      unit: null,
      document: { ...ctx.document, closingBalance: -13092 },
    });
    expect(out.subject).toBe('Kartoteka lokalu — stan na 30.06.2026');
    expect(out.html).toContain('nadpłata 130,92\u00a0zł');
  });
});

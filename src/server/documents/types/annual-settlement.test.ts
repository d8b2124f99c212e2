import { describe, expect, it } from 'vitest';
import { pdfPages, pdfText, qpdfCheck } from '../../../../test/support/pdf.js';
import { renderDocumentPdf } from '../render.js';
import { checkTemplate, renderTemplate, sampleContext } from '../templates.js';
import { annualSettlement as def } from './annual-settlement.js';
import type { DocumentParties } from './document-type.js';

const parties: DocumentParties = {
  issuer: {
    name: 'Wspólnota Mieszkaniowa „Pod Lipami”',
    street: 'ul. Lipowa 7',
    postalCode: '31-042',
    city: 'Kraków',
    nip: '6762468021',
  },
  recipient: {
    name: 'Zażółć Gęślą-Jaźń',
    street: 'ul. Lipowa 7/12',
    postalCode: '31-042',
    city: 'Kraków',
    country: 'PL',
  },
  unit: { number: '12', address: 'ul. Lipowa 7/12, 31-042 Kraków', nrb: '34102010260000000000000001' },
};
const noUnitNrb: DocumentParties = { ...parties, unit: { ...parties.unit!, nrb: null } };

type Input = Record<string, unknown> & { categories: Record<string, unknown>[] };
const sample = () => def.sample() as unknown as Input;
const parse = (input: unknown) => def.schema.parse(input);
const issuesOf = (input: unknown) => {
  const r = def.schema.safeParse(input);
  if (r.success) throw new Error('expected a validation error');
  return r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const norm = (s: string) => s.replace(/[\s\u00a0]+/g, ' ');
const checkOf = (input: Input, p = parties) =>
  def.check!(parse(input), p).map((i) => ({ ...i, message: norm(i.message) }));

/** An overpayment overall (one category, overpaid) with part of the advances unpaid. */
const overpaid = (): Input => ({
  ...sample(),
  categories: [
    {
      name: 'Koszty zarządu nieruchomością wspólną',
      allocationKey: 'udział',
      advancesCharged: '2916,48',
      advancesPaid: '2673,44',
      cost: '2800,00',
      difference: '-116,48',
    },
  ],
  totalAdvancesCharged: '2916,48',
  totalAdvancesPaid: '2673,44',
  totalCost: '2800,00',
  balance: '-116,48',
  paymentDeadline: null,
});

describe('annual_settlement schema', () => {
  it('parses the sample; the sample passes its checks and ends in a small underpayment', () => {
    const d = parse(sample());
    expect(d.year).toBe(2025);
    expect(d.categories).toHaveLength(5);
    expect(d.categories[2]!.difference).toBe(-22884);
    expect(d.totalAdvancesCharged).toBe(1365504);
    expect(d.balance).toBe(5060);
    expect(d.nrb).toBe('34102010260000000000000001');
    expect(def.check!(d, parties)).toEqual([]);
  });

  it('fills every optional field in the sample', () => {
    const d = parse(sample()) as Record<string, unknown>;
    for (const [key, value] of Object.entries(d)) expect(value, key).not.toBeNull();
  });

  it('reports missing required fields, also in a category row', () => {
    const input = sample();
    delete input.year;
    delete input.categories[1]!.allocationKey;
    delete input.categories[3]!.cost;
    expect(issuesOf(input)).toEqual(
      expect.arrayContaining([
        { path: 'year', message: expect.any(String) },
        { path: 'categories.1.allocationKey', message: 'To pole jest wymagane.' },
        { path: 'categories.3.cost', message: 'Kwota jest wymagana.' },
      ]),
    );
    expect(issuesOf({ ...sample(), categories: [] })).toContainEqual({
      path: 'categories',
      message: 'Podaj co najmniej jedną kategorię kosztów.',
    });
  });

  it('reports a bad amount, a bad date, a bad NRB and a bad year', () => {
    const input = sample();
    input.totalCost = '13 705,6x';
    input.paymentDeadline = '2026-04-31';
    input.nrb = '34 1020 1026 0000 0000 0000 001';
    input.year = '25';
    expect(issuesOf(input)).toEqual(
      expect.arrayContaining([
        { path: 'totalCost', message: expect.stringContaining('Nieprawidłowa kwota') },
        { path: 'paymentDeadline', message: 'Taki dzień nie istnieje: 31 kwietnia 2026.' },
        { path: 'nrb', message: 'Numer rachunku musi mieć 26 cyfr.' },
        { path: 'year', message: 'Rok rozliczenia wpisz jako RRRR, np. 2025.' },
      ]),
    );
  });
});

describe('annual_settlement check', () => {
  it('catches a category difference that is not cost − advances charged', () => {
    const input = sample();
    input.categories[0]!.difference = '-105,09';
    const issues = checkOf(input);
    expect(issues[0]).toEqual({
      path: 'categories.0.difference',
      message:
        '„Koszty zarządu nieruchomością wspólną”: różnica powinna wynosić koszt rzeczywisty − zaliczki naliczone = ' +
        '3 021,57 − 2 916,48 = 105,09 zł, a wpisano -105,09 zł.',
    });
    // The balance no longer equals the sum of the (wrong) differences either.
    expect(issues.map((i) => i.path)).toEqual(['categories.0.difference', 'balance']);
  });

  it('catches totals that do not add up', () => {
    const input = sample();
    input.totalAdvancesCharged = '13 655,00';
    input.totalAdvancesPaid = '13 600,00';
    input.totalCost = '13 705,46';
    input.balance = '60,50';
    expect(checkOf(input)).toEqual([
      {
        path: 'totalAdvancesCharged',
        message: 'Suma zaliczek naliczonych z kategorii (13 655,04 zł) nie zgadza się z kwotą razem (13 655,00 zł).',
      },
      {
        path: 'totalAdvancesPaid',
        message: 'Suma zaliczek wpłaconych z kategorii (13 655,04 zł) nie zgadza się z kwotą razem (13 600,00 zł).',
      },
      {
        path: 'totalCost',
        message: 'Suma kosztów rzeczywistych z kategorii (13 705,64 zł) nie zgadza się z kwotą razem (13 705,46 zł).',
      },
      {
        path: 'balance',
        message: 'Wynik rozliczenia powinien być sumą różnic z kategorii (50,60 zł), a wpisano 60,50 zł.',
      },
    ]);
  });

  it('wants the settlement made after the year ends', () => {
    const input = sample();
    input.issueDate = '2025-12-31';
    input.paymentDeadline = '2026-01-31';
    expect(checkOf(input).map((i) => i.path)).toEqual(['issueDate']);
  });

  it('needs a deadline and an account number for an underpayment, and a unit', () => {
    const input = sample();
    input.paymentDeadline = null;
    input.nrb = null;
    expect(checkOf(input, noUnitNrb).map((i) => i.path)).toEqual(['paymentDeadline', 'nrb']);
    expect(checkOf(input).map((i) => i.path)).toEqual(['paymentDeadline']);
    expect(checkOf(sample(), { ...parties, unit: null }).map((i) => i.path)).toEqual(['unit']);
  });

  it('asks what happens to an overpayment, also one hidden inside an overall underpayment', () => {
    const input = sample();
    input.balanceHandling = '';
    expect(checkOf(input)).toEqual([
      { path: 'balanceHandling', message: expect.stringContaining('Rozliczenie wykazuje nadpłatę') },
    ]);
    const over = overpaid();
    over.balanceHandling = null;
    over.nrb = null;
    expect(checkOf(over, noUnitNrb).map((i) => i.path)).toEqual(['balanceHandling']);
  });
});

describe('annual_settlement document', () => {
  it('names the year and the unit in ASCII', () => {
    const d = parse(sample());
    expect(def.period(d)).toBe('2025-12');
    expect(def.filename(d, parties)).toBe('rozliczenie_roczne_2025_lokal_12.pdf');
    expect(def.title(d, parties)).toBe('Rozliczenie roczne zaliczek za 2025 — lokal 12');
  });

  it('renders the sample as one valid, small A4 page with categories, totals and the amount due', async () => {
    const pdf = await renderDocumentPdf({
      type: 'annual_settlement',
      data: parse(sample()),
      parties,
      createdAt: '2026-03-31T10:00:00Z',
    });
    expect(() => qpdfCheck(pdf)).not.toThrow();
    expect(pdf.length).toBeLessThan(30 * 1024);
    expect(pdfPages(pdf)).toBe(1);
    const text = norm(pdfText(pdf));
    expect(text).toContain('Zażółć Gęślą-Jaźń');
    expect(text).toContain('ROZLICZENIE ROCZNE ZALICZEK');
    expect(text).toContain('Razem 13 655,04 13 655,04 13 705,64 279,44 228,84');
    expect(text).toContain('Wynik: niedopłata 50,60');
    expect(text).toContain('Centralne ogrzewanie (c.o.) odczyty 5 832,96 5 832,96 5 604,12 228,84');
    expect(text).toContain('Niedopłata do zapłaty 50,60 zł');
    expect(text).toContain('pięćdziesiąt złotych 60/100');
    expect(text).toContain('Termin zapłaty 30.04.2026');
    expect(text).toContain('34 1020 1026 0000 0000 0000 0001');
    expect(text).toContain('7840/512300');
    expect(text).toContain('nr 7/2026 z 24.03.2026');
    expect(text).toContain('art. 29 ust. 1a ustawy');
    expect(text).not.toContain('Zaległość');
  });

  it('renders an overpayment and unpaid advances as a separate arrear', async () => {
    const pdf = await renderDocumentPdf({
      type: 'annual_settlement',
      data: parse(overpaid()),
      parties,
      createdAt: '2026-03-31T10:00:00Z',
    });
    expect(() => qpdfCheck(pdf)).not.toThrow();
    const text = norm(pdfText(pdf));
    expect(text).toContain('Wynik: nadpłata 116,48');
    expect(text).toContain('Nadpłata 116,48 zł');
    expect(text).not.toContain('Termin zapłaty');
    expect(text).toContain('zaliczki wpłacone w roku 2025 są o 243,04 zł niższe od naliczonych');
    expect(text).toContain('na rachunek 34 1020 1026 0000 0000 0000 0001.');
  });
});

describe('annual_settlement e-mail template', () => {
  it('passes the template check and renders the underpayment with deadline and account number', () => {
    const ctx = sampleContext(def);
    expect(checkTemplate(def, def.template, ctx)).toEqual([]);
    const m = renderTemplate(def.template, ctx);
    expect(m.subject).toBe('Rozliczenie roczne zaliczek za 2025 — lokal 12');
    const html = norm(m.html);
    expect(html).toContain('niedopłata 50,60 zł');
    expect(html).toContain('do 30.04.2026');
    expect(html).toContain('34 1020 1026 0000 0000 0000 0001');
    expect(html).toContain('zgodnie z uchwałą nr 7/2026 z 24.03.2026');
  });

  it('renders an overpayment and a document without a unit', () => {
    const ctx = sampleContext(def);
    const doc = { ...ctx.document, balance: -11648, nrb: null, resolution: null };
    const m = renderTemplate(def.template, { ...ctx, unit: null, document: doc });
    expect(m.subject).toBe('Rozliczenie roczne zaliczek za 2025');
    expect(norm(m.html)).toContain('nadpłata 116,48 zł');
    expect(m.html).not.toContain('Rozliczenie zgodnie z uchwałą');
  });
});

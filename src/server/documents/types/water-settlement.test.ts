import { describe, expect, it } from 'vitest';
import { pdfPages, pdfText, qpdfCheck } from '../../../../test/support/pdf.js';
import { formatAmount } from '../../../shared/format.js';
import { renderDocumentPdf } from '../render.js';
import { checkTemplate, renderTemplate, sampleContext } from '../templates.js';
import type { DocumentParties } from './document-type.js';
import { waterSettlement as def } from './water-settlement.js';

const parties: DocumentParties = {
  issuer: {
    name: 'Spółdzielnia Mieszkaniowa „Łąkowa”',
    street: 'ul. Łąkowa 3',
    postalCode: '30-001',
    city: 'Kraków',
    nip: '6762468021',
  },
  recipient: {
    name: 'Zażółć Gęślą-Jaźń',
    street: 'ul. Łąkowa 3/12',
    postalCode: '30-001',
    city: 'Kraków',
    country: 'PL',
  },
  unit: { number: '12', address: 'ul. Łąkowa 3/12, 30-001 Kraków', nrb: '34102010260000000000000001' },
};
const noUnitNrb: DocumentParties = { ...parties, unit: { ...parties.unit!, nrb: null } };

type Input = Record<string, unknown> & { meters: Record<string, unknown>[] };
const sample = () => def.sample() as unknown as Input;
const parse = (input: unknown) => def.schema.parse(input);
const issuesOf = (input: unknown) => {
  const r = def.schema.safeParse(input);
  if (r.success) throw new Error('expected a validation error');
  return r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const checkOf = (input: Input, p = parties) => def.check!(parse(input), p);
const norm = (s: string) => s.replace(/[\s\u00a0]+/g, ' ');

describe('water_settlement schema', () => {
  it('parses the sample into grosze, ISO dates and a 26-digit NRB; the sample passes its checks', () => {
    const d = parse(sample());
    expect(d.totalCost).toBe(162311);
    expect(d.balance).toBe(6311);
    expect(d.meters).toHaveLength(5);
    expect(d.meters[0]).toMatchObject({ kind: 'ZW', replaced: 'stary', startReading: 120.45, consumption: 5.868 });
    expect(d.nrb).toBe('34102010260000000000000001');
    expect(def.check!(d, parties)).toEqual([]);
  });

  it('fills every optional field in the sample', () => {
    const d = parse(sample()) as Record<string, unknown>;
    for (const [key, value] of Object.entries(d)) expect(value, key).not.toBeNull();
    for (const key of ['location', 'replaced', 'note'] as const) {
      expect(d.meters && (d.meters as Record<string, unknown>[]).some((m) => m[key] !== null), key).toBe(true);
    }
  });

  it('reports a missing required field', () => {
    const input = sample();
    delete input.periodTo;
    expect(issuesOf(input)).toContainEqual({ path: 'periodTo', message: 'Data jest wymagana.' });
    const row = sample();
    delete row.meters[2]!.endReading;
    expect(issuesOf(row).map((i) => i.path)).toContain('meters.2.endReading');
  });

  it('reports a bad amount, a bad date, a bad NRB and an unknown meter kind', () => {
    const input = sample();
    input.waterCost = '331,435';
    input.periodFrom = '31.02.2025';
    input.nrb = '35 1020 1026 0000 0000 0000 0001';
    input.meters[0]!.kind = 'XW';
    expect(issuesOf(input)).toEqual(
      expect.arrayContaining([
        { path: 'waterCost', message: expect.stringContaining('Nieprawidłowa kwota') },
        { path: 'periodFrom', message: 'Taki dzień nie istnieje: 31 lutego 2025.' },
        { path: 'nrb', message: expect.stringContaining('suma kontrolna') },
        { path: 'meters.0.kind', message: expect.stringContaining('ZW (zimna woda) albo CW (ciepła woda)') },
      ]),
    );
  });

  it('accepts lower-case kinds, replacement synonyms and empty optional fields', () => {
    const input = sample();
    input.meters[2]!.kind = 'cw';
    input.meters[0]!.replaced = 'Zdjęty';
    input.meters[1]!.replaced = 'zamontowany';
    input.meters[3]!.location = '';
    input.notes = '';
    const d = parse(input);
    expect(d.meters[2]!.kind).toBe('CW');
    expect(d.meters[0]!.replaced).toBe('stary');
    expect(d.meters[1]!.replaced).toBe('nowy');
    expect(d.meters[3]!.location).toBeNull();
    expect(d.notes).toBeNull();
    input.meters[4]!.replaced = 'może';
    expect(issuesOf(input).map((i) => i.path)).toEqual(['meters.4.replaced']);
  });
});

describe('water_settlement check', () => {
  it('catches a consumption that is not end − start', () => {
    const input = sample();
    input.meters[3]!.consumption = '14,950';
    expect(checkOf(input)).toEqual([
      {
        path: 'meters.3.consumption',
        message: expect.stringContaining('zużycie powinno wynosić 103,115 − 88,210 = 14,905 m³, a wpisano 14,950 m³'),
      },
      // The row's wrong consumption also changes the totals the costs are computed from.
      expect.objectContaining({ path: 'waterCost' }),
      expect.objectContaining({ path: 'sewageCost' }),
    ]);
  });

  it('tells the clerk to split a replaced meter when the end reading is below the start', () => {
    const input = sample();
    input.meters[4]!.endReading = '2,000';
    input.meters[4]!.consumption = '0';
    const [issue] = checkOf(input);
    expect(issue).toEqual({
      path: 'meters.4.endReading',
      message: expect.stringContaining('wpisz stary i nowy wodomierz w osobnych wierszach'),
    });
  });

  it('wants both rows of a replacement, meeting on the replacement day', () => {
    const input = sample();
    input.meters[1]!.startDate = '2025-06-13';
    const paths = checkOf(input).map((i) => i.path);
    expect(paths).toEqual(['meters.0.replaced', 'meters.1.replaced']);
    const lonely = sample();
    lonely.meters.splice(1, 1);
    lonely.meters[0]!.endDate = '2025-12-31';
    expect(checkOf(lonely)[0]).toEqual({
      path: 'meters.0.replaced',
      message: expect.stringContaining('nie ma pary — dodaj wiersz nowego wodomierza'),
    });
  });

  it('catches readings outside the period and reversed dates', () => {
    const input = sample();
    input.meters[2]!.startDate = '2024-01-01';
    input.meters[2]!.endDate = '2024-12-31';
    input.meters[3]!.startDate = '2026-01-05';
    expect(checkOf(input).map((i) => i.path)).toEqual(['meters.2.startDate', 'meters.3.endDate', 'meters.3.startDate']);
  });

  it('verifies each cost component, the total and the balance', () => {
    const input = sample();
    input.sewageCost = '420,00';
    input.heatingCost = '870,00';
    input.totalCost = '1600,00';
    input.balance = '50,00';
    // Intl puts a no-break space before "zł"; compare with plain spaces.
    expect(checkOf(input).map((i) => ({ ...i, message: norm(i.message) }))).toEqual([
      {
        path: 'sewageCost',
        message: 'Koszt ścieków powinien wynosić 54,155 m³ × 7,84 zł = 424,58 zł, a wpisano 420,00 zł.',
      },
      {
        path: 'heatingCost',
        message: 'Koszt podgrzania wody powinien wynosić 26,680 m³ × 32,50 zł = 867,10 zł, a wpisano 870,00 zł.',
      },
      {
        path: 'totalCost',
        message: 'Suma kosztów (1 621,43 zł) nie zgadza się z kosztem razem (1 600,00 zł).',
      },
      {
        path: 'balance',
        message: expect.stringContaining('koszt razem − zaliczki = 40,00 zł'),
      },
    ]);
  });

  it('tolerates a one-grosz rounding difference but not two', () => {
    const input = sample();
    input.waterCost = '331,44';
    input.totalCost = '1623,12';
    input.balance = '63,12';
    expect(checkOf(input)).toEqual([]);
    input.waterCost = '331,45';
    input.totalCost = '1623,13';
    input.balance = '63,13';
    expect(checkOf(input).map((i) => i.path)).toEqual(['waterCost']);
  });

  it('needs heating for hot-water meters', () => {
    const input = sample();
    input.heatingPrice = null;
    expect(checkOf(input)).toContainEqual({ path: 'heatingPrice', message: expect.stringContaining('(CW)') });
  });

  it('needs a deadline and an account number for an underpayment, and a unit', () => {
    const input = sample();
    input.paymentDeadline = null;
    input.nrb = null;
    expect(checkOf(input, noUnitNrb).map((i) => i.path)).toEqual(['paymentDeadline', 'nrb']);
    expect(checkOf(input, parties).map((i) => i.path)).toEqual(['paymentDeadline']);
    expect(checkOf(sample(), { ...parties, unit: null }).map((i) => i.path)).toEqual(['unit']);
    const early = sample();
    early.paymentDeadline = '2026-01-10';
    expect(checkOf(early).map((i) => i.path)).toEqual(['paymentDeadline']);
  });

  it('needs no deadline for an overpayment', () => {
    const input = sample();
    input.advances = '1700,00';
    input.balance = '-76,89';
    input.paymentDeadline = null;
    input.nrb = null;
    expect(checkOf(input, noUnitNrb)).toEqual([]);
  });
});

describe('water_settlement document', () => {
  it('names the period and the unit in ASCII', () => {
    const d = parse(sample());
    expect(def.period(d)).toBe('2025-12');
    expect(def.filename(d, { ...parties, unit: { ...parties.unit!, number: '12/Ł' } })).toBe(
      'rozliczenie_wody_2025-01_2025-12_lokal_12-l.pdf',
    );
    expect(def.title(d, parties)).toBe('Rozliczenie wody za okres 01.01.2025–31.12.2025 — lokal 12');
  });

  it('renders the sample as one valid, small A4 page with the meters, the legend and the amount due', async () => {
    const data = parse(sample());
    const pdf = await renderDocumentPdf({
      type: 'water_settlement',
      data,
      parties,
      createdAt: '2026-01-20T10:00:00Z',
    });
    expect(() => qpdfCheck(pdf)).not.toThrow();
    expect(pdf.length).toBeLessThan(30 * 1024);
    expect(pdfPages(pdf)).toBe(1);
    const text = norm(pdfText(pdf));
    expect(text).toContain('Zażółć Gęślą-Jaźń');
    expect(text).toContain('ROZLICZENIE KOSZTÓW ZUŻYCIA WODY');
    expect(text).toContain(norm(formatAmount(data.totalCost)));
    expect(text).toContain('1 623,11');
    expect(text).toMatch(/Niedopłata do zapłaty 63,11 zł/);
    expect(text).toContain('sześćdziesiąt trzy złote 11/100');
    expect(text).toContain('34 1020 1026 0000 0000 0000 0001');
    expect(text).toContain('zdjęty 12.06.2025; koniec legalizacji');
    expect(text).toContain('nowy od 12.06.2025; protokół 45/2025');
    expect(text).toMatch(/Razem ZW 27,475/);
    expect(text).toMatch(/Razem CW 26,680/);
    expect(text).toContain('ZW — wodomierz zimnej wody, CW — wodomierz ciepłej wody');
    expect(text).toContain('Zaliczki naliczone w okresie 12 × 130,00 zł -1 560,00');
  });

  it('renders an overpayment with what happens to it, and no payment box', async () => {
    const input = sample();
    input.advances = '11 700,00';
    input.balance = '-10 076,89';
    const pdf = await renderDocumentPdf({
      type: 'water_settlement',
      data: parse(input),
      parties,
      createdAt: '2026-01-20T10:00:00Z',
    });
    const text = norm(pdfText(pdf));
    expect(text).toContain('Nadpłata 10 076,89 zł');
    expect(text).toContain('Nadpłata zostanie zaliczona na poczet najbliższych opłat');
    expect(text).not.toContain('Termin zapłaty');
  });
});

describe('water_settlement e-mail template', () => {
  it('passes the template check and renders the amount due with the account number', () => {
    const ctx = sampleContext(def);
    expect(checkTemplate(def, def.template, ctx)).toEqual([]);
    const m = renderTemplate(def.template, ctx);
    expect(m.subject).toBe('Rozliczenie wody za okres 01.01.2025–31.12.2025 — lokal 12');
    expect(norm(m.html)).toContain('niedopłata 63,11 zł');
    expect(norm(m.html)).toContain('do 16.02.2026');
    expect(m.html).toContain('34 1020 1026 0000 0000 0000 0001');
  });

  it('renders an overpayment and a document without a unit', () => {
    const ctx = sampleContext(def);
    const over = { ...ctx, unit: null, document: { ...ctx.document, balance: -7689, nrb: null } };
    const m = renderTemplate(def.template, over);
    expect(m.subject).toBe('Rozliczenie wody za okres 01.01.2025–31.12.2025');
    expect(norm(m.html)).toContain('nadpłata 76,89 zł');
    expect(m.html).toContain('zaliczona na poczet najbliższych opłat');
  });
});

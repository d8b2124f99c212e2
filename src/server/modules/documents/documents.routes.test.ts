import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type Session, type TestApp } from '../../../../test/support/app.js';
import { createDocumentWorld, type DocumentWorld, PERIOD } from '../../../../test/support/documents.js';
import { expectedOrder, expectSameSequence, pageThrough } from '../../../../test/support/paging.js';
import { pdfPages, pdfText, qpdfCheck } from '../../../../test/support/pdf.js';
import {
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  multipartFile,
  upload,
} from '../../../../test/support/world.js';
import type { DocumentSummary } from '../../../shared/documents.js';
import { formatNrb, nrbWithCheckDigits } from '../../../shared/nrb.js';
import { demoFeeNotice } from '../../demo/demo-documents.js';
import { renderPdf } from '../../documents/pdf/sheet.js';

let t: TestApp;
let w: DocumentWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await createDocumentWorld(t);
}, 60_000);
afterAll(() => t?.close());

// ------------------------------------------------------------------------------------------------------- helpers

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
/** pdftotext's text with every run of whitespace (incl. U+00A0 / U+202F) as one space. */
const flatText = (pdf: Buffer) => pdfText(pdf).replace(/[\s\u00a0\u202f]+/g, ' ');

interface Row {
  line: number;
  key?: string | null;
  path: string;
  message: string;
}

/** The unit as stored (by its external key). */
async function unit(key: string) {
  return t.container.db
    .selectFrom('units')
    .select(['id', 'number', 'bank_account', 'property_id'])
    .where('external_key', '=', key)
    .executeTakeFirstOrThrow();
}

/** Rows of documents and blobs and entries of the audit log. */
async function counts() {
  const db = t.container.db;
  const n = async (table: 'documents' | 'blobs' | 'audit_log') =>
    Number(
      (
        await db
          .selectFrom(table as 'documents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { documents: await n('documents'), blobs: await n('blobs'), audit: await n('audit_log') };
}

function feeItem(key: string, patch: Record<string, unknown> = {}) {
  const u = w.units.find((x) => x.key === key);
  if (!u) throw new Error(`no demo unit ${key}`);
  return { recipientKey: key, data: { ...demoFeeNotice(u, PERIOD), ...patch } };
}

function importJson(session: Session | null, items: unknown[], type = 'fee_notice') {
  return call(t, session, 'POST', '/api/documents/import', { type, items });
}

/** A 422 that stored nothing: returns the body's rows. */
async function expectRejected(request: () => Promise<Awaited<ReturnType<typeof call>>>, message?: RegExp) {
  const before = await counts();
  const res = await request();
  const error = expectError(res, 422, 'rows_rejected', message) as unknown as { rows: Row[] };
  expect(await counts()).toEqual(before);
  return error.rows;
}

async function documentsOf(importId: string): Promise<DocumentSummary[]> {
  const page = expectStatus(
    await call(t, w.admin, 'GET', `/api/documents?importId=${encodeURIComponent(importId)}&limit=200`),
    200,
  );
  return page.items;
}

async function getPdf(session: Session, id: string) {
  const res = await call(t, session, 'GET', `/api/documents/${id}/pdf`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return res.rawPayload;
}

/** A small PDF made by the app's own kit; `lines` are printed on page 1. */
function samplePdf(title: string, lines: string[] = []): Promise<Buffer> {
  return renderPdf({ title, author: 'System czynszowy', createdAt: new Date('2026-03-01T00:00:00Z') }, (s) => {
    s.title(title);
    for (const l of lines) s.paragraph(l);
  });
}

const pdfFile = (data: Uint8Array, filename = 'dokument.pdf') => ({ filename, contentType: 'application/pdf', data });

// ----------------------------------------------------------------------------------------------- 1. JSON import

describe('POST /api/documents/import (JSON)', () => {
  // One unit with two co-owners whose names carry Polish letters; an amount big enough to be grouped.
  const SPECIAL = 'SMP-0005';
  const specialData = {
    number: 'ZO/2026/04/SMP-0005',
    issueDate: '20.03.2026',
    place: 'Łódź',
    validFrom: '2026-04-01',
    areaM2: '54,3',
    persons: '3',
    components: [
      { name: 'Eksploatacja', basis: 'm²', rate: '2,20', quantity: '54,30', amount: '119,46' },
      { name: 'Fundusz remontowy', basis: 'm²', rate: '3,90', quantity: '54,30', amount: 211.77 },
      { name: 'Remont dachu (uchwała 7/2026)', basis: 'lokal', amount: '12 014,44 zł' },
    ],
    total: '12 345,67',
    previousTotal: '1234.56',
    justification: 'Uchwała nr 7/2026 o remoncie dachu — jednorazowa zaliczka.',
  };
  let result: { importId: string; created: number; type: string };

  it('stores a fee notice for every demo unit → 201 with the count', async () => {
    const before = await counts();
    const items = w.units.map((u) => (u.key === SPECIAL ? { recipientKey: u.key, data: specialData } : feeItem(u.key)));
    result = expectStatus(await importJson(w.admin, items), 201);
    expect(result).toEqual({
      importId: expect.any(String),
      type: 'fee_notice',
      created: w.units.length,
      unmatchedPages: [],
      skippedFiles: [],
    });
    const after = await counts();
    expect(after.documents - before.documents).toBe(w.units.length);
    expect(after.audit - before.audit).toBe(1);
    const audit = await t.container.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', result.importId)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('document.import');
    expect(JSON.parse(audit.details)).toMatchObject({ type: 'fee_notice', source: 'data', count: w.units.length });
  });

  it('lists the import in keyset pages (newest first, no gaps or duplicates)', async () => {
    const walked = await pageThrough<DocumentSummary>(t, w.admin, `/api/documents?importId=${result.importId}`, 7);
    const rows = await t.container.db
      .selectFrom('documents')
      .select(['id', 'created_at'])
      .where('import_id', '=', result.importId)
      .execute();
    expect(rows).toHaveLength(w.units.length);
    expectSameSequence(
      walked,
      expectedOrder(
        rows,
        (r) => r.created_at,
        (r) => r.id,
        'desc',
      ),
    );
    expect(walked.map((d) => d.recipientKey).sort()).toEqual(w.units.map((u) => u.key).sort());
    expect(walked.every((d) => d.source === 'data' && d.type === 'fee_notice' && d.period === PERIOD)).toBe(true);
    // Another filter: the period matches too; a period with nothing gives nothing.
    const other = expectStatus(
      await call(t, w.admin, 'GET', `/api/documents?importId=${result.importId}&period=2026-05`),
      200,
    );
    expect(other).toEqual({ items: [], nextCursor: null });
  });

  it('gives the normalised data: grosze, ISO dates, numbers, defaults, the NRB from the unit', async () => {
    const u = await unit(SPECIAL);
    const docs = await documentsOf(result.importId);
    const summary = docs.find((d) => d.recipientKey === SPECIAL)!;
    expect(summary).toMatchObject({ unitId: u.id, propertyId: u.property_id, recipientId: null });
    const doc = expectStatus(await call(t, w.admin, 'GET', `/api/documents/${summary.id}`), 200);
    expect(doc.title).toBe(`Zawiadomienie o wysokości opłat od 01.04.2026 — lokal ${u.number}`);
    expect(doc.filename).toBe('zawiadomienie_oplaty_2026-04_lokal_sloneczna_4-5.pdf');
    expect(doc.data).toEqual({
      number: 'ZO/2026/04/SMP-0005',
      issueDate: '2026-03-20',
      place: 'Łódź',
      validFrom: '2026-04-01',
      legalTitle: null,
      areaM2: 54.3,
      persons: 3,
      components: [
        { name: 'Eksploatacja', basis: 'm²', rate: 2.2, quantity: 54.3, amount: 11946 },
        { name: 'Fundusz remontowy', basis: 'm²', rate: 3.9, quantity: 54.3, amount: 21177 },
        { name: 'Remont dachu (uchwała 7/2026)', basis: 'lokal', rate: null, quantity: null, amount: 1201444 },
      ],
      total: 1234567,
      previousTotal: 123456,
      justification: 'Uchwała nr 7/2026 o remoncie dachu — jednorazowa zaliczka.',
      paymentDeadline: 'do 10. dnia każdego miesiąca',
      nrb: u.bank_account,
      notes: null,
    });
    expect(doc.data.nrb).toMatch(/^\d{26}$/);
  });

  it('serves the PDF as rendered: the recipients with Polish letters, the grouped total, the NRB in fours', async () => {
    const u = await unit(SPECIAL);
    const summary = (await documentsOf(result.importId)).find((d) => d.recipientKey === SPECIAL)!;
    const pdf = await getPdf(w.admin, summary.id);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBe(summary.pdfSize);
    expect(sha256(pdf)).toBe(summary.pdfSha256);
    qpdfCheck(pdf);
    const text = flatText(pdf);
    // The cooperative's member (the title holder) first, then the co-owner; names as stored.
    expect(text).toContain('Łucja Nowak, Danuta Ślusarczyk');
    expect(text).toContain('12 345,67');
    expect(text).toContain('1234,56'); // the previous total: pl-PL groups only from 10 000
    expect(text).toContain(formatNrb(u.bank_account!));
    expect(formatNrb(u.bank_account!)).toMatch(/^\d{2}( \d{4}){6}$/);
    expect(text).toContain('dwanaście tysięcy trzysta czterdzieści pięć złotych 67/100');

    // An ordinary demo notice: its own total, formatted.
    const plain = (await documentsOf(result.importId)).find((d) => d.recipientKey === 'WMK-0003')!;
    const plainDoc = expectStatus(await call(t, w.admin, 'GET', `/api/documents/${plain.id}`), 200);
    const plainText = flatText(await getPdf(w.admin, plain.id));
    expect(plainText).toContain('Katarzyna Mazur');
    const total = plainDoc.data.total as number;
    expect(plainText).toContain(`${Math.floor(total / 100)},${String(total % 100).padStart(2, '0')}`);
  });

  it('404 for a missing document and its PDF; 400 for a malformed id', async () => {
    expectError(await call(t, w.admin, 'GET', `/api/documents/${MISSING_ID}`), 404, 'not_found');
    expectError(await call(t, w.admin, 'GET', `/api/documents/${MISSING_ID}/pdf`), 404, 'not_found');
    expectError(await call(t, w.admin, 'GET', '/api/documents/nie-ma'), 400, 'validation_failed');
  });
});

// ------------------------------------------------------------------------------------------------ 2. rejections

describe('POST /api/documents/import: all or nothing', () => {
  const GOOD = ['SMP-0001', 'SMP-0002', 'SMP-0003', 'WMD-0001', 'WMK-0001'];
  let emptyUnitKey: string;

  beforeAll(async () => {
    const property = (
      expectStatus(await call(t, w.admin, 'GET', '/api/properties'), 200) as { id: string; name: string }[]
    ).find((p) => p.name === 'WM Długa 12')!;
    emptyUnitKey = 'WMD-PUSTY';
    expectStatus(
      await call(t, w.admin, 'POST', '/api/units', {
        propertyId: property.id,
        number: 'Długa 12/99',
        externalKey: emptyUnitKey,
        bankAccount: nrbWithCheckDigits('124010370000000000009999'),
      }),
      201,
    );
  });

  /** Five good items with item `index` (0-based) replaced. */
  const withBad = (index: number, item: { recipientKey: string; data: Record<string, unknown> }) =>
    GOOD.map((k, i) => (i === index ? item : feeItem(k)));

  const cases: { name: string; index: number; item: () => ReturnType<typeof feeItem>; rows: (key: string) => Row[] }[] =
    [
      {
        name: 'an unknown recipient key',
        index: 2,
        item: () => ({ ...feeItem('SMP-0003'), recipientKey: 'XYZ-9999' }),
        rows: () => [
          {
            line: 3,
            key: 'XYZ-9999',
            path: 'recipientKey',
            message: 'Nie znaleziono lokalu ani adresata o kluczu „XYZ-9999”.',
          },
        ],
      },
      {
        name: 'a bad amount of a component',
        index: 1,
        item: () => {
          const item = feeItem('SMP-0002');
          const components = (item.data.components as Record<string, string>[]).map((c) => ({ ...c }));
          components[1]!.amount = '12,345';
          return { ...item, data: { ...item.data, components } };
        },
        rows: (key) => [
          {
            line: 2,
            key,
            path: 'components.1.amount',
            message: 'Nieprawidłowa kwota — wpisz np. 1234,56 (najwyżej 2 miejsca po przecinku).',
          },
        ],
      },
      {
        name: 'a bad date',
        index: 4,
        item: () => feeItem('WMK-0001', { issueDate: '31.02.2026' }),
        rows: (key) => [
          { line: 5, key, path: 'issueDate', message: 'Nieprawidłowa data — wpisz DD.MM.RRRR, np. 05.01.2026.' },
        ],
      },
      {
        name: 'a change not from the first day of a month',
        index: 0,
        item: () => feeItem('SMP-0001', { validFrom: '15.04.2026' }),
        rows: (key) => [
          {
            line: 1,
            key,
            path: 'validFrom',
            message: 'Opłaty zmieniają się od pierwszego dnia miesiąca — wpisz np. 01.04.2026.',
          },
        ],
      },
      {
        name: 'an NRB of the wrong length',
        index: 3,
        item: () => feeItem('WMD-0001', { nrb: '12 3456 7890' }),
        rows: (key) => [{ line: 4, key, path: 'nrb', message: 'Numer rachunku musi mieć 26 cyfr.' }],
      },
      {
        name: 'an NRB with a wrong check sum',
        index: 3,
        item: () => {
          const good = nrbWithCheckDigits('124010370000000000001234');
          const bad = `${good.slice(0, 25)}${(Number(good[25]) + 1) % 10}`;
          return feeItem('WMD-0001', { nrb: formatNrb(bad) });
        },
        rows: (key) => [
          {
            line: 4,
            key,
            path: 'nrb',
            message: 'Numer rachunku jest nieprawidłowy (błędna suma kontrolna) — sprawdź cyfry.',
          },
        ],
      },
      {
        name: 'a total that is not the sum of the components',
        index: 2,
        item: () => feeItem('SMP-0003', { total: '1,00', previousTotal: '' }),
        rows: (key) => [
          {
            line: 3,
            key,
            path: 'total',
            message: expect.stringMatching(
              /^Suma składników \(\d+,\d\d\u00a0zł\) nie zgadza się z opłatą razem \(1,00\u00a0zł\)\.$/,
            ),
          },
        ],
      },
      {
        name: 'an increase without a justification',
        index: 1,
        item: () => feeItem('SMP-0002', { previousTotal: '1,00', justification: '' }),
        rows: (key) => [
          {
            line: 2,
            key,
            path: 'justification',
            message: 'Zmiana wysokości opłat wymaga pisemnego uzasadnienia — wpisz je w polu „uzasadnienie”.',
          },
        ],
      },
      {
        name: 'a unit nobody is linked to',
        index: 4,
        item: () => ({ ...feeItem('WMK-0001'), recipientKey: emptyUnitKey }),
        rows: (key) => [
          {
            line: 5,
            key,
            path: 'recipientKey',
            message: 'Lokal Długa 12/99 (WM Długa 12) nie ma przypisanego adresata — przypisz właściciela lub najemcę.',
          },
        ],
      },
      {
        name: 'an empty list of components',
        index: 0,
        item: () => feeItem('SMP-0001', { components: [] }),
        rows: (key) => [{ line: 1, key, path: 'components', message: 'Podaj co najmniej jeden składnik opłaty.' }],
      },
    ];

  it.each(cases)('refuses the whole import for $name (one bad item of five)', async ({ index, item, rows }) => {
    const bad = item();
    const got = await expectRejected(
      () => importJson(w.admin, withBad(index, bad)),
      /^Nie zaimportowano niczego: 1 błąd w 1 z 5 pozycji\. Popraw plik/,
    );
    expect(got).toEqual(rows(bad.recipientKey));
  });

  it('reports every error of every item, in item order, with Polish plural forms', async () => {
    const items = GOOD.map((k) => feeItem(k));
    items[1] = { ...feeItem('SMP-0002', { issueDate: '2026-13-01' }), recipientKey: 'NIE-MA' };
    items[3] = feeItem('WMD-0001', { total: 'dużo', nrb: '123' });
    const got = await expectRejected(
      () => importJson(w.admin, items),
      /^Nie zaimportowano niczego: 4 błędy w 2 z 5 pozycji\./,
    );
    expect(got.map((r) => [r.line, r.key, r.path])).toEqual([
      [2, 'NIE-MA', 'recipientKey'],
      [2, 'NIE-MA', 'issueDate'],
      [4, 'WMD-0001', 'total'],
      [4, 'WMD-0001', 'nrb'],
    ]);
    const many = GOOD.map((k) => feeItem(k, { issueDate: 'wczoraj' }));
    await expectRejected(() => importJson(w.admin, many), /: 5 błędów w 5 z 5 pozycji\./);
  });

  it('refuses an empty list of items and an unknown type before anything else (400)', async () => {
    const before = await counts();
    expectFieldError(await importJson(w.admin, []), 'items', 'Brak dokumentów do zaimportowania.');
    expectFieldError(await importJson(w.admin, [feeItem('SMP-0001')], 'faktura'), 'type', 'Nieznany rodzaj dokumentu.');
    expectFieldError(
      await importJson(w.admin, [{ recipientKey: ' ', data: {} }]),
      'items.0.recipientKey',
      /klucz adresata/,
    );
    expect(await counts()).toEqual(before);
  });
});

// -------------------------------------------------------------------------------------------- 3. data files

const CSV_HEADER = [
  'recipientKey',
  'number',
  'issueDate',
  'place',
  'validFrom',
  'areaM2',
  'total',
  'previousTotal',
  'justification',
  'components.name',
  'components.basis',
  'components.rate',
  'components.quantity',
  'components.amount',
];
type Component = [name: string, basis: string, rate: string, quantity: string, amount: string];
const CSV_DOCS: { key: string; area: string; total: string; previous: string; why: string; comps: Component[] }[] = [
  {
    key: 'SMP-0001',
    area: '54,30',
    total: '657,03',
    previous: '600,00',
    why: 'Wzrost stawki; uchwała nr 12/2025, Łódź',
    comps: [
      ['Eksploatacja', 'm2', '2,20', '54,30', '119,46'],
      ['Fundusz remontowy', 'm2', '3,90', '54,30', '211,77'],
      ['Zaliczka c.o.', 'm2', '6,00', '54,30', '325,80'],
    ],
  },
  {
    key: 'SMP-0002',
    area: '40',
    total: '245,50',
    previous: '245,50',
    why: '',
    comps: [
      ['Eksploatacja', 'm2', '2,20', '40', '88,00'],
      ['Fundusz remontowy', 'm2', '3,90', '40', '156,00'],
      ['Domofon', 'lokal', '1,50', '1', '1,50'],
    ],
  },
  {
    key: 'WMD-0003',
    area: '61,2',
    total: '327,42',
    previous: '',
    why: '',
    comps: [
      ['Zaliczka na koszty zarządu', 'm2', '2,85', '61,2', '174,42'],
      ['Fundusz remontowy', 'm2', '2,50', '61,2', '153,00'],
    ],
  },
];

/** One row per component, the document's own fields repeated: header on line 1, then lines 2–9. */
function csvRows(patch: (row: string[], line: number) => string[] = (r) => r): string[][] {
  const rows: string[][] = [];
  for (const d of CSV_DOCS) {
    for (const c of d.comps) {
      const row = [
        d.key,
        `ZO/2026/04/${d.key}`,
        '20.03.2026',
        'Łódź',
        '01.04.2026',
        d.area,
        d.total,
        d.previous,
        d.why,
        ...c,
      ];
      rows.push(patch(row, rows.length + 2));
    }
  }
  return rows;
}

function csvText(header: string[], rows: string[][]): string {
  const cell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}

const csvFile = (text: string, filename = 'oplaty.csv') => ({
  filename,
  contentType: 'text/csv',
  data: Buffer.from(text, 'utf-8'),
});

function importFile(file: { filename: string; contentType: string; data: Uint8Array }, type = 'fee_notice') {
  return upload(t, w.admin, '/api/documents/import-file', file, { type });
}

describe('POST /api/documents/import-file', () => {
  let fromCsv: Map<string, { data: Record<string, unknown>; pdfSha256: string }>;

  async function details(importId: string) {
    const out = new Map<string, { data: Record<string, unknown>; pdfSha256: string }>();
    for (const s of await documentsOf(importId)) {
      const d = expectStatus(await call(t, w.admin, 'GET', `/api/documents/${s.id}`), 200);
      out.set(s.recipientKey, { data: d.data, pdfSha256: d.pdfSha256 });
    }
    return out;
  }

  it('a flat CSV (";", one row per component, header fields repeated) → one document per unit', async () => {
    const res = expectStatus(await importFile(csvFile(`\ufeff${csvText(CSV_HEADER, csvRows())}`)), 201);
    expect(res).toMatchObject({ type: 'fee_notice', created: 3 });
    fromCsv = await details(res.importId);
    expect([...fromCsv.keys()].sort()).toEqual(['SMP-0001', 'SMP-0002', 'WMD-0003']);
    const u = await unit('SMP-0001');
    expect(fromCsv.get('SMP-0001')!.data).toEqual({
      number: 'ZO/2026/04/SMP-0001',
      issueDate: '2026-03-20',
      place: 'Łódź',
      validFrom: '2026-04-01',
      legalTitle: null,
      areaM2: 54.3,
      persons: null,
      components: [
        { name: 'Eksploatacja', basis: 'm2', rate: 2.2, quantity: 54.3, amount: 11946 },
        { name: 'Fundusz remontowy', basis: 'm2', rate: 3.9, quantity: 54.3, amount: 21177 },
        { name: 'Zaliczka c.o.', basis: 'm2', rate: 6, quantity: 54.3, amount: 32580 },
      ],
      total: 65703,
      previousTotal: 60000,
      justification: 'Wzrost stawki; uchwała nr 12/2025, Łódź',
      paymentDeadline: 'do 10. dnia każdego miesiąca',
      nrb: u.bank_account,
      notes: null,
    });
    expect((fromCsv.get('WMD-0003')!.data.components as unknown[]).length).toBe(2);
    expect(fromCsv.get('WMD-0003')!.data.previousTotal).toBeNull();
  });

  it('the same file in Windows-1250 imports identically (Polish letters intact, same PDFs)', async () => {
    const text = csvText(CSV_HEADER, csvRows());
    const data = iconv.encode(text, 'windows-1250');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(data)).toThrow();
    expect(iconv.decode(data, 'windows-1250')).toContain('Łódź');
    const res = expectStatus(await importFile({ filename: 'oplaty.csv', contentType: 'text/csv', data }), 201);
    expect(res.created).toBe(3);
    const from1250 = await details(res.importId);
    expect(from1250).toEqual(fromCsv);
    expect((from1250.get('SMP-0002')!.data.components as { name: string }[])[1]!.name).toBe('Fundusz remontowy');
  });

  it('an XLSX with numbers and dates as Excel stores them imports identically', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Opłaty');
    sheet.addRow(CSV_HEADER);
    const num = (v: string) => (v === '' ? null : Number(v.replace(',', '.')));
    for (const r of csvRows()) {
      sheet.addRow([
        r[0],
        r[1],
        new Date(Date.UTC(2026, 2, 20)),
        r[3],
        new Date(Date.UTC(2026, 3, 1)),
        num(r[5]!),
        num(r[6]!),
        num(r[7]!),
        r[8] || null,
        r[9],
        r[10],
        num(r[11]!),
        num(r[12]!),
        num(r[13]!),
      ]);
    }
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = expectStatus(
      await importFile({
        filename: 'oplaty.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        data,
      }),
      201,
    );
    expect(res.created).toBe(3);
    expect(await details(res.importId)).toEqual(fromCsv);
  });

  it('a JSON file: a list of items, or {"items": […]}', async () => {
    const items = [feeItem('WMK-0002'), feeItem('WMK-0003')];
    for (const body of [items, { items }]) {
      const res = expectStatus(
        await importFile({
          filename: 'dane.json',
          contentType: 'application/json',
          data: Buffer.from(JSON.stringify(body)),
        }),
        201,
      );
      expect(res.created).toBe(2);
      expect((await documentsOf(res.importId)).map((d) => d.recipientKey).sort()).toEqual(['WMK-0002', 'WMK-0003']);
    }
    const before = await counts();
    expectFieldError(
      await importFile({ filename: 'dane.json', contentType: 'application/json', data: Buffer.from('[{"a": 1,') }),
      'file',
      'Nieprawidłowy JSON.',
    );
    // A malformed item is reported at its own line and field, in either shape of the file.
    const malformed = [feeItem('WMK-0002'), { klucz: 'WMK-0003', data: {} }];
    for (const body of [malformed, { items: malformed }]) {
      const rows = await expectRejected(
        () =>
          importFile({
            filename: 'dane.json',
            contentType: 'application/json',
            data: Buffer.from(JSON.stringify(body)),
          }),
        /^Plik JSON ma nieprawidłową budowę/,
      );
      expect(rows).toEqual([
        { line: 2, path: 'recipientKey', message: 'To pole jest wymagane.' },
        { line: 2, path: '(pozycja)', message: expect.stringContaining('klucz') },
      ]);
    }
    expect(await counts()).toEqual(before);
  });

  it('an unknown column → 422 naming it (line 1), nothing stored', async () => {
    const header = [...CSV_HEADER, 'kolor'];
    const rows = csvRows().map((r) => [...r, 'zielony']);
    const got = await expectRejected(() => importFile(csvFile(csvText(header, rows))));
    expect(got).toEqual([
      {
        line: 1,
        path: 'kolor',
        message: expect.stringMatching(/^Nieznana kolumna „kolor” — dozwolone: recipientKey, /),
      },
    ]);
  });

  it('a repeated document field that differs → 422 with that line', async () => {
    // Line 6 is SMP-0002's second component: its total differs from line 5's.
    const rows = csvRows((r, line) => (line === 6 ? r.map((v, i) => (i === 6 ? '245,51' : v)) : r));
    const got = await expectRejected(() => importFile(csvFile(csvText(CSV_HEADER, rows))));
    expect(got).toEqual([
      {
        line: 6,
        key: 'SMP-0002',
        path: 'total',
        message: 'Inna wartość „total” niż w wierszu 5 tego samego dokumentu („245,50”).',
      },
    ]);
  });

  it('a bad amount in row 7 → the error points at line 7 and its component', async () => {
    const rows = csvRows((r, line) => (line === 7 ? r.map((v, i) => (i === 13 ? '1,5,0' : v)) : r));
    const got = await expectRejected(
      () => importFile(csvFile(csvText(CSV_HEADER, rows))),
      /^Nie zaimportowano niczego: 1 błąd w 1 z 3 pozycji\./,
    );
    expect(got).toEqual([
      {
        line: 7,
        key: 'SMP-0002',
        path: 'components.2.amount',
        message: 'Nieprawidłowa kwota — wpisz np. 1234,56 (najwyżej 2 miejsca po przecinku).',
      },
    ]);
  });

  it('a file without the key column, an empty file and a bad type are refused', async () => {
    const before = await counts();
    const noKey = await expectRejected(() =>
      importFile(
        csvFile(
          csvText(
            CSV_HEADER.slice(1),
            csvRows().map((r) => r.slice(1)),
          ),
        ),
      ),
    );
    expect(noKey).toContainEqual({ line: 1, path: 'recipientKey', message: expect.stringContaining('recipientKey') });
    expectFieldError(await importFile(csvFile(`${CSV_HEADER.join(';')}\r\n`)), 'file', 'Pusty plik.');
    expectFieldError(await importFile(csvFile(csvText(CSV_HEADER, csvRows())), 'faktura'), 'type', /rodzaj/);
    expect(await counts()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------- 4. one ready PDF

describe('POST /api/documents/pdf', () => {
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await samplePdf('Nota odsetkowa nr NO/5/2026', ['Odsetki za zwłokę: 12,50 zł.']);
  });

  const send = (fields: Record<string, string>, file = pdfFile(pdf, 'nota.pdf')) =>
    upload(t, w.admin, '/api/documents/pdf', file, fields);

  it('stores the PDF byte for byte with its key, period, title and merge fields → 201', async () => {
    const u = await unit('SMP-0003');
    const summary = expectStatus(
      await send({
        type: 'sales_document',
        recipientKey: 'SMP-0003',
        period: '2026-04',
        title: 'Nota odsetkowa nr NO/5/2026',
        fields: JSON.stringify({ kwota: '12,50', numer: 'NO/5/2026', zaplacono: false }),
      }),
      201,
    );
    expect(summary).toMatchObject({
      type: 'sales_document',
      source: 'api',
      recipientKey: 'SMP-0003',
      unitId: u.id,
      propertyId: u.property_id,
      recipientId: null,
      period: '2026-04',
      title: 'Nota odsetkowa nr NO/5/2026',
      filename: expect.stringMatching(/_2026-04_lokal_sloneczna_4-3\.pdf$/),
      pdfSize: pdf.length,
      pdfSha256: sha256(pdf),
    });
    const stored = await getPdf(w.admin, summary.id);
    expect(Buffer.compare(stored, pdf)).toBe(0);
    const detail = expectStatus(await call(t, w.admin, 'GET', `/api/documents/${summary.id}`), 200);
    expect(detail.data).toEqual({ kwota: '12,50', numer: 'NO/5/2026', zaplacono: false });
  });

  it("resolves a unit's NRB given with spaces, and a recipient's own key", async () => {
    const u = await unit('WMK-0002');
    const spaced = formatNrb(u.bank_account!);
    const byNrb = expectStatus(await send({ type: 'general_letter', recipientKey: spaced, period: '2026-04' }), 201);
    expect(byNrb).toMatchObject({ unitId: u.id, recipientKey: spaced, title: expect.stringContaining(u.number) });
    const recipient = await t.container.db
      .selectFrom('recipients')
      .select('id')
      .where('external_key', '=', 'WMK-0003-1')
      .executeTakeFirstOrThrow();
    const byRecipient = expectStatus(
      await send({ type: 'general_letter', recipientKey: 'WMK-0003-1', period: '2026-04' }),
      201,
    );
    expect(byRecipient).toMatchObject({ recipientId: recipient.id, unitId: (await unit('WMK-0003')).id });
  });

  it('refuses a file that is not a PDF (400), an unknown key (422), bad fields JSON and a bad period (400)', async () => {
    const before = await counts();
    const good = { type: 'general_letter', recipientKey: 'SMP-0003', period: '2026-04' };
    expectFieldError(
      await send(good, { filename: 'nota.pdf', contentType: 'application/pdf', data: Buffer.from('To nie PDF') }),
      'file',
      'To nie jest plik PDF.',
    );
    const rows = await expectRejected(() => send({ ...good, recipientKey: 'NIE-MA-1' }));
    expect(rows).toEqual([
      {
        line: 1,
        key: 'NIE-MA-1',
        path: 'recipientKey',
        message: 'Nie znaleziono lokalu ani adresata o kluczu „NIE-MA-1”.',
      },
    ]);
    expectFieldError(
      await send({ ...good, fields: '{"kwota": 12,' }),
      'fields',
      'Pole „fields” nie jest poprawnym JSON-em.',
    );
    expectFieldError(await send({ ...good, fields: '{"lista": [1, 2]}' }), 'fields.lista', /.+/);
    expectFieldError(await send({ ...good, period: '2026-13' }), 'period', 'Okres w postaci RRRR-MM, np. 2026-04.');
    expectFieldError(await send({ ...good, period: '04.2026' }), 'period', /RRRR-MM/);
    expectFieldError(await send({ type: 'general_letter', period: '2026-04' }), 'recipientKey', /.+/);
    expectFieldError(await send({ ...good, kolor: 'zielony' }), 'form', /.+/);
    expect(await counts()).toEqual(before);
  });
});

// -------------------------------------------------------------------------------------------------- 5. ZIP

describe('POST /api/documents/zip', () => {
  const zipFile = (entries: Record<string, Uint8Array>) => ({
    filename: 'zawiadomienia.zip',
    contentType: 'application/zip',
    data: zipSync(entries),
  });
  const send = (entries: Record<string, Uint8Array>) =>
    upload(t, w.admin, '/api/documents/zip', zipFile(entries), { type: 'fee_notice', period: '2026-06' });

  it('one document per PDF named by the unit key → 201, created = number of files', async () => {
    const keys = ['SMP-0001', 'SMP-0002', 'WMK-0001', 'WMD-0004'];
    const pdfs = new Map<string, Buffer>();
    for (const k of keys) pdfs.set(k, await samplePdf(`Zawiadomienie ${k}`));
    const entries: Record<string, Uint8Array> = {};
    for (const [k, p] of pdfs) entries[k === 'WMD-0004' ? `czerwiec/${k}.pdf` : `${k}.pdf`] = p;
    const res = expectStatus(await send(entries), 201);
    expect(res).toMatchObject({ type: 'fee_notice', created: keys.length, skippedFiles: [], unmatchedPages: [] });
    const docs = await documentsOf(res.importId);
    expect(docs.map((d) => d.recipientKey).sort()).toEqual([...keys].sort());
    for (const d of docs) {
      expect(d).toMatchObject({ source: 'zip', period: '2026-06', unitId: (await unit(d.recipientKey)).id });
      expect(Buffer.compare(await getPdf(w.admin, d.id), pdfs.get(d.recipientKey)!)).toBe(0);
    }
  });

  it('an unknown key or a file that is not a PDF → 422, nothing stored', async () => {
    const pdf = await samplePdf('Zawiadomienie');
    const unknown = await expectRejected(() => send({ 'SMP-0001.pdf': pdf, 'XX-0001.pdf': pdf }));
    expect(unknown).toEqual([
      {
        line: 2,
        key: 'XX-0001',
        path: 'recipientKey',
        message: 'Nie znaleziono lokalu ani adresata o kluczu „XX-0001”.',
      },
    ]);
    const notPdf = await expectRejected(
      () =>
        send({
          'SMP-0001.pdf': pdf,
          'notatka.txt': Buffer.from('lista lokali'),
          'SMP-0002.pdf': Buffer.from('to tylko tekst'),
        }),
      /^Nie zaimportowano niczego: 2 pliki nie nadają się do wysyłki\./,
    );
    expect(notPdf).toEqual([
      { line: 1, key: 'notatka.txt', path: 'file', message: expect.stringMatching(/^To nie jest plik PDF/) },
      { line: 2, key: 'SMP-0002.pdf', path: 'file', message: 'Plik ma rozszerzenie .pdf, ale nie jest PDF-em.' },
    ]);
    const before = await counts();
    expectFieldError(
      await upload(t, w.admin, '/api/documents/zip', pdfFile(pdf, 'a.zip'), { type: 'fee_notice', period: '2026-06' }),
      'file',
      /.+/,
    );
    expect(await counts()).toEqual(before);
  });
});

// --------------------------------------------------------------------------------------------- 6. printout

describe('POST /api/documents/printout', () => {
  // 12 pages: 7 runs of unit keys (three of them two pages long) and 2 pages with no key.
  const PAGES: (string | null)[] = [
    'SMP-0001',
    'SMP-0001',
    'SMP-0002',
    'SMP-0003',
    'SMP-0003',
    null,
    'SMP-0004',
    'WMD-0001',
    'WMD-0001',
    null,
    'WMD-0002',
    'WMK-0001',
  ];

  function printout(pages: (string | null)[]): Promise<Buffer> {
    return renderPdf(
      { title: 'Wydruk', author: 'System czynszowy', createdAt: new Date('2026-03-01T00:00:00Z') },
      (s) => {
        pages.forEach((key, i) => {
          if (i > 0) s.doc.addPage();
          if (key) {
            s.title(`Zawiadomienie o wysokości opłat — lokal ${key}`);
            s.paragraph(`Klucz lokalu: ${key}. Zażółć gęślą jaźń. Opłata miesięczna 1 234,56 zł.`);
          } else {
            s.title('Strona informacyjna');
            s.paragraph('Zestawienie wydruku: operator Małgorzata Ślęzak, bez klucza lokalu.');
          }
        });
      },
    );
  }

  it('splits by the key on each page → 201, one document per run, unmatched pages listed', async () => {
    const pdf = await printout(PAGES);
    expect(pdfPages(pdf)).toBe(12);
    const res = expectStatus(
      await upload(t, w.admin, '/api/documents/printout', pdfFile(pdf, 'wydruk.pdf'), {
        type: 'fee_notice',
        period: '2026-07',
      }),
      201,
    );
    expect(res.created).toBe(7);
    expect(res.unmatchedPages).toEqual([
      { page: 6, reason: 'brak klucza adresata', text: expect.stringContaining('Strona informacyjna') },
      { page: 10, reason: 'brak klucza adresata', text: expect.stringContaining('Strona informacyjna') },
    ]);
    const docs = await documentsOf(res.importId);
    const expectedPagesOf: Record<string, number> = {
      'SMP-0001': 2,
      'SMP-0002': 1,
      'SMP-0003': 2,
      'SMP-0004': 1,
      'WMD-0001': 2,
      'WMD-0002': 1,
      'WMK-0001': 1,
    };
    expect(docs.map((d) => d.recipientKey).sort()).toEqual(Object.keys(expectedPagesOf).sort());
    for (const d of docs) {
      expect(d).toMatchObject({ source: 'printout', period: '2026-07', unitId: (await unit(d.recipientKey)).id });
      const part = await getPdf(w.admin, d.id);
      expect(pdfPages(part), d.recipientKey).toBe(expectedPagesOf[d.recipientKey]);
      const text = flatText(part);
      expect(text).toContain(`lokal ${d.recipientKey}`);
      expect(text).not.toContain('Strona informacyjna');
    }
  });

  it('a printout with no key at all, or that is not a PDF, stores nothing', async () => {
    const before = await counts();
    const rows = await expectRejected(async () =>
      upload(t, w.admin, '/api/documents/printout', pdfFile(await printout([null, null]), 'wydruk.pdf'), {
        type: 'fee_notice',
        period: '2026-07',
      }),
    );
    expect(rows).toEqual([
      { line: 1, path: 'page', message: 'brak klucza adresata' },
      { line: 2, path: 'page', message: 'brak klucza adresata' },
    ]);
    expectFieldError(
      await upload(
        t,
        w.admin,
        '/api/documents/printout',
        { filename: 'wydruk.pdf', contentType: 'application/pdf', data: Buffer.from('nie PDF') },
        { type: 'fee_notice', period: '2026-07' },
      ),
      'file',
      'To nie jest plik PDF.',
    );
    expect(await counts()).toEqual(before);
  });
});

// ------------------------------------------------------------------------------------------- 7. authorisation

describe('documents: access', () => {
  /** A multipart POST as `session`, optionally without the CSRF header. */
  async function post(session: Session | null, url: string, csrf: boolean) {
    const body = await multipartFile('plik.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n'), {
      type: 'fee_notice',
      period: PERIOD,
    });
    return t.app.inject({
      method: 'POST',
      url,
      headers: {
        ...body.headers,
        ...(session ? { cookie: session.cookie, ...(csrf ? { 'x-csrf-token': session.csrf } : {}) } : {}),
      },
      payload: body.payload,
    });
  }
  const MULTIPART = [
    '/api/documents/import-file',
    '/api/documents/pdf',
    '/api/documents/zip',
    '/api/documents/printout',
  ];

  it('anonymous → 401 on every documents route, nothing stored', async () => {
    const before = await counts();
    for (const url of [
      '/api/document-types',
      '/api/documents',
      `/api/documents/${MISSING_ID}`,
      `/api/documents/${MISSING_ID}/pdf`,
    ]) {
      expectError(await call(t, null, 'GET', url), 401, 'unauthenticated');
    }
    expectError(await importJson(null, [feeItem('SMP-0001')]), 401, 'unauthenticated');
    for (const url of MULTIPART) expectError(await post(null, url, false), 401, 'unauthenticated');
    expect(await counts()).toEqual(before);
  });

  it('without the CSRF token → 403 on every POST, nothing stored', async () => {
    const before = await counts();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/documents/import',
      headers: { cookie: w.admin.cookie },
      payload: { type: 'fee_notice', items: [feeItem('SMP-0001')] },
    });
    expectError(res, 403, 'forbidden', /Sesja wygasła lub żądanie nie pochodzi z aplikacji/);
    for (const url of MULTIPART) {
      expectError(await post(w.clerkA, url, false), 403, 'forbidden', /Sesja wygasła/);
    }
    expect(await counts()).toEqual(before);
  });

  it('documents are not bound to positions: a clerk imports, any clerk reads', async () => {
    const res = expectStatus(await importJson(w.clerkA, [feeItem('SMP-0010'), feeItem('WMD-0005')]), 201);
    expect(res.created).toBe(2);
    const rows = await t.container.db
      .selectFrom('documents')
      .select(['id', 'created_by'])
      .where('import_id', '=', res.importId)
      .execute();
    expect(rows.map((r) => r.created_by)).toEqual([w.clerkAId, w.clerkAId]);
    const audit = await t.container.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('entity_id', '=', res.importId)
      .execute();
    expect(audit).toEqual([{ action: 'document.import', actor_id: w.clerkAId }]);
    for (const clerk of [w.clerkA, w.clerkB]) {
      const page = expectStatus(await call(t, clerk, 'GET', `/api/documents?importId=${res.importId}`), 200);
      expect(page.items).toHaveLength(2);
      for (const { id } of rows) {
        expectStatus(await call(t, clerk, 'GET', `/api/documents/${id}`), 200);
        expect((await getPdf(clerk, id)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
    }
    // Clerk B (another position) may also import, e.g. a ready PDF.
    const pdf = await samplePdf('Pismo');
    expectStatus(
      await upload(t, w.clerkB, '/api/documents/pdf', pdfFile(pdf), {
        type: 'general_letter',
        recipientKey: 'SMP-0010',
        period: PERIOD,
      }),
      201,
    );
    expectStatus(await call(t, w.clerkB, 'GET', '/api/document-types'), 200);
  });
});

import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { expectFieldError, expectStatus } from '../../../../test/support/world.js';

import {
  CSV_HEADER,
  counts,
  csvFile,
  csvRows,
  csvText,
  documentsOf,
  expectRejected,
  feeItem,
  importFile,
  setupDocumentsApp,
  t,
  unit,
  w,
} from './documents.routes.fixture.js';

setupDocumentsApp();

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
        message: expect.stringMatching(
          /^Nieznana kolumna „kolor” — dozwolone: Klucz, Numer zawiadomienia, Data wystawienia, /,
        ),
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

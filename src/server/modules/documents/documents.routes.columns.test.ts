import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { expectError, expectStatus } from '../../../../test/support/world.js';
import {
  CSV_HEADER,
  csvFile,
  csvRows,
  csvText,
  documentsOf,
  importFile,
  setupDocumentsApp,
  t,
  w,
} from './documents.routes.fixture.js';

/** Data files with Polish headers, and the sample files the wizard offers, from the one column table. */
setupDocumentsApp();

const sample = (format: 'csv' | 'xlsx', session = w.admin, type = 'fee_notice') =>
  call(t, session, 'GET', `/api/document-types/${type}/sample?format=${format}`);

/** The fixture's columns as a clerk might type them: Polish, any case, with and without diacritics, aliases. */
const POLISH: Record<string, string> = {
  recipientKey: 'Numer lokalu',
  number: 'NUMER ZAWIADOMIENIA',
  issueDate: 'data wystawienia',
  place: 'Miejscowosc wystawienia',
  validFrom: 'Obowiązuje od',
  areaM2: 'Powierzchnia użytkowa',
  total: 'Kwota',
  previousTotal: 'Dotychczasowa opłata miesięczna',
  justification: 'Uzasadnienie zmiany',
  'components.name': 'Składnik opłaty',
  'components.basis': 'podstawa naliczenia',
  'components.rate': 'Stawka za jednostkę podstawy',
  'components.quantity': 'Ilosc jednostek podstawy',
  'components.amount': 'Kwota miesięczna',
};

describe('data files with Polish column names', () => {
  it('reads Polish headers (case, diacritics, aliases) exactly as the field keys', async () => {
    const byKeys = expectStatus(await importFile(csvFile(csvText(CSV_HEADER, csvRows()))), 201);
    const polish = CSV_HEADER.map((h) => POLISH[h]!);
    const byNames = expectStatus(await importFile(csvFile(csvText(polish, csvRows()))), 201);
    expect(byNames.created).toBe(byKeys.created);
    const data = async (importId: string) =>
      Promise.all(
        (await documentsOf(importId)).map(async (s) => {
          const d = expectStatus(await call(t, w.admin, 'GET', `/api/documents/${s.id}`), 200);
          return [s.recipientKey, d.data];
        }),
      );
    expect(await data(byNames.importId)).toEqual(await data(byKeys.importId));
  });

  it('refuses two headers that name one field', async () => {
    const header = [...CSV_HEADER, 'Opłata miesięczna razem'];
    const rows = csvRows().map((r) => [...r, r[CSV_HEADER.indexOf('total')]!]);
    const res = await importFile(csvFile(csvText(header, rows)));
    const error = expectError(res, 422, 'rows_rejected');
    expect(JSON.stringify(error)).toContain('Kolumny „total” i „Opłata miesięczna razem” oznaczają to samo pole');
  });

  it('lists the Polish names with what goes in them for the wizard', async () => {
    const types = expectStatus(await call(t, w.admin, 'GET', '/api/document-types'), 200);
    const fee = types.find((x: { type: string }) => x.type === 'fee_notice');
    expect(fee.dataColumns[0]).toEqual({
      key: 'recipientKey',
      name: 'Klucz',
      description: expect.stringContaining('NRB'),
    });
    expect(fee.dataColumns).toContainEqual({
      key: 'nrb',
      name: 'Indywidualny numer rachunku lokalu',
      description: 'Indywidualny numer rachunku lokalu (NRB)',
    });
    expect(fee.dataColumns.map((c: { key: string }) => c.key)).toEqual(fee.columns);
  });
});

describe('GET /api/document-types/:type/sample', () => {
  it('a CSV with Polish headers that imports as it is (with a real key)', async () => {
    const res = await sample('csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="przyklad_fee_notice\.csv"/);
    expect(res.body.startsWith('\ufeffKlucz;Numer zawiadomienia;Data wystawienia;')).toBe(true);
    const text = res.body.replaceAll('LOKAL-12', 'SMP-0001');
    const imported = expectStatus(await importFile(csvFile(text)), 201);
    expect(imported.created).toBe(1);
  });

  it('an XLSX with the same headers and rows, which imports too', async () => {
    const csv = (await sample('csv')).body.replace(/^\ufeff/, '');
    const res = await sample('xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    const asCsv = rows.map((r) =>
      r
        .slice(1)
        .map((v) => String(v ?? ''))
        .map((v) => (/[";]/.test(v) ? `"${v}"` : v))
        .join(';'),
    );
    expect(asCsv.join('\r\n')).toBe(csv.trimEnd());
    const sheet = wb.worksheets[0]!;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'LOKAL-12') row.getCell(1).value = 'SMP-0002';
    });
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const file = { filename: 'przyklad.xlsx', contentType: 'application/octet-stream', data };
    expect(expectStatus(await importFile(file), 201).created).toBe(1);
  });

  it('every type has both samples; answered like the import (signed in, a property to work on)', async () => {
    for (const type of [
      'fee_notice',
      'sales_document',
      'water_settlement',
      'annual_settlement',
      'general_letter',
      'ledger_card',
    ]) {
      expect((await sample('csv', w.admin, type)).statusCode, type).toBe(200);
      expect((await sample('xlsx', w.admin, type)).statusCode, type).toBe(200);
    }
    expect((await call(t, null, 'GET', '/api/document-types/fee_notice/sample')).statusCode).toBe(401);
    expect((await sample('csv', w.admin, 'paragon')).statusCode).toBe(400);
  });
});

/**
 * Sample data files (CSV and XLSX) per document type, with Polish headers: the type's own sample document spread
 * over rows the way an import reads them (flat.ts), headers from the one column table (flat-columns.ts).
 */
import ExcelJS from 'exceljs';
import { dataColumns } from './flat-columns.js';
import type { DocumentTypeDef } from './types/document-type.js';

const SAMPLE_KEY = 'LOKAL-12';

function valueAt(data: unknown, path: string): unknown {
  let node = data;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

const cell = (v: unknown): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.map(cell).join('; ') : String(v);

/** Header row and data rows of the sample file: one row per list item, the document's own fields on each. */
export function sampleTable(def: DocumentTypeDef): { headers: string[]; rows: string[][] } {
  const columns = dataColumns(def);
  const data = def.sample() as Record<string, unknown>;
  const items = def.rowsField ? ((data[def.rowsField] as unknown[] | undefined) ?? []) : [];
  const rowsPrefix = def.rowsField ? `${def.rowsField}.` : null;
  const rows = (items.length > 0 ? items : [undefined]).map((item) =>
    columns.map((c) => {
      if (c.key === 'recipientKey') return SAMPLE_KEY;
      if (rowsPrefix && c.key.startsWith(rowsPrefix)) return cell(valueAt(item, c.key.slice(rowsPrefix.length)));
      return cell(valueAt(data, c.key));
    }),
  );
  return { headers: columns.map((c) => c.name), rows };
}

const csvCell = (v: string) => (/[";\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV as Polish Excel reads it: UTF-8 with a BOM, `;` between cells, CRLF. */
export function sampleCsv(def: DocumentTypeDef): Buffer {
  const { headers, rows } = sampleTable(def);
  const text = [headers, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n');
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}

/** The same table as an XLSX workbook (every cell as text, so amounts keep their comma). */
export async function sampleXlsx(def: DocumentTypeDef): Promise<Buffer> {
  const { headers, rows } = sampleTable(def);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Dane');
  sheet.addRow(headers).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  sheet.columns.forEach((col, i) => {
    col.width = Math.min(40, Math.max(12, headers[i]!.length + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

import { NOT_A_TABLE, readCsv, type TableEncoding } from './tabular-csv.js';
import { DEFAULT_TABLE_LIMITS, fail, fileTooBig, type TableLimits } from './tabular-limits.js';
import type { TableRow } from './tabular-rows.js';
import { readXlsx } from './tabular-xlsx.js';
import { NOT_XLSX } from './xlsx-guard.js';

/**
 * Reads a table — a CSV/TXT file or an XLSX workbook — into header names and rows of trimmed text cells, for the
 * imports (recipients, document data). Knows nothing about what the columns mean.
 *
 * CSV: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text") or Windows-1250 (what Polish Excel
 * writes as "CSV"); the delimiter (`;`, `,` or tab) is taken from the header line. XLSX: the first visible sheet
 * or the named one; numbers as typed (dot decimal), dates as YYYY-MM-DD, rich text as plain text, formulas as
 * their last computed result. Every bound in TableLimits is checked before the table is in memory.
 */
export { DEFAULT_MAX_ROWS, DEFAULT_TABLE_LIMITS, type TableLimits } from './tabular-limits.js';
export type { TableRow } from './tabular-rows.js';
export { cellText } from './tabular-xlsx.js';
export type { TableEncoding };

export interface ReadTableOptions {
  /** Force the CSV encoding instead of detecting it. */
  encoding?: TableEncoding;
  /** XLSX: the sheet to read (by name); the first visible one by default. */
  sheet?: string;
  /** Data rows allowed (without the header); DEFAULT_MAX_ROWS by default. */
  maxRows?: number;
  /** Other bounds, when a caller (or a test) needs them tighter. */
  limits?: Partial<TableLimits>;
}

export interface Table {
  format: 'csv' | 'xlsx';
  headers: string[];
  rows: TableRow[];
  /** CSV: the encoding the text was read in (`utf-8`, `utf-16le`, `utf-16be`, `windows-1250`). */
  encoding?: string;
  /** CSV: the detected delimiter. */
  delimiter?: string;
  /** XLSX: the sheet that was read. */
  sheet?: string;
}

const hasZipMagic = (data: Buffer) =>
  data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
const hasOleMagic = (data: Buffer) =>
  data.length >= 4 && data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0;

export async function readTable(data: Buffer, filename: string, options: ReadTableOptions = {}): Promise<Table> {
  const limits: TableLimits = {
    ...DEFAULT_TABLE_LIMITS,
    ...options.limits,
    ...(options.maxRows === undefined ? {} : { maxRows: options.maxRows }),
  };
  if (data.length === 0) fail('Plik jest pusty.');
  if (data.length > limits.maxFileBytes) fail(fileTooBig(data.length, limits));
  const ext = filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  if (hasOleMagic(data) || ext === 'xls') {
    fail('Stary format Excela (.xls) nie jest obsługiwany — zapisz plik jako .xlsx albo CSV.');
  }
  if (hasZipMagic(data)) {
    if (ext !== '' && ext !== 'xlsx' && ext !== 'xlsm') fail(NOT_A_TABLE);
    return readXlsx(data, options.sheet, limits);
  }
  if (ext === 'xlsx' || ext === 'xlsm') fail(NOT_XLSX);
  return readCsv(data, options.encoding, limits);
}

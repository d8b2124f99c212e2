/**
 * The bounds a data file (CSV, XLSX) must keep, checked before the table is in memory. Each value is chosen so
 * that the largest file a property manager really sends (tens of thousands of rows of a dozen or two columns)
 * passes, and the worst file that still passes costs a bounded amount of memory and time.
 */

import { formatNumber } from '../../shared/format.js';
import { ValidationError } from './errors.js';

export interface TableLimits {
  /** Bytes of the file as uploaded (CSV text is decoded and copied a few times while read). */
  maxFileBytes: number;
  /** Data rows (the header not counted). */
  maxRows: number;
  /** Columns: no cell may lie beyond this one. */
  maxColumns: number;
  /** Characters in one cell (also one shared string, one formula, one CSV field). */
  maxCellChars: number;
  /** Characters in a header cell: a longer one is a value, not a column name. */
  maxHeaderChars: number;
  /** CSV: characters of one record's fields together (a runaway quote stops here, not at the end of the file). */
  maxLineChars: number;
  /** XLSX: cells of the sheet read (empty styled ones and merged areas included), what exceljs builds objects for. */
  maxCells: number;
  /** XLSX: distinct texts in the shared-string table. */
  maxSharedStrings: number;
  /** XLSX: characters of all shared strings together. */
  maxSharedStringChars: number;
  /** XLSX: merged areas in the sheet read (exceljs checks each against all others). */
  maxMerges: number;
  /** XLSX: entries in the archive. */
  maxEntries: number;
  /** XLSX: unpacked bytes of the sheet read or of the shared strings. */
  maxSheetBytes: number;
  /** XLSX: unpacked bytes of any other part read (workbook, relationships, styles). */
  maxPartBytes: number;
  /** XLSX: unpacked bytes of everything read together. */
  maxUnpackedBytes: number;
  /** XLSX: unpacked bytes per packed byte of an entry past 1 MB. */
  maxRatio: number;
}

const MB = 1024 * 1024;

export const DEFAULT_MAX_ROWS = 50_000;

export const DEFAULT_TABLE_LIMITS: TableLimits = Object.freeze({
  // 50 000 rows of a dozen columns is ~10 MB of CSV; five times that still leaves room for long texts.
  maxFileBytes: 50 * MB,
  maxRows: DEFAULT_MAX_ROWS,
  maxColumns: 500,
  // What one Excel cell holds at most.
  maxCellChars: 32_767,
  maxHeaderChars: 200,
  // Three cells at Excel's maximum fit; an unclosed quote is reported within that many characters.
  maxLineChars: 100_000,
  // exceljs keeps ~350 bytes per cell: a million cells is ~350 MB, once (workbooks are read one at a time).
  maxCells: 1_000_000,
  maxSharedStrings: 1_000_000,
  maxSharedStringChars: 50_000_000,
  maxMerges: 1000,
  maxEntries: 1000,
  maxSheetBytes: 100 * MB,
  maxPartBytes: 20 * MB,
  maxUnpackedBytes: 200 * MB,
  // Apache POI's default bound (minimum inflate ratio 0.01), proven on real Excel files.
  maxRatio: 100,
});

export function fail(message: string): never {
  throw new ValidationError(message, [{ path: 'file', message }]);
}

export const count = (n: number) => formatNumber(n);

export function megabytes(bytes: number): string {
  return `${formatNumber(Math.round((bytes / MB) * 10) / 10, 1)} MB`;
}

export function fileTooBig(bytes: number, limits: TableLimits): string {
  return (
    `Plik ma ${megabytes(bytes)}, a plik z danymi może mieć najwyżej ${megabytes(limits.maxFileBytes)} — ` +
    'podziel go na mniejsze części.'
  );
}

export function tooManyRows(maxRows: number): string {
  return `Plik ma więcej niż ${count(maxRows)} wierszy — podziel go na mniejsze części.`;
}

export function cellTooLong(where: string, limits: TableLimits, prefix: string): string {
  return (
    `${where} ma ponad ${count(limits.maxCellChars)} znaków (tyle najwyżej mieści komórka) — ` +
    `zaczyna się od „${prefix}”. Skróć ten tekst.`
  );
}

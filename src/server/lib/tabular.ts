import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { ValidationError } from './errors.js';

/**
 * Reads a table — a CSV/TXT file or an XLSX workbook — into header names and rows of trimmed text cells, for the
 * imports (recipients, document data). Knows nothing about what the columns mean.
 *
 * CSV: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text") or Windows-1250 (what Polish Excel
 * writes as "CSV"); the delimiter (`;`, `,` or tab) is taken from the header line. XLSX: the first visible sheet
 * or the named one; numbers as typed (dot decimal), dates as YYYY-MM-DD, rich text as plain text, formulas as
 * their last computed result.
 */
export type TableEncoding = 'utf-8' | 'windows-1250';

export interface ReadTableOptions {
  /** Force the CSV encoding instead of detecting it. */
  encoding?: TableEncoding;
  /** XLSX: the sheet to read (by name); the first visible one by default. */
  sheet?: string;
  /** Data rows allowed (without the header); DEFAULT_MAX_ROWS by default. */
  maxRows?: number;
}

export interface TableRow {
  /** The line (CSV) or row number (XLSX) as the user sees it in the file; the header is line 1. */
  line: number;
  /** Header name → trimmed cell text ('' when empty or missing). */
  cells: Record<string, string>;
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

export const DEFAULT_MAX_ROWS = 50_000;
const MAX_COLUMNS = 500;

const NOT_A_TABLE = 'Tego pliku nie da się odczytać jako tabeli — prześlij plik CSV (rozdzielany średnikami) lub XLSX.';

function fail(message: string): never {
  throw new ValidationError(message, [{ path: 'file', message }]);
}

const hasZipMagic = (data: Buffer) =>
  data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
const hasOleMagic = (data: Buffer) =>
  data.length >= 4 && data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0;

export async function readTable(data: Buffer, filename: string, options: ReadTableOptions = {}): Promise<Table> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (data.length === 0) fail('Plik jest pusty.');
  const ext = filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  if (hasOleMagic(data) || ext === 'xls') {
    fail('Stary format Excela (.xls) nie jest obsługiwany — zapisz plik jako .xlsx albo CSV.');
  }
  if (hasZipMagic(data)) {
    if (ext !== '' && ext !== 'xlsx' && ext !== 'xlsm') fail(NOT_A_TABLE);
    return readXlsx(data, options.sheet, maxRows);
  }
  if (ext === 'xlsx' || ext === 'xlsm')
    fail('Plik nie jest prawidłowym skoroszytem XLSX — zapisz go w Excelu ponownie.');
  return readCsv(data, options.encoding, maxRows);
}

// ---------------------------------------------------------------------------------------------------------- CSV

function decode(data: Buffer, forced: TableEncoding | undefined): { text: string; encoding: string } {
  if (!forced) {
    if (data[0] === 0xff && data[1] === 0xfe) return { text: iconv.decode(data, 'utf-16le'), encoding: 'utf-16le' };
    if (data[0] === 0xfe && data[1] === 0xff) return { text: iconv.decode(data, 'utf-16be'), encoding: 'utf-16be' };
  }
  if (forced !== 'windows-1250') {
    try {
      // TextDecoder drops a leading BOM itself.
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
    } catch {
      if (forced === 'utf-8') fail('Plik nie jest zapisany w kodowaniu UTF-8 — wybierz kodowanie Windows-1250.');
    }
  }
  return { text: iconv.decode(data, 'windows-1250'), encoding: 'windows-1250' };
}

/** Control characters (other than tab, CR, LF) and undecodable bytes do not occur in a text table. */
function looksBinary(text: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(text.slice(0, 64 * 1024));
}

/** The first line's separator, counted outside quotes: `;` (Polish Excel), `,` or tab. */
function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') break;
    else if (!quoted && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  const [best] = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ';';
}

function readCsv(data: Buffer, forced: TableEncoding | undefined, maxRows: number): Table {
  const { text, encoding } = decode(data, forced);
  if (looksBinary(text)) fail(NOT_A_TABLE);
  if (text.trim() === '') fail('Plik jest pusty.');
  // One kind of line break (csv-parse counts a CRLF inside quotes as two lines), then skip blank lines before
  // the header, keeping their count so line numbers stay as in the file.
  const normalized = text.replace(/\r\n?/g, '\n');
  const leading = normalized.match(/^(?:[ \t]*\n)*/)?.[0] ?? '';
  const skipped = (leading.match(/\n/g) ?? []).length;
  const body = normalized.slice(leading.length);
  const delimiter = detectDelimiter(body);

  let records: { record: string[]; info: { lines: number } }[];
  let lastEnd = 0;
  try {
    records = parseCsv(body, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      on_record: (record, context) => {
        lastEnd = context.lines;
        return record;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    // Blank lines are records too, so a broken record starts on the line after the last good one.
    const line = lastEnd + 1 + skipped;
    if ((err as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED') {
      fail(`Wiersz ${line}: cudzysłów otwarty i niezamknięty — sprawdź ten wiersz.`);
    }
    fail(`Nie udało się odczytać pliku CSV (wiersz ${line}).`);
  }

  // csv-parse reports the line a record ends on; it starts on the line after the previous one.
  let previousEnd = skipped;
  const lines: Line[] = [];
  for (const { record, info } of records) {
    lines.push({ line: previousEnd + 1, values: record.map((v) => v.trim()) });
    previousEnd = info.lines + skipped;
  }
  const [header, ...rest] = lines;
  if (!header) fail('Plik jest pusty.');
  return { format: 'csv', encoding, delimiter, ...toTable(header, rest, maxRows) };
}

// --------------------------------------------------------------------------------------------------------- XLSX

function two(n: number) {
  return String(n).padStart(2, '0');
}

function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const date = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return date;
  return `${date} ${two(h)}:${two(m)}${s ? `:${two(s)}` : ''}`;
}

/** A number as Excel shows it at most: 15 significant digits, dot decimal, no exponent for ordinary values. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  return String(Number(n.toPrecision(15)));
}

/** An exceljs cell value as text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((part: { text?: unknown }) => cellText(part.text)).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('hyperlink' in v) return cellText(v.text);
    if ('error' in v) return String(v.error);
    if ('text' in v) return cellText(v.text);
  }
  return String(value);
}

async function readXlsx(data: Buffer, sheetName: string | undefined, maxRows: number): Promise<Table> {
  // exceljs is large: loaded only when a workbook is read (not by the sending worker).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    fail('Plik nie jest prawidłowym skoroszytem XLSX — zapisz go w Excelu ponownie.');
  }
  const sheets = workbook.worksheets;
  const sheet = sheetName
    ? sheets.find((s) => s.name === sheetName)
    : (sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0]);
  if (!sheet) {
    if (sheetName) {
      fail(`W skoroszycie nie ma arkusza „${sheetName}”. Arkusze: ${sheets.map((s) => `„${s.name}”`).join(', ')}.`);
    }
    fail('Skoroszyt nie ma żadnego arkusza.');
  }
  if (sheet.actualRowCount > maxRows + 1) fail(tooManyRows(maxRows));

  const lines: Line[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (col > MAX_COLUMNS) return;
      values[col - 1] = cellText(cell.value).trim();
    });
    lines.push({ line: rowNumber, values: Array.from(values, (v) => v ?? '') });
  });
  const firstFilled = lines.findIndex((l) => l.values.some((v) => v !== ''));
  const header = lines[firstFilled];
  if (!header) fail(`Arkusz „${sheet.name}” jest pusty.`);
  return { format: 'xlsx', sheet: sheet.name, ...toTable(header, lines.slice(firstFilled + 1), maxRows) };
}

// ------------------------------------------------------------------------------------------------------- common

function tooManyRows(maxRows: number) {
  return `Plik ma więcej niż ${maxRows.toLocaleString('pl-PL')} wierszy — podziel go na mniejsze części.`;
}

const headerKey = (h: string) => h.toLocaleLowerCase('pl-PL').replace(/\s+/g, ' ');

/** A header cell that is clearly a value: an e-mail address, or a plain number when every header cell is one. */
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER_LIKE = /^[-+]?\d[\d\s.,]*$/;

type Line = { line: number; values: string[] };

/** Header checks (present, unique, named wherever there is data) and rows as header → cell. */
function toTable(header: Line, lines: Line[], maxRows: number) {
  if (header.values.length > MAX_COLUMNS) fail(`Plik ma więcej niż ${MAX_COLUMNS} kolumn.`);
  const named = header.values.map((h, i) => ({ name: h.replace(/\s+/g, ' '), index: i })).filter((h) => h.name !== '');
  if (named.length === 0) fail('Brak wiersza nagłówka z nazwami kolumn.');
  if (named.some((h) => EMAIL_LIKE.test(h.name)) || named.every((h) => NUMBER_LIKE.test(h.name))) {
    fail(
      `Wiersz ${header.line} wygląda na dane, a nie na nagłówek — pierwszy wiersz pliku musi zawierać nazwy kolumn ` +
        '(np. „Nazwisko i imię”, „Adres e-mail”).',
    );
  }

  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const { name } of named) {
    const key = headerKey(name);
    if (seen.has(key)) duplicates.push(name);
    else seen.add(key);
  }
  if (duplicates.length > 0) {
    const list = [...new Set(duplicates)].map((d) => `„${d}”`).join(', ');
    fail(`Nazwy kolumn w nagłówku powtarzają się: ${list} — nadaj kolumnom różne nazwy.`);
  }

  const namedIndexes = new Set(named.map((h) => h.index));
  const rows: TableRow[] = [];
  for (const { line, values } of lines) {
    if (values.every((v) => v === '')) continue;
    if (rows.length >= maxRows) fail(tooManyRows(maxRows));
    const stray = values.findIndex((v, i) => v !== '' && !namedIndexes.has(i));
    if (stray >= 0) {
      fail(
        `Wiersz ${line}: wartość „${values[stray]}” w kolumnie ${stray + 1}, która nie ma nazwy w nagłówku — ` +
          'sprawdź, czy w tekście nie ma niezamkniętego cudzysłowu albo dodatkowego separatora.',
      );
    }
    // fromEntries defines own properties, so even a column named "__proto__" is an ordinary cell.
    const cells: Record<string, string> = Object.fromEntries(
      named.map(({ name, index }) => [name, values[index] ?? '']),
    );
    rows.push({ line, cells });
  }
  return { headers: named.map((h) => h.name), rows };
}

/** XLSX tables: the workbook checked by xlsx-guard, then read by exceljs one at a time. */
import { excerpt } from './excerpt.js';
import { fail, type TableLimits, tooManyRows } from './tabular-limits.js';
import { type Line, toTable } from './tabular-rows.js';
import { checkWorkbook, NOT_XLSX } from './xlsx-guard.js';

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

/** Workbooks are built in memory one at a time: the limits bound one, this bounds how many. */
let queue: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

export function readXlsx(data: Buffer, sheetName: string | undefined, limits: TableLimits) {
  return oneAtATime(async () => {
    const checked = checkWorkbook(data, sheetName, limits);
    // exceljs is large: loaded only when a workbook is read (not by the sending worker).
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(checked.zip as unknown as ArrayBuffer);
    } catch {
      fail(NOT_XLSX);
    }
    const sheet = workbook.worksheets.find((s) => s.name === checked.sheet);
    if (!sheet) fail(NOT_XLSX);
    if (sheet.actualRowCount > limits.maxRows + 1) fail(tooManyRows(limits.maxRows));

    const lines: Line[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col > limits.maxColumns) return;
        values[col - 1] = cellText(cell.value).trim();
      });
      lines.push({ line: rowNumber, values: Array.from(values, (v) => v ?? '') });
    });
    const firstFilled = lines.findIndex((l) => l.values.some((v) => v !== ''));
    const header = lines[firstFilled];
    if (!header) fail(`Arkusz „${excerpt(sheet.name)}” jest pusty.`);
    return { format: 'xlsx' as const, sheet: sheet.name, ...toTable(header, lines.slice(firstFilled + 1), limits) };
  });
}

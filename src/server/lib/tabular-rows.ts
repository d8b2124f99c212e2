/** What both readers share: the header checks and the rows as header → cell, with errors that quote only a little. */
import { excerpt } from './excerpt.js';
import { count, fail, type TableLimits, tooManyRows } from './tabular-limits.js';

export interface TableRow {
  /** The line (CSV) or row number (XLSX) as the user sees it in the file; the header is line 1. */
  line: number;
  /** Header name → trimmed cell text ('' when empty or missing). */
  cells: Record<string, string>;
}

export type Line = { line: number; values: string[] };

const headerKey = (h: string) => h.toLocaleLowerCase('pl-PL').replace(/\s+/g, ' ');

/** A header cell that is clearly a value: an e-mail address, or a plain number when every header cell is one. */
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER_LIKE = /^[-+]?\d[\d\s.,]*$/;

/** Header checks (present, unique, short, named wherever there is data) and rows as header → cell. */
export function toTable(header: Line, lines: Line[], limits: TableLimits) {
  const { maxRows, maxColumns, maxHeaderChars } = limits;
  if (header.values.length > maxColumns) fail(`Plik ma więcej niż ${count(maxColumns)} kolumn.`);
  const long = header.values.findIndex((h) => h.length > maxHeaderChars);
  if (long >= 0) {
    fail(
      `Wiersz ${header.line}: nazwa kolumny ${long + 1} ma ponad ${count(maxHeaderChars)} znaków ` +
        `(„${excerpt(header.values[long]!)}”) — pierwszy wiersz pliku musi zawierać krótkie nazwy kolumn.`,
    );
  }
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
    const unique = [...new Set(duplicates)];
    const list = unique.slice(0, 10).map((d) => `„${excerpt(d)}”`);
    if (unique.length > 10) list.push('…');
    fail(`Nazwy kolumn w nagłówku powtarzają się: ${list.join(', ')} — nadaj kolumnom różne nazwy.`);
  }

  const namedIndexes = new Set(named.map((h) => h.index));
  const rows: TableRow[] = [];
  for (const { line, values } of lines) {
    if (values.every((v) => v === '')) continue;
    if (rows.length >= maxRows) fail(tooManyRows(maxRows));
    const stray = values.findIndex((v, i) => v !== '' && !namedIndexes.has(i));
    if (stray >= 0) {
      fail(
        `Wiersz ${line}: wartość „${excerpt(values[stray]!)}” w kolumnie ${stray + 1}, która nie ma nazwy w nagłówku — ` +
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

/** CSV/TXT tables: encoding and delimiter detection, parsed by csv-parse with every limit checked while parsing. */
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { type CsvShapeProblem, csvShape } from './csv-shape.js';
import { ValidationError } from './errors.js';
import { EXCERPT_CHARS, excerpt } from './excerpt.js';
import { cellTooLong, count, fail, type TableLimits, tooManyRows } from './tabular-limits.js';
import { type Line, toTable } from './tabular-rows.js';

export type TableEncoding = 'utf-8' | 'windows-1250';

export const NOT_A_TABLE =
  'Tego pliku nie da się odczytać jako tabeli — prześlij plik CSV (rozdzielany średnikami) lub XLSX.';

/** Blank lines tolerated beyond the row limit (they are records too, and cost an array each). */
const BLANK_LINES_ALLOWED = 1000;

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

function lineTooLong(line: number, limits: TableLimits): string {
  return (
    `Wiersz ${line} jest za długi: ma ponad ${count(limits.maxLineChars)} znaków (tyle najwięcej przyjmujemy) — ` +
    'sprawdź, czy nie ma w nim niezamkniętego cudzysłowu.'
  );
}

function refuseShape(problem: CsvShapeProblem, body: string, skipped: number, limits: TableLimits): never {
  const line = problem.line + skipped;
  if (problem.kind === 'fields')
    fail(`Wiersz ${line} ma więcej niż ${count(limits.maxColumns)} kolumn — sprawdź separatory w tym wierszu.`);
  if (problem.kind === 'record') fail(lineTooLong(line, limits));
  if (problem.kind !== 'field') fail(NOT_A_TABLE);
  const quoted = body.charCodeAt(problem.start) === 0x22;
  const start = quoted ? problem.start + 1 : problem.start;
  const prefix = excerpt(body.slice(start, start + EXCERPT_CHARS + 1));
  const message = cellTooLong(`Wiersz ${line}, kolumna ${problem.field},`, limits, prefix);
  fail(quoted ? `${message} Jeśli to nie jeden tekst, zamknij cudzysłów, który go otwiera.` : message);
}

export function readCsv(data: Buffer, forced: TableEncoding | undefined, limits: TableLimits) {
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

  const shape = csvShape(body, delimiter, {
    maxFields: limits.maxColumns,
    maxFieldChars: limits.maxCellChars,
    maxRecordChars: limits.maxLineChars,
  });
  if (shape) refuseShape(shape, body, skipped, limits);

  let records: { record: string[]; info: { lines: number } }[];
  let lastEnd = 0;
  let all = 0;
  let filled = 0;
  try {
    records = parseCsv(body, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      // A second guard behind csvShape, in bytes (UTF-8 takes up to 4 per character).
      max_record_size: limits.maxLineChars * 4,
      // With `info`, the record comes as {record, info}.
      on_record: (entry, context) => {
        lastEnd = context.lines;
        if (++all > limits.maxRows + 1 + BLANK_LINES_ALLOWED) fail(tooManyRows(limits.maxRows));
        const { record } = entry as unknown as { record: string[] };
        if (record.some((v) => v.trim() !== '') && ++filled > limits.maxRows + 1) fail(tooManyRows(limits.maxRows));
        return entry;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    // Blank lines are records too, so a broken record starts on the line after the last good one.
    const line = lastEnd + 1 + skipped;
    const code = (err as { code?: string }).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      fail(`Wiersz ${line}: cudzysłów otwarty i niezamknięty — sprawdź ten wiersz.`);
    }
    if (code === 'CSV_MAX_RECORD_SIZE') fail(lineTooLong(line, limits));
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
  return { format: 'csv' as const, encoding, delimiter, ...toTable(header, rest, limits) };
}

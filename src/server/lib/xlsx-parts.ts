/**
 * The XLSX parts exceljs reads, checked byte by byte before it parses them: the shared strings (count, lengths)
 * and the sheet (rows, columns, cells, merged areas, cell lengths), and the elements cut out of them.
 */
import { excerpt } from './excerpt.js';
import { cellTooLong, count, fail, type TableLimits, tooManyRows } from './tabular-limits.js';
import { attribute, scanXml, textLength, textPrefix, XmlProblem } from './xml-scan.js';

export const NOT_XLSX = 'Plik nie jest prawidłowym skoroszytem XLSX — zapisz go w Excelu ponownie.';

/** Excel's own grid: 1 048 576 rows, 16 384 columns (XFD). */
const EXCEL_ROWS = 1_048_576;
const EXCEL_COLUMNS = 16_384;
/** Sheet elements not needed for values: they make exceljs expand ranges cell by cell or look up other parts. */
const SHEET_STRIP = new Set([
  'dataValidations',
  'conditionalFormatting',
  'hyperlinks',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'picture',
  'oleObjects',
  'controls',
  'tableParts',
  'extLst',
]);
export const WORKBOOK_STRIP = new Set(['definedNames', 'extLst']);
export function scan(xml: Uint8Array, handler: Parameters<typeof scanXml>[1]) {
  try {
    scanXml(xml, handler);
  } catch (err) {
    if (err instanceof XmlProblem) fail(NOT_XLSX);
    throw err;
  }
}

/** The bytes without the given elements (by local name, with their content). */
function stripElements(xml: Uint8Array, spans: [number, number][]): Uint8Array {
  if (spans.length === 0) return xml;
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const [start, end] of spans) {
    parts.push(xml.subarray(from, start));
    from = end;
  }
  parts.push(xml.subarray(from));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Records the spans of top-level elements named in `names` (a nested one of the same name stays inside). */
function stripper(names: Set<string>) {
  const spans: [number, number][] = [];
  let current: { name: string; start: number; depth: number } | null = null;
  return {
    spans,
    /** True while inside an element being cut (its content needs no checking). */
    open(name: string, start: number, end: number, selfClosing: boolean): boolean {
      if (current) {
        if (name === current.name && !selfClosing) current.depth++;
        return true;
      }
      if (!names.has(name)) return false;
      if (selfClosing) spans.push([start, end]);
      else current = { name, start, depth: 1 };
      return true;
    },
    close(name: string, end: number): boolean {
      if (!current) return false;
      if (name === current.name && --current.depth === 0) {
        spans.push([current.start, end]);
        current = null;
      }
      return true;
    },
  };
}

export function checkSharedStrings(xml: Uint8Array, limits: TableLimits) {
  let items = 0;
  let total = 0;
  let inText = false;
  let itemChars = 0;
  scan(xml, {
    open(name, _start, _end, selfClosing) {
      if (name === 'si') {
        items++;
        itemChars = 0;
        if (items > limits.maxSharedStrings) {
          fail(
            `Skoroszyt ma ponad ${count(limits.maxSharedStrings)} różnych tekstów (tyle najwięcej przyjmujemy) — ` +
              'podziel dane na mniejsze pliki.',
          );
        }
      } else if (name === 't' && !selfClosing) inText = true;
    },
    close(name) {
      if (name === 't') inText = false;
    },
    text(start, end) {
      if (!inText) return;
      const chars = textLength(xml, start, end);
      itemChars += chars;
      total += chars;
      if (itemChars > limits.maxCellChars) {
        fail(cellTooLong(`Tekst nr ${count(items)} skoroszytu`, limits, excerpt(textPrefix(xml, start, end, 40))));
      }
      if (total > limits.maxSharedStringChars) {
        fail(
          `Teksty w skoroszycie mają razem ponad ${count(limits.maxSharedStringChars)} znaków (tyle najwięcej ` +
            'przyjmujemy) — podziel dane na mniejsze pliki.',
        );
      }
    },
  });
}

/** "AB12" → column 28, row 12; null when it is not a cell address. */
function decodeAddress(ref: string): { col: number; row: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col, row: Number(m[2]) };
}

function columnName(col: number): string {
  let name = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return name;
}

/** Checks the sheet's grid and returns its bytes without the elements exceljs need not see. */
export function checkSheet(xml: Uint8Array, sheet: string, limits: TableLimits): Uint8Array {
  const strip = stripper(SHEET_STRIP);
  const where = `Arkusz „${excerpt(sheet)}”`;
  let row = 0;
  let col = 0;
  let rowHasValue = false;
  let valueRows = 0;
  let cells = 0;
  let merges = 0;
  let textIn: string | null = null;
  let cellChars = 0;
  const addCells = (n: number) => {
    cells += n;
    if (cells > limits.maxCells) {
      fail(
        `${where} ma ponad ${count(limits.maxCells)} komórek, licząc puste sformatowane i scalone (tyle najwięcej ` +
          'przyjmujemy) — usuń zbędne formatowanie albo podziel dane na mniejsze pliki.',
      );
    }
  };
  const endRow = () => {
    if (rowHasValue && ++valueRows > limits.maxRows + 1) fail(tooManyRows(limits.maxRows));
    rowHasValue = false;
  };
  scan(xml, {
    open(name, start, end, selfClosing) {
      if (strip.open(name, start, end, selfClosing)) return;
      if (name === 'row') {
        const r = attribute(xml, start, end, 'r');
        row = r === null ? row + 1 : Number(r);
        if (!Number.isInteger(row) || row < 1 || row > EXCEL_ROWS) fail(NOT_XLSX);
        col = 0;
        rowHasValue = false;
        if (selfClosing) endRow();
      } else if (name === 'c') {
        addCells(1);
        cellChars = 0;
        const r = attribute(xml, start, end, 'r');
        const address = r === null ? null : decodeAddress(r);
        if (r !== null && !address) fail(NOT_XLSX);
        col = address ? address.col : col + 1;
        if (col > EXCEL_COLUMNS || (address && address.row > EXCEL_ROWS)) fail(NOT_XLSX);
        if (col > limits.maxColumns) {
          fail(
            `Komórka ${columnName(col)}${address?.row ?? row} leży w kolumnie ${count(col)}, a plik może mieć ` +
              `najwyżej ${count(limits.maxColumns)} kolumn — usuń dane z kolumn dalej w prawo.`,
          );
        }
      } else if ((name === 'v' || name === 't' || name === 'f') && !selfClosing) textIn = name;
      else if (name === 'is') rowHasValue = true;
      else if (name === 'mergeCell') {
        if (++merges > limits.maxMerges) {
          fail(`${where} ma ponad ${count(limits.maxMerges)} scalonych obszarów — rozdziel scalone komórki.`);
        }
        const [a, b] = (attribute(xml, start, end, 'ref') ?? '').split(':').map(decodeAddress);
        if (!a) fail(NOT_XLSX);
        const to = b ?? a;
        addCells((Math.abs(to.col - a.col) + 1) * (Math.abs(to.row - a.row) + 1));
      } else if (name === 'col') {
        const max = Number(attribute(xml, start, end, 'max') ?? 0);
        if (!Number.isInteger(max) || max > EXCEL_COLUMNS) fail(NOT_XLSX);
      }
    },
    close(name, _start, end) {
      if (strip.close(name, end)) return;
      if (name === 'row') endRow();
      else if (name === textIn) textIn = null;
    },
    text(start, end) {
      if (!textIn) return;
      const chars = textLength(xml, start, end);
      if (chars > 0 && textIn !== 'f') rowHasValue = true;
      cellChars += chars;
      if (cellChars > limits.maxCellChars) {
        const cell = `Komórka ${columnName(col)}${row} arkusza „${excerpt(sheet)}”`;
        fail(cellTooLong(cell, limits, excerpt(textPrefix(xml, start, end, 40))));
      }
    },
  });
  return stripElements(xml, strip.spans);
}

export function withoutElements(xml: Uint8Array, names: Set<string>): Uint8Array {
  const strip = stripper(names);
  scan(xml, {
    open: (name, start, end, selfClosing) => void strip.open(name, start, end, selfClosing),
    close: (name, _start, end) => void strip.close(name, end),
  });
  return stripElements(xml, strip.spans);
}

/**
 * An XLSX checked before exceljs sees it. The archive's directory is walked without inflating anything (entry
 * count, paths), the sheet to read is chosen from the workbook, and only the parts exceljs needs for cell values
 * (workbook, its relationships, shared strings, styles, that one sheet) are inflated under running byte counts
 * and scanned: rows, columns, cells, merged areas, cell and shared-string lengths. exceljs then gets a new archive
 * of just those checked bytes — so it never inflates anything we have not measured — with the sheet's parts that
 * expand addresses or need other files (data validations, hyperlinks, drawings…) cut out.
 */
import { zipSync } from 'fflate';
import { excerpt } from './excerpt.js';
import { count, fail, megabytes, type TableLimits } from './tabular-limits.js';
import { checkSharedStrings, checkSheet, NOT_XLSX, scan, WORKBOOK_STRIP, withoutElements } from './xlsx-parts.js';
import { attribute } from './xml-scan.js';
import { centralDirectory, inflateEntry, type ZipEntry, ZipProblem } from './zip-entries.js';

export { NOT_XLSX };

const RATIO_GRACE_BYTES = 1024 * 1024;

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
const STYLES = 'xl/styles.xml';
/** The sheet paths exceljs loads (it ignores worksheets named otherwise). */
const SHEET_PATH = /^xl\/worksheets\/sheet\d+\.xml$/;

export interface CheckedWorkbook {
  /** A new XLSX holding only the checked parts, for exceljs. */
  zip: Uint8Array;
  /** The sheet chosen (the named one, else the first visible). */
  sheet: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function entryName(entry: ZipEntry): string {
  try {
    return utf8.decode(entry.rawName);
  } catch {
    fail(NOT_XLSX);
  }
}

/** Paths Excel never writes: absolute, climbing out, backslashes, control characters, deep or long. */
function oddPath(name: string): boolean {
  if (name.length === 0 || name.length > 255) return true;
  if (name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name)) return true;
  if (/[\u0000-\u001f\u007f]/.test(name)) return true;
  const segments = name.replace(/\/$/, '').split('/');
  return segments.length > 8 || segments.some((s) => s === '' || s === '.' || s === '..');
}

const PART_NAMES: Record<string, string> = {
  [SHARED_STRINGS]: 'teksty komórek',
  [STYLES]: 'style',
  [WORKBOOK]: 'spis arkuszy',
  [WORKBOOK_RELS]: 'powiązania arkuszy',
};

/** "część „xl/styles.xml” (style)": the file as Excel users may look it up, and what it holds. */
function partLabel(name: string, sheet?: string): string {
  const what = sheet ? `arkusz „${excerpt(sheet)}”` : PART_NAMES[name];
  return `część „${excerpt(name)}”${what ? ` (${what})` : ''}`;
}

/** Inflates what is read, keeping one running total for the whole workbook. */
function makeReader(data: Buffer, byName: Map<string, ZipEntry>, limits: TableLimits) {
  let total = 0;
  return (name: string, partLimit: number, sheet?: string): Uint8Array | null => {
    const entry = byName.get(name);
    if (!entry) return null;
    const left = limits.maxUnpackedBytes - total;
    const maxBytes = Math.min(partLimit, left);
    try {
      const bytes = inflateEntry(data, entry, {
        maxBytes,
        maxRatio: limits.maxRatio,
        ratioGraceBytes: RATIO_GRACE_BYTES,
      });
      total += bytes.length;
      return bytes;
    } catch (err) {
      if (!(err instanceof ZipProblem)) throw err;
      const what = partLabel(name, sheet);
      if (err.kind === 'too_big' && left < partLimit) {
        fail(
          `Skoroszyt zajmuje po rozpakowaniu ponad ${megabytes(limits.maxUnpackedBytes)} (to najwięcej, ile ` +
            'przyjmujemy) — podziel dane na mniejsze pliki.',
        );
      }
      if (err.kind === 'too_big') {
        fail(
          `Skoroszyt jest za duży: ${what} ma po rozpakowaniu ponad ${megabytes(partLimit)} ` +
            `(najwięcej ${megabytes(partLimit)}) — podziel dane na mniejsze pliki.`,
        );
      }
      if (err.kind === 'ratio') {
        fail(
          `Skoroszyt wygląda na spreparowany: ${what} jest spakowana ponad ${count(limits.maxRatio)} razy ` +
            '(zwykłe pliki Excela — najwyżej kilkadziesiąt) — zapisz dane w Excelu ponownie.',
        );
      }
      if (err.kind === 'unsupported')
        fail('Skoroszyt jest zaszyfrowany albo spakowany nietypowo — zapisz go w Excelu ponownie bez hasła.');
      fail(NOT_XLSX);
    }
  };
}
interface SheetRef {
  name: string;
  state: string | null;
  path: string | null;
}

function readSheets(workbook: Uint8Array, rels: Uint8Array | null): SheetRef[] {
  const targets = new Map<string, string>();
  if (rels) {
    scan(rels, {
      open(name, start, end) {
        if (name !== 'Relationship') return;
        const id = attribute(rels, start, end, 'Id');
        const target = attribute(rels, start, end, 'Target');
        if (id && target) targets.set(id, target);
      },
      close() {},
    });
  }
  const sheets: SheetRef[] = [];
  scan(workbook, {
    open(name, start, end) {
      if (name !== 'sheet') return;
      const target = targets.get(attribute(workbook, start, end, 'r:id') ?? '');
      // Where exceljs looks for the sheet's part.
      const path = target ? `xl/${target.replace(/^(\s|\/xl\/)+/, '')}` : null;
      sheets.push({
        name: attribute(workbook, start, end, 'name') ?? '',
        state: attribute(workbook, start, end, 'state'),
        path: path && SHEET_PATH.test(path) ? path : null,
      });
    },
    close() {},
  });
  return sheets;
}
/** Checks an XLSX within the limits and returns the archive for exceljs and the sheet to read. */
export function checkWorkbook(data: Buffer, sheetName: string | undefined, limits: TableLimits): CheckedWorkbook {
  let entries: ZipEntry[];
  try {
    entries = centralDirectory(data, limits.maxEntries);
  } catch (err) {
    if (err instanceof ZipProblem && err.kind === 'too_many_entries') {
      fail(
        `Skoroszyt składa się z ponad ${count(limits.maxEntries)} części (zwykły plik Excela — z kilkunastu) — ` +
          'zapisz dane w nowym skoroszycie.',
      );
    }
    fail(NOT_XLSX);
  }
  const byName = new Map<string, ZipEntry>();
  const folded = new Set<string>();
  for (const entry of entries) {
    const name = entryName(entry);
    if (oddPath(name)) {
      fail(`Skoroszyt zawiera plik o nietypowej ścieżce „${excerpt(name)}” — zapisz dane w Excelu ponownie.`);
    }
    if (folded.has(name.toLowerCase())) fail(NOT_XLSX);
    folded.add(name.toLowerCase());
    byName.set(name, entry);
  }
  const read = makeReader(data, byName, limits);
  const workbook = read(WORKBOOK, limits.maxPartBytes);
  if (!workbook) fail(NOT_XLSX);
  const rels = read(WORKBOOK_RELS, limits.maxPartBytes);
  const sheets = readSheets(workbook, rels);
  const loadable = sheets.filter((s) => s.path && byName.has(s.path));
  const chosen = sheetName
    ? loadable.find((s) => s.name === sheetName)
    : (loadable.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? loadable[0]);
  if (!chosen?.path) {
    if (sheetName) {
      const names = loadable.slice(0, 20).map((s) => `„${excerpt(s.name)}”`);
      if (loadable.length > 20) names.push('…');
      fail(`W skoroszycie nie ma arkusza „${excerpt(sheetName)}”. Arkusze: ${names.join(', ')}.`);
    }
    fail('Skoroszyt nie ma żadnego arkusza.');
  }

  const shared = read(SHARED_STRINGS, limits.maxSheetBytes);
  if (shared) checkSharedStrings(shared, limits);
  const styles = read(STYLES, limits.maxPartBytes);
  const sheet = read(chosen.path, limits.maxSheetBytes, chosen.name) as Uint8Array;
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  const store = (name: string, bytes: Uint8Array | null) => {
    if (bytes) files[name] = [bytes, { level: 0 }];
  };
  store(WORKBOOK, withoutElements(workbook, WORKBOOK_STRIP));
  store(WORKBOOK_RELS, rels);
  store(SHARED_STRINGS, shared);
  store(STYLES, styles);
  store(chosen.path, checkSheet(sheet, chosen.name, limits));
  return { zip: zipSync(files), sheet: chosen.name };
}

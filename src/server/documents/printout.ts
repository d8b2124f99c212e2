/**
 * Printouts from rent systems: one big PDF with the documents of many recipients one after another (a notice
 * may take several pages), or a ZIP of PDFs named by the recipient's key. Pure functions, no database:
 *
 * - `pageTexts` reads the text of every page (pdf.js, in this thread),
 * - `keyMatcher` builds the function that says whose page it is (external key, NRB, unit number…),
 * - `splitPrintout` cuts the printout into per-recipient PDFs (pdf-lib, the source parsed once),
 * - `readPdfZip` unpacks a ZIP of PDFs with limits checked before anything is inflated.
 *
 * Every refusal is a ValidationError with a message for the office clerk.
 */
import { crc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import { PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { type FieldIssue, ValidationError } from '../lib/errors.js';

const MB = 1024 * 1024;

export interface PdfLimits {
  /** Refuse longer files (default 5000 pages). */
  maxPages?: number;
  /** Refuse bigger files (default 200 MB). */
  maxBytes?: number;
}

const DEFAULT_MAX_PAGES = 5000;
const DEFAULT_MAX_BYTES = 200 * MB;

function invalid(message: string, field = 'file', detail = message): ValidationError {
  const fields: FieldIssue[] = [{ path: field, message: detail }];
  return new ValidationError(message, fields);
}

const NOT_A_PDF = 'Plik nie jest prawidłowym PDF-em.';

/** "1 stronę", "3 strony", "5 stron" (after "ma"). */
function pagesWord(count: number): string {
  if (count === 1) return '1 stronę';
  const few = count % 10 >= 2 && count % 10 <= 4 && (count % 100 < 12 || count % 100 > 14);
  return `${count} ${few ? 'strony' : 'stron'}`;
}

function megabytes(bytes: number): string {
  return `${Math.ceil((bytes / MB) * 10) / 10} MB`;
}

/** "%PDF-" at the start, or within the first 1024 bytes (the junk PDF readers tolerate before the header). */
export function looksLikePdf(data: Uint8Array): boolean {
  const end = Math.min(data.length - 5, 1024);
  for (let i = 0; i <= end; i++) {
    if (
      data[i] === 0x25 &&
      data[i + 1] === 0x50 &&
      data[i + 2] === 0x44 &&
      data[i + 3] === 0x46 &&
      data[i + 4] === 0x2d
    )
      return true;
  }
  return false;
}

function checkInput(pdf: Uint8Array, limits: PdfLimits): void {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  if (pdf.length === 0) throw invalid('Plik jest pusty.', 'file', 'Pusty plik.');
  if (pdf.length > maxBytes)
    throw invalid(
      `Plik jest za duży (${megabytes(pdf.length)}, najwyżej ${megabytes(maxBytes)}).`,
      'file',
      'Za duży plik.',
    );
  if (!looksLikePdf(pdf)) throw invalid(NOT_A_PDF);
}

// ---------------------------------------------------------------------------------------------------------------
// Text of the pages

interface TextPiece {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

function isTextPiece(item: unknown): item is TextPiece {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

/**
 * Joins pdf.js text pieces: a new line where the baseline changes, a space where there is a visible gap on the
 * line, nothing where a word was only split into pieces (kerning), so "L00" + "12" stays "L0012".
 */
function joinPieces(items: readonly unknown[]): string {
  let out = '';
  let last: { y: number; end: number; size: number; upright: boolean } | null = null;
  for (const item of items) {
    if (!isTextPiece(item)) continue;
    const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = item.transform;
    const upright = Math.abs(b) < 1e-6 && Math.abs(c) < 1e-6;
    const size = Math.abs(d) || Math.abs(a) || item.height || 1;
    if (item.str.length > 0) {
      if (last && out.length > 0 && !/\s$/.test(out)) {
        if (!upright || !last.upright) out += ' ';
        else if (Math.abs(y - last.y) > Math.max(size, last.size) * 0.5) out += '\n';
        else {
          const gap = x - last.end;
          if (gap > Math.min(size, last.size) * 0.15 || gap < -Math.max(size, last.size)) out += ' ';
        }
      }
      out += item.str;
      last = { y, end: x + item.width, size, upright };
    }
    if (item.hasEOL) out += '\n';
  }
  return out
    .normalize('NFC')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface PdfjsError {
  name?: string;
  message?: string;
}

function pdfjsFailure(error: unknown): ValidationError {
  const name = (error as PdfjsError | null)?.name;
  if (name === 'PasswordException')
    return invalid(
      'Plik PDF jest zabezpieczony hasłem — zapisz go bez hasła i wgraj ponownie.',
      'file',
      'PDF z hasłem.',
    );
  return invalid('Plik PDF jest uszkodzony — nie da się go odczytać.', 'file', 'Uszkodzony PDF.');
}

/**
 * The text of each page (index 0 = page 1). Pieces on one line are joined with spaces where there is a gap,
 * lines with "\n", so an NRB printed as "34 1020 1026 …" comes out with its spaces.
 * Refuses non-PDFs, encrypted and broken files and files over the limits (ValidationError).
 */
export async function pageTexts(pdf: Uint8Array, limits: PdfLimits = {}): Promise<string[]> {
  checkInput(pdf, limits);
  const maxPages = limits.maxPages ?? DEFAULT_MAX_PAGES;
  // pdf.js takes ownership of (and may detach) the buffer it gets, and refuses a Node Buffer: give it a copy.
  const task = getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    verbosity: 0,
  });
  try {
    let doc: Awaited<typeof task.promise>;
    try {
      doc = await task.promise;
    } catch (error) {
      throw pdfjsFailure(error);
    }
    const { info } = await doc.getMetadata().catch(() => ({ info: {} as Record<string, unknown> }));
    if ((info as { EncryptFilterName?: unknown }).EncryptFilterName)
      throw invalid(
        'Plik PDF jest zaszyfrowany — zapisz go bez zabezpieczeń i wgraj ponownie.',
        'file',
        'Zaszyfrowany PDF.',
      );
    if (doc.numPages < 1) throw invalid('Plik PDF nie ma żadnej strony.', 'file', 'PDF bez stron.');
    if (doc.numPages > maxPages)
      throw invalid(
        `Plik ma ${pagesWord(doc.numPages)}, a można wgrać najwyżej ${maxPages}.`,
        'file',
        'Za dużo stron.',
      );
    const texts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        texts.push(joinPieces(content.items));
        page.cleanup();
      } catch (error) {
        if (error instanceof ValidationError) throw error;
        throw invalid(`Plik PDF jest uszkodzony — nie da się odczytać strony ${n}.`, 'file', 'Uszkodzony PDF.');
      }
    }
    return texts;
  } finally {
    await task.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Whose page is it

/** What a page belongs to; `splitPrintout` reports the reason for pages that belong to nobody. */
export type PageMatch =
  | { key: string }
  | { key: null; reason: 'no_key' }
  | { key: null; reason: 'ambiguous'; candidates: string[] };

/** Says whose a page is: a key, null (nobody's), or a PageMatch (with the reason when nobody's). */
export type FindKey = (pageText: string) => string | null | PageMatch;

export interface KeyPatterns {
  key: string;
  /** Texts that identify the key on a page: an external key "L0012", an NRB, "Lipowa 5 m. 12"… */
  patterns: string[];
}

/** Digit-only patterns this long (NRB 26, PESEL 11, NIP 10) are matched however the page spaces them. */
const LONG_NUMBER = 10;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const TOKENS = /[\p{L}\p{N}_]+/gu;

/** Case- and diacritic-insensitive, one space for any whitespace, one kind of dash. */
function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

interface TextPattern {
  key: string;
  text: string;
  /** Whether the pattern ends with a letter/digit: then the page must not continue the word after it. */
  wordEnd: boolean;
}

/**
 * Digit runs of the page joined across spaces and hyphens ("34 1020-1026" → "3410201026"), with the offsets
 * where the printed groups start and end: a number must start and end on a group boundary, so an NRB is found
 * however it is spaced, but not inside a longer number.
 */
function digitChunks(text: string): { digits: string; starts: number[]; ends: Set<number> }[] {
  const chunks: { digits: string; starts: number[]; ends: Set<number> }[] = [];
  let current: { digits: string; starts: number[]; ends: Set<number> } | null = null;
  let lastEnd = -1;
  for (const match of text.matchAll(/\d+/g)) {
    const index = match.index;
    const joined = current !== null && /^[ -]+$/.test(text.slice(lastEnd, index));
    if (!joined || current === null) {
      current = { digits: '', starts: [], ends: new Set() };
      chunks.push(current);
    }
    current.starts.push(current.digits.length);
    current.digits += match[0];
    current.ends.add(current.digits.length);
    lastEnd = index + match[0].length;
  }
  return chunks;
}

/**
 * Builds a `findKey` for `splitPrintout` from each key's patterns. A pattern matches as whole words (so "L001"
 * does not match inside "L0012"), ignoring case, Polish diacritics and extra spaces. Digit-only patterns of 10+
 * digits (an NRB, optionally with "PL") match whatever spaces or hyphens the page puts between the digits.
 * Returns `{ key }` when exactly one key matches, otherwise `{ key: null, reason }` — 'ambiguous' (with the
 * candidates) when the page matches two or more keys.
 */
export function keyMatcher(keys: readonly KeyPatterns[]): (pageText: string) => PageMatch {
  const byFirstToken = new Map<string, TextPattern[]>();
  const unanchored: TextPattern[] = [];
  const numbers = new Map<string, Set<string>>();
  const numberLengths = new Set<number>();

  for (const { key, patterns } of keys) {
    for (const raw of patterns) {
      const compact = raw.replace(/[\s-]/g, '');
      const digits = /^(pl)?\d+$/i.test(compact) ? compact.replace(/^pl/i, '') : null;
      if (digits !== null && digits.length >= LONG_NUMBER) {
        const owners = numbers.get(digits) ?? new Set<string>();
        owners.add(key);
        numbers.set(digits, owners);
        numberLengths.add(digits.length);
        continue;
      }
      const text = fold(raw);
      if (!text) continue;
      const pattern: TextPattern = { key, text, wordEnd: WORD_CHAR.test(text.at(-1) ?? '') };
      const first = WORD_CHAR.test(text[0] ?? '') ? /^[\p{L}\p{N}_]+/u.exec(text)?.[0] : undefined;
      if (first === undefined) unanchored.push(pattern);
      else {
        const list = byFirstToken.get(first);
        if (list) list.push(pattern);
        else byFirstToken.set(first, [pattern]);
      }
    }
  }

  const endsWord = (text: string, end: number) => end >= text.length || !WORD_CHAR.test(text[end] ?? '');
  const startsWord = (text: string, start: number) => start === 0 || !WORD_CHAR.test(text[start - 1] ?? '');

  return (pageText: string): PageMatch => {
    const found = new Set<string>();
    // Where each text pattern matched: a key whose every match lies inside a longer key's match is not on the
    // page by itself ("SMP-0001" inside the recipient key "SMP-0001-1").
    const spans = new Map<string, [number, number][]>();
    const hit = (key: string, start: number, end: number) => {
      found.add(key);
      spans.set(key, [...(spans.get(key) ?? []), [start, end]]);
    };
    const text = fold(pageText);

    for (const token of text.matchAll(TOKENS)) {
      const candidates = byFirstToken.get(token[0]);
      if (!candidates) continue;
      for (const pattern of candidates) {
        if (!text.startsWith(pattern.text, token.index)) continue;
        if (pattern.wordEnd && !endsWord(text, token.index + pattern.text.length)) continue;
        hit(pattern.key, token.index, token.index + pattern.text.length);
      }
    }
    for (const pattern of unanchored) {
      for (let at = text.indexOf(pattern.text); at >= 0; at = text.indexOf(pattern.text, at + 1)) {
        if (!startsWord(text, at) && WORD_CHAR.test(pattern.text[0] ?? '')) continue;
        if (pattern.wordEnd && !endsWord(text, at + pattern.text.length)) continue;
        hit(pattern.key, at, at + pattern.text.length);
      }
    }
    const numberKeys = new Set<string>();
    if (numbers.size > 0) {
      for (const chunk of digitChunks(text)) {
        for (const start of chunk.starts) {
          for (const length of numberLengths) {
            if (!chunk.ends.has(start + length)) continue;
            for (const key of numbers.get(chunk.digits.slice(start, start + length)) ?? []) {
              found.add(key);
              numberKeys.add(key);
            }
          }
        }
      }
    }

    if (found.size > 1) {
      for (const [key, own] of spans) {
        const inside = own.every(([a, b]) =>
          [...spans].some(
            ([other, theirs]) => other !== key && theirs.some(([c, d]) => c <= a && b <= d && d - c > b - a),
          ),
        );
        // Only text matches can be shadowed; a key also found as a number stays.
        if (inside && !numberKeys.has(key)) found.delete(key);
      }
    }
    if (found.size === 1) return { key: [...found][0]! };
    if (found.size === 0) return { key: null, reason: 'no_key' };
    return { key: null, reason: 'ambiguous', candidates: [...found].sort() };
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Splitting

export interface SplitOptions extends PdfLimits {
  /** How much of an unmatched page's text to report (default 200 characters). */
  excerptChars?: number;
}

export interface SplitDocument {
  key: string;
  /** Pages of the printout, 1-based, consecutive. */
  pages: number[];
  /** 1 for the key's first document in the printout, 2 when the key comes back later, … */
  occurrence: number;
  pdf: Uint8Array;
}

export interface UnmatchedPage {
  page: number;
  /** The start of the page's text, whitespace collapsed. */
  text: string;
  reason: 'no_key' | 'ambiguous';
  /** The keys found on an ambiguous page. */
  candidates: string[];
}

export interface SplitResult {
  /** In printout order. */
  documents: SplitDocument[];
  unmatched: UnmatchedPage[];
  pageCount: number;
  /** Keys with more than one (non-consecutive) document. */
  repeatedKeys: string[];
}

function toMatch(result: string | null | PageMatch): PageMatch {
  if (result === null) return { key: null, reason: 'no_key' };
  if (typeof result === 'string') return result ? { key: result } : { key: null, reason: 'no_key' };
  return result;
}

/**
 * Cuts a printout into documents: consecutive pages with the same key form one document; the same key coming
 * back after other pages is a new document (occurrence 2, listed in `repeatedKeys`). Pages with no key (or
 * ambiguous ones) are reported in `unmatched` and go into no document. Each document is a new PDF with the
 * pages copied from the source (parsed once).
 */
export async function splitPrintout(
  pdf: Uint8Array,
  findKey: FindKey,
  options: SplitOptions = {},
): Promise<SplitResult> {
  const texts = await pageTexts(pdf, options);
  const excerptChars = options.excerptChars ?? 200;

  const runs: { key: string; pages: number[] }[] = [];
  const unmatched: UnmatchedPage[] = [];
  let previous: string | null = null;
  texts.forEach((text, index) => {
    const page = index + 1;
    const match = toMatch(findKey(text));
    if (match.key === null) {
      unmatched.push({
        page,
        text: text.replace(/\s+/g, ' ').slice(0, excerptChars),
        reason: match.reason,
        candidates: match.reason === 'ambiguous' ? match.candidates : [],
      });
      previous = null;
      return;
    }
    const last = runs.at(-1);
    if (last && previous === match.key) last.pages.push(page);
    else runs.push({ key: match.key, pages: [page] });
    previous = match.key;
  });

  let source: PDFDocument;
  try {
    source = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch {
    throw invalid('Plik PDF jest uszkodzony — nie da się go podzielić.', 'file', 'Uszkodzony PDF.');
  }
  if (source.getPageCount() !== texts.length)
    throw invalid('Plik PDF jest uszkodzony — nie da się go podzielić.', 'file', 'Uszkodzony PDF.');

  const seen = new Map<string, number>();
  const documents: SplitDocument[] = [];
  for (const run of runs) {
    const occurrence = (seen.get(run.key) ?? 0) + 1;
    seen.set(run.key, occurrence);
    // No metadata update: the same printout gives the same bytes.
    const target = await PDFDocument.create({ updateMetadata: false });
    const copied = await target.copyPages(
      source,
      run.pages.map((p) => p - 1),
    );
    for (const page of copied) target.addPage(page);
    documents.push({ key: run.key, pages: run.pages, occurrence, pdf: await target.save() });
  }
  const repeatedKeys = [...seen].filter(([, count]) => count > 1).map(([key]) => key);
  return { documents, unmatched, pageCount: texts.length, repeatedKeys };
}

// ---------------------------------------------------------------------------------------------------------------
// ZIP of PDFs

export interface ZipLimits {
  /** Most files (not counting folders and macOS/Windows junk). */
  maxFiles: number;
  /** Most bytes of all PDFs together, unpacked (as declared in the archive, checked before unpacking). */
  maxTotalBytes: number;
  /** Most bytes of one PDF, unpacked. */
  maxFileBytes: number;
}

export interface ZipPdf {
  /** Path inside the archive. */
  name: string;
  /** File name without folders and without ".pdf". */
  key: string;
  data: Uint8Array;
}

export interface ZipRejection {
  name: string;
  reason: string;
}

interface RawEntry {
  flags: number;
  crc: number;
  name: Uint8Array;
}

/**
 * The central directory as fflate walks it (same order, same ZIP64 handling), for what its filter does not
 * say: the UTF-8 flag with the raw name bytes, encryption and the CRC. Null when it cannot be read.
 */
function centralDirectory(zip: Uint8Array): RawEntry[] | null {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let end = zip.length - 22;
  while (end >= 0 && u32(end) !== 0x06054b50) {
    if (zip.length - end > 65558) return null;
    end--;
  }
  if (end < 0) return null;
  let count = u16(end + 8);
  let offset = u32(end + 16);
  if (end >= 20 && u32(end - 20) === 0x07064b50) {
    const z64 = u32(end - 12);
    if (z64 + 56 <= zip.length && u32(z64) === 0x06064b50) {
      count = Number(view.getBigUint64(z64 + 32, true));
      offset = Number(view.getBigUint64(z64 + 48, true));
    }
  }
  const entries: RawEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > zip.length || u32(offset) !== 0x02014b50) return null;
    const nameLength = u16(offset + 28);
    const next = offset + 46 + nameLength + u16(offset + 30) + u16(offset + 32);
    if (next > zip.length) return null;
    entries.push({
      flags: u16(offset + 8),
      crc: u32(offset + 16),
      name: zip.subarray(offset + 46, offset + 46 + nameLength),
    });
    offset = next;
  }
  return entries;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * An entry's name: UTF-8 when flagged; else ASCII, or UTF-8 written without the flag (Linux, macOS), or the
 * DOS code page of Polish Windows (CP852, Explorer's "Send to compressed folder").
 */
function entryName(raw: RawEntry | undefined, fallback: string): string {
  if (!raw) return fallback;
  if (raw.flags & 0x800 || raw.name.every((b) => b < 0x80)) return new TextDecoder().decode(raw.name);
  try {
    return utf8.decode(raw.name);
  } catch {
    return iconv.decode(Buffer.from(raw.name), 'cp852');
  }
}

const JUNK_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);

function isJunk(segments: string[]): boolean {
  const base = segments.at(-1)?.toLowerCase() ?? '';
  return segments.includes('__MACOSX') || JUNK_FILES.has(base) || base.startsWith('._');
}

const NOT_A_ZIP = 'Plik nie jest prawidłowym archiwum ZIP.';

/**
 * Unpacks a ZIP of PDFs named by recipient key. Folders and macOS/Windows junk are skipped silently; other
 * files that are not PDFs, damaged or encrypted entries and files whose keys repeat are rejected (with the
 * reason, in Polish). The limits are checked on the sizes the archive declares, before anything is inflated,
 * and an archive over them is refused as a whole (ValidationError), as is a file that is not a ZIP.
 */
export function readPdfZip(zip: Uint8Array, options: ZipLimits): { files: ZipPdf[]; rejected: ZipRejection[] } {
  const isZip = zip.length >= 22 && zip[0] === 0x50 && zip[1] === 0x4b && (zip[2] === 3 || zip[2] === 5);
  if (!isZip) throw invalid(NOT_A_ZIP);

  const listed: { name: string; size: number; originalSize: number; compression: number }[] = [];
  try {
    unzipSync(zip, {
      filter: (entry) => {
        listed.push(entry);
        return false;
      },
    });
  } catch {
    throw invalid(NOT_A_ZIP);
  }
  const directory = centralDirectory(zip);
  const raw = directory?.length === listed.length ? directory : null;

  const rejections: (ZipRejection & { at: number })[] = [];
  const reject = (at: number, name: string, reason: string) => rejections.push({ at, name, reason });
  const wanted = new Map<number, { name: string; key: string; crc: number | null }>();
  const fflateNames = new Set<string>();
  let fileCount = 0;
  let totalBytes = 0;
  listed.forEach((entry, index) => {
    const rawEntry = raw?.[index];
    const name = entryName(rawEntry, entry.name).replace(/\\/g, '/');
    if (name.endsWith('/')) return;
    const segments = name.split('/').filter(Boolean);
    if (segments.length === 0 || isJunk(segments)) return;
    fileCount++;
    const base = segments.at(-1)!;
    if (!/\.pdf$/i.test(base)) {
      reject(index, name, 'To nie jest plik PDF — w archiwum mogą być tylko pliki .pdf.');
      return;
    }
    const key = base.slice(0, -4).trim();
    if (!key) {
      reject(index, name, 'Nazwa pliku jest pusta — nazwij plik kluczem adresata, np. L0012.pdf.');
      return;
    }
    if (rawEntry && rawEntry.flags & 1) {
      reject(index, name, 'Plik w archiwum jest zabezpieczony hasłem — spakuj pliki bez hasła.');
      return;
    }
    if (entry.compression !== 0 && entry.compression !== 8) {
      reject(
        index,
        name,
        'Plik jest spakowany nieobsługiwaną metodą — spakuj pliki ponownie zwykłym ZIP-em (Deflate).',
      );
      return;
    }
    if (fflateNames.has(entry.name)) {
      reject(index, name, 'Plik o tej samej nazwie jest już w archiwum.');
      return;
    }
    fflateNames.add(entry.name);
    // What fflate will allocate: the declared size (inflate) or the stored bytes.
    const bytes = Math.max(entry.originalSize, entry.compression === 0 ? entry.size : 0);
    if (bytes > options.maxFileBytes)
      throw invalid(
        `Plik „${name}” w archiwum ma po rozpakowaniu ${megabytes(bytes)}, a jeden plik może mieć najwyżej ${megabytes(options.maxFileBytes)}.`,
        'file',
        'Za duży plik w archiwum.',
      );
    totalBytes += bytes;
    wanted.set(index, { name, key, crc: rawEntry ? rawEntry.crc : null });
  });
  if (fileCount > options.maxFiles)
    throw invalid(
      `Archiwum zawiera za dużo plików (${fileCount}, najwyżej ${options.maxFiles}).`,
      'file',
      'Za dużo plików w archiwum.',
    );
  if (totalBytes > options.maxTotalBytes)
    throw invalid(
      `Pliki w archiwum zajmują po rozpakowaniu ${megabytes(totalBytes)}, a razem mogą mieć najwyżej ${megabytes(options.maxTotalBytes)}.`,
      'file',
      'Za duże archiwum.',
    );

  let unpacked: Record<string, Uint8Array>;
  let current = -1;
  try {
    unpacked = unzipSync(zip, { filter: () => wanted.has(++current) });
  } catch {
    const name = wanted.get(current)?.name;
    throw invalid(
      name ? `Archiwum ZIP jest uszkodzone — nie da się rozpakować pliku „${name}”.` : NOT_A_ZIP,
      'file',
      'Uszkodzone archiwum.',
    );
  }

  const good: (ZipPdf & { at: number })[] = [];
  for (const [at, entry] of wanted) {
    const data = unpacked[listed[at]!.name];
    if (!data) continue;
    if (entry.crc !== null && crc32(data) >>> 0 !== entry.crc >>> 0) {
      reject(at, entry.name, 'Plik w archiwum jest uszkodzony (zła suma kontrolna).');
      continue;
    }
    if (!looksLikePdf(data)) {
      reject(at, entry.name, 'Plik ma rozszerzenie .pdf, ale nie jest PDF-em.');
      continue;
    }
    good.push({ at, name: entry.name, key: entry.key, data });
  }

  // The same key twice: we cannot tell which file is right, so neither goes out.
  const byKey = new Map<string, (typeof good)[number][]>();
  for (const file of good) {
    const folded = file.key.toLowerCase();
    const list = byKey.get(folded);
    if (list) list.push(file);
    else byKey.set(folded, [file]);
  }
  const files: ZipPdf[] = [];
  for (const file of good) {
    const same = byKey.get(file.key.toLowerCase())!;
    if (same.length === 1) {
      files.push({ name: file.name, key: file.key, data: file.data });
      continue;
    }
    const others = same
      .filter((f) => f !== file)
      .map((f) => `„${f.name}”`)
      .join(', ');
    reject(file.at, file.name, `Ten sam klucz „${file.key}” ma też plik ${others} — zostaw jeden z nich.`);
  }
  rejections.sort((a, b) => a.at - b.at);
  return { files, rejected: rejections.map(({ name, reason }) => ({ name, reason })) };
}

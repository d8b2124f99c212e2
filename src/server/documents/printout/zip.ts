/** A ZIP of PDFs named by the recipient's key, with limits checked before anything is inflated. */
import { crc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import { centralDirectory, ZipProblem } from '../../lib/zip-entries.js';
import { invalid, looksLikePdf, megabytes } from './common.js';

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
function rawEntries(zip: Uint8Array): RawEntry[] | null {
  try {
    return centralDirectory(zip).map((e) => ({ flags: e.flags, crc: e.crc, name: e.rawName }));
  } catch (err) {
    if (err instanceof ZipProblem) return null;
    throw err;
  }
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
  const directory = rawEntries(zip);
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

/**
 * A ZIP archive read defensively: the central directory listed without inflating anything, and one entry inflated
 * with fflate's streaming Inflate under a running byte count, so a bomb stops at the limit whatever its directory
 * declares. Knows nothing about what the entries are; callers (the XLSX guard, the ZIP of PDFs) decide.
 */
import { crc32 } from 'node:zlib';
import { Inflate } from 'fflate';

export interface ZipEntry {
  /** Position in the central directory. */
  index: number;
  /** Raw name bytes as stored. */
  rawName: Uint8Array;
  flags: number;
  /** 0 stored, 8 deflate; anything else is refused by inflateEntry. */
  method: number;
  crc: number;
  compressedSize: number;
  /** The unpacked size the directory declares: a claim, checked while inflating. */
  declaredSize: number;
  localOffset: number;
}

export type ZipProblemKind = 'not_zip' | 'too_many_entries' | 'unsupported' | 'too_big' | 'ratio' | 'damaged';

/** Why an archive or an entry was refused; the caller words it for the clerk. */
export class ZipProblem extends Error {
  constructor(
    readonly kind: ZipProblemKind,
    readonly entry?: ZipEntry,
    readonly limit?: number,
  ) {
    super(`zip: ${kind}${entry ? ` (entry ${entry.index})` : ''}`);
  }
}

const MAX_U32 = 0xffffffff;

/**
 * The central directory, as fflate walks it (end record, ZIP64 locator). Refuses more than `maxEntries` entries
 * before reading them, and a directory that runs past the file.
 */
export function centralDirectory(zip: Uint8Array, maxEntries = Number.POSITIVE_INFINITY): ZipEntry[] {
  if (zip.length < 22) throw new ZipProblem('not_zip');
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let end = zip.length - 22;
  while (end >= 0 && u32(end) !== 0x06054b50) {
    if (zip.length - end > 65558) throw new ZipProblem('not_zip');
    end--;
  }
  if (end < 0) throw new ZipProblem('not_zip');
  let count = u16(end + 8);
  let offset = u32(end + 16);
  if (end >= 20 && u32(end - 20) === 0x07064b50) {
    const z64 = u32(end - 12);
    if (z64 + 56 <= zip.length && u32(z64) === 0x06064b50) {
      count = Number(view.getBigUint64(z64 + 32, true));
      offset = Number(view.getBigUint64(z64 + 48, true));
    }
  }
  if (count > maxEntries) throw new ZipProblem('too_many_entries', undefined, maxEntries);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > zip.length || u32(offset) !== 0x02014b50) throw new ZipProblem('damaged');
    const nameLength = u16(offset + 28);
    const next = offset + 46 + nameLength + u16(offset + 30) + u16(offset + 32);
    if (next > zip.length) throw new ZipProblem('damaged');
    entries.push({
      index: i,
      rawName: zip.subarray(offset + 46, offset + 46 + nameLength),
      flags: u16(offset + 8),
      method: u16(offset + 10),
      crc: u32(offset + 16),
      compressedSize: u32(offset + 20),
      declaredSize: u32(offset + 24),
      localOffset: u32(offset + 42),
    });
    offset = next;
  }
  return entries;
}

export interface InflateLimits {
  /** Most bytes this entry may unpack to. */
  maxBytes: number;
  /** Most unpacked bytes per packed byte, once past `ratioGraceBytes`. */
  maxRatio: number;
  /** Small entries (styles, rels) may be packed tighter than the ratio: checked only past this many bytes. */
  ratioGraceBytes: number;
}

/** DEFLATE's ceiling: one packed byte unpacks to at most ~1032 bytes. */
const DEFLATE_MAX_RATIO = 1032;
/** Packed bytes handed to the inflater at a time: small while the output is near a bound, larger when far. */
const MIN_STEP = 4096;
const MAX_STEP = 256 * 1024;

/**
 * The entry's bytes, inflated step by step with a running count: refused as soon as the output passes
 * `maxBytes` or the ratio bound (on what was read so far). A step is sized so that even at DEFLATE's ceiling
 * it cannot pass the bound by more than ~4 MB.
 * The result must match the declared size and the CRC.
 */
export function inflateEntry(zip: Uint8Array, entry: ZipEntry, limits: InflateLimits): Uint8Array {
  if (entry.flags & 1) throw new ZipProblem('unsupported', entry);
  if (entry.method !== 0 && entry.method !== 8) throw new ZipProblem('unsupported', entry);
  // ZIP64 sizes are never needed for what we read, and would be far over any limit.
  if (entry.compressedSize === MAX_U32 || entry.declaredSize === MAX_U32 || entry.localOffset === MAX_U32)
    throw new ZipProblem('too_big', entry, limits.maxBytes);
  if (entry.declaredSize > limits.maxBytes) throw new ZipProblem('too_big', entry, limits.maxBytes);
  const ratioCap = (packed: number) => Math.max(limits.ratioGraceBytes, packed * limits.maxRatio);
  if (entry.declaredSize > ratioCap(entry.compressedSize)) throw new ZipProblem('ratio', entry, limits.maxRatio);

  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const at = entry.localOffset;
  if (at + 30 > zip.length || view.getUint32(at, true) !== 0x04034b50) throw new ZipProblem('damaged', entry);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new ZipProblem('damaged', entry);
  const packed = zip.subarray(start, end);

  let out: Uint8Array;
  if (entry.method === 0) {
    if (packed.length > limits.maxBytes) throw new ZipProblem('too_big', entry, limits.maxBytes);
    out = packed.slice();
  } else {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let problem: ZipProblem | null = null;
    let consumed = 0;
    const inflater = new Inflate((chunk) => {
      total += chunk.length;
      if (total > limits.maxBytes) problem ??= new ZipProblem('too_big', entry, limits.maxBytes);
      else if (total > ratioCap(consumed)) problem ??= new ZipProblem('ratio', entry, limits.maxRatio);
      else chunks.push(chunk);
    });
    try {
      if (packed.length === 0) inflater.push(new Uint8Array(0), true);
      while (consumed < packed.length && !problem) {
        const room = Math.min(limits.maxBytes, ratioCap(consumed)) - total;
        const step = Math.min(MAX_STEP, Math.max(MIN_STEP, Math.floor(room / DEFLATE_MAX_RATIO)));
        const from = consumed;
        consumed = Math.min(packed.length, consumed + step);
        inflater.push(packed.subarray(from, consumed), consumed === packed.length);
      }
    } catch {
      throw problem ?? new ZipProblem('damaged', entry);
    }
    if (problem) throw problem;
    out = new Uint8Array(total);
    let pos = 0;
    for (const c of chunks) {
      out.set(c, pos);
      pos += c.length;
    }
  }
  if (out.length !== entry.declaredSize || crc32(out) >>> 0 !== entry.crc >>> 0) throw new ZipProblem('damaged', entry);
  return out;
}

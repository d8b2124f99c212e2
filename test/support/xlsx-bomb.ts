/**
 * Hand-made ZIP archives and XLSX workbooks for the data-file limit tests: every part written as given (so a test
 * can make what Excel never would), sizes that may lie, and parts inflating to hundreds of megabytes built by
 * streaming DEFLATE so that the test itself never holds them.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { Deflate } from 'fflate';

export interface ZipPart {
  name: string;
  /** Packed bytes (method 8) or stored bytes (method 0). */
  packed: Uint8Array;
  method: 0 | 8;
  crc: number;
  size: number;
  /** The unpacked size written in the headers, when a test wants it to lie. */
  declaredSize?: number;
}

/** A part from its bytes, deflated. */
export function part(name: string, content: string | Uint8Array): ZipPart {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf-8') : content;
  return { name, packed: deflateRawSync(data), method: 8, crc: crc32(data) >>> 0, size: data.length };
}

/** A part of `head`, then `unit` repeated `times`, then `tail`, deflated as a stream (never all in memory). */
export function streamedPart(name: string, head: string, unit: string, times: number, tail: string): ZipPart {
  const chunks: Uint8Array[] = [];
  const deflate = new Deflate({ level: 6 }, (chunk) => chunks.push(chunk));
  let crc = 0;
  let size = 0;
  const push = (bytes: Uint8Array, final = false) => {
    crc = crc32(bytes, crc);
    size += bytes.length;
    deflate.push(bytes, final);
  };
  push(Buffer.from(head));
  // About 1 MB per push.
  const per = Math.max(1, Math.floor((1024 * 1024) / Buffer.byteLength(unit)));
  const block = Buffer.from(unit.repeat(per));
  let left = times;
  for (; left >= per; left -= per) push(block);
  if (left > 0) push(Buffer.from(unit.repeat(left)));
  push(Buffer.from(tail), true);
  const packed = Buffer.concat(chunks);
  return { name, packed, method: 8, crc: crc >>> 0, size };
}

/** A ZIP of the parts in order (local headers, data, central directory). */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf-8');
    const declared = p.declaredSize ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.packed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, Buffer.from(p.packed));
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(p.method, 10);
    central.writeUInt32LE(p.crc, 16);
    central.writeUInt32LE(p.packed.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + p.packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** The parts every workbook needs around one sheet named `sheetName` (xl/worksheets/sheet1.xml). */
export function workbookParts(sheetName = 'Dane'): ZipPart[] {
  return [
    part(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
    part(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS} ${RNS}><sheets>` +
        `<sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    part(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '</Relationships>',
    ),
  ];
}

/** A worksheet part around the given <sheetData> content (and anything after it). */
export function sheetXml(sheetData: string, after = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS} ${RNS}><sheetData>${sheetData}</sheetData>${after}</worksheet>`;
}

export function sharedStringsXml(items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="${items.length}" uniqueCount="${items.length}">${items.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
}

/** A workbook of one sheet: header cells from shared strings or inline values, as given in `sheetData`. */
export function xlsx(sheetData: string, options: { sharedStrings?: string[]; after?: string; extra?: ZipPart[] } = {}) {
  const parts = [...workbookParts(), part('xl/worksheets/sheet1.xml', sheetXml(sheetData, options.after ?? ''))];
  if (options.sharedStrings) parts.push(part('xl/sharedStrings.xml', sharedStringsXml(options.sharedStrings)));
  return zipOf([...parts, ...(options.extra ?? [])]);
}

/** An inline-string cell. */
export const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/**
 * The finding's bomb: workbooks whose one shared string — the first column's name — unpacks to `megabytes` MB of
 * "A", each under 1 MB on disk. `honest` declares the real unpacked size; `lying` declares 1000 bytes, so only
 * inflating tells. The part is deflated once (a few seconds for 400 MB).
 */
export function sharedStringBomb(megabytes: number): { honest: Buffer; lying: Buffer } {
  const shared = streamedPart(
    'xl/sharedStrings.xml',
    `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="1" uniqueCount="1"><si><t>`,
    'A',
    megabytes * 1024 * 1024,
    '</t></si></sst>',
  );
  const sheet = part('xl/worksheets/sheet1.xml', sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'));
  return {
    honest: zipOf([...workbookParts(), sheet, shared]),
    lying: zipOf([...workbookParts(), sheet, { ...shared, declaredSize: 1000 }]),
  };
}

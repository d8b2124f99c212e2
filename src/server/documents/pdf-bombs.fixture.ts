/**
 * PDFs built to hurt a reader, small on disk: a content stream that inflates to hundreds of megabytes, thousands
 * of pages drawing one heavy stream, a page whose text fills the heap, forms drawing forms. Also the files that
 * only pretend to be PDFs. Everything is written here, byte by byte, with a correct cross-reference table.
 */
import { createDeflate, deflateSync } from 'node:zlib';

/** A PDF of the given objects (object 1 is the catalog). */
export function pdfFromObjects(objects: (string | Buffer)[], trailer = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let at = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(at);
    const text = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), text, Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    at += chunk.length;
  });
  const entries = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  const size = objects.length + 1;
  parts.push(
    Buffer.from(
      `xref\n0 ${size}\n0000000000 65535 f \n${entries}trailer\n<< /Size ${size} /Root 1 0 R ${trailer}>>\nstartxref\n${at}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

export function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

/** `unit` repeated to `bytes` between `prefix` and `suffix`, deflated as it is made (never held whole). */
export async function deflateRepeated(unit: string, bytes: number, prefix = '', suffix = ''): Promise<Buffer> {
  const chunk = Buffer.from(unit.repeat(Math.ceil((1 << 20) / unit.length)), 'latin1');
  const z = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (d: Buffer) => out.push(d));
  const ended = new Promise((resolve) => z.on('end', resolve));
  z.write(Buffer.from(prefix, 'latin1'));
  for (let n = 0; n < bytes; n += chunk.length) {
    if (!z.write(chunk)) await new Promise((resolve) => z.once('drain', resolve));
  }
  z.end(Buffer.from(suffix, 'latin1'));
  await ended;
  return Buffer.concat(out);
}

const FONT = '/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>';

/** `count` pages, all drawing object 3 (`shared`), then any `extra` objects (numbered from 4). */
function pagesOf(
  count: number,
  shared: Buffer,
  extra: (string | Buffer)[] = [],
  resources = FONT,
  catalog = '',
): Buffer {
  const first = 4 + extra.length;
  const kids = Array.from({ length: count }, (_, i) => `${first + i} 0 R`).join(' ');
  const page = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << ${resources} >> >>`;
  return pdfFromObjects([
    `<< /Type /Catalog /Pages 2 0 R ${catalog}>>`,
    `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`,
    shared,
    ...extra,
    ...Array.from({ length: count }, () => page),
  ]);
}

/**
 * A one-page PDF whose XMP metadata stream, deflated twice (about 1 KB on disk), inflates to `megabytes` of
 * spaces: pdf.js decodes a metadata stream whole, at once.
 */
export async function inflationBomb(megabytes: number): Promise<Buffer> {
  const once = await deflateRepeated(' ', megabytes << 20);
  const metadata = stream(
    '/Type /Metadata /Subtype /XML /Filter [/FlateDecode /FlateDecode]',
    deflateSync(once, { level: 9 }),
  );
  const content = stream('', Buffer.from('BT /F1 12 Tf 72 720 Td (Lokal) Tj ET', 'latin1'));
  return pagesOf(1, content, [metadata], FONT, '/Metadata 4 0 R');
}

/** `pages` pages sharing one content stream of `kilobytes` of drawing operators: seconds of parsing each. */
export async function pageBomb(pages: number, kilobytes: number): Promise<Buffer> {
  const ops = await deflateRepeated('0 0 m 1 1 l S ', kilobytes << 10);
  return pagesOf(pages, stream('/Filter /FlateDecode', ops));
}

/**
 * A readable one-page PDF carrying an object stream nobody refers to, holding an array of `millions` million
 * zeros: pdf-lib parses every object into the heap (some 60 bytes per 2-byte zero).
 */
export async function heapBomb(millions: number): Promise<Buffer> {
  const header = '6 0 ';
  const zeros = await deflateRepeated('0 ', millions * 2_000_000, `${header}[`, ']');
  const objStm = stream(`/Type /ObjStm /N 1 /First ${header.length} /Filter /FlateDecode`, zeros);
  return pagesOf(1, stream('', Buffer.from('BT /F1 12 Tf 72 720 Td (Lokal) Tj ET', 'latin1')), [objStm]);
}

/** Form XObjects drawing the next one `fanout` times, `depth` deep, each with a word: fanout^depth words. */
export function formBomb(depth: number, fanout: number): Buffer {
  // Objects 4.. are the forms; form i draws form i+1.
  const forms = Array.from({ length: depth }, (_, i) => {
    const next = i + 1 < depth ? `/XObject << /X ${5 + i} 0 R >>` : '';
    const body = Buffer.from(`BT /F1 1 Tf (x) Tj ET ${i + 1 < depth ? '/X Do '.repeat(fanout) : ''}`, 'latin1');
    return stream(`/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << ${FONT} ${next} >>`, body);
  });
  return pagesOf(1, stream('', Buffer.from('/X Do', 'latin1')), forms, `${FONT} /XObject << /X 4 0 R >>`);
}

/** A page drawing a form that draws itself twice: a reader that follows references without care never ends. */
export function selfDrawingForm(): Buffer {
  const form = stream(
    `/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << ${FONT} /XObject << /X 4 0 R >> >>`,
    Buffer.from('BT /F1 1 Tf (x) Tj ET /X Do /X Do', 'latin1'),
  );
  return pagesOf(1, stream('', Buffer.from('/X Do', 'latin1')), [form], `${FONT} /XObject << /X 4 0 R >>`);
}

/** A PDF whose page tree says it has `count` pages (one object, repeated in Kids): the page-count limit. */
export function manyPages(count: number): Buffer {
  return pagesOf(count, stream('', Buffer.from('BT /F1 12 Tf 72 720 Td (Lokal) Tj ET', 'latin1')));
}

/** A page whose dictionary holds arrays nested `depth` deep: a recursive parser runs out of stack. */
export function nestingBomb(depth: number): Buffer {
  const content = stream('', Buffer.from('BT /F1 12 Tf 72 720 Td (Lokal) Tj ET', 'latin1'));
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Nested ${'['.repeat(depth)}${']'.repeat(depth)} >>`,
    content,
  ]);
}

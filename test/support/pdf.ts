import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

/** The PDF's text, as poppler's pdftotext extracts it (UTF-8). */
export function pdfText(pdf: Buffer): string {
  return execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', '-layout', '-', '-'], { input: pdf }).toString('utf8');
}

/** qpdf's structural check; throws (with qpdf's output) when the file is broken. */
export function qpdfCheck(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'listonosz-pdf-'));
  try {
    const file = path.join(dir, 'check.pdf');
    writeFileSync(file, pdf);
    return execFileSync('/usr/bin/qpdf', ['--check', file]).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Page count as poppler's pdfinfo reports it. */
export function pdfPages(pdf: Buffer | Uint8Array): number {
  const info = execFileSync('/usr/bin/pdfinfo', ['-'], { input: pdf }).toString('utf8');
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/**
 * A valid one-page PDF of exactly `size` bytes, most of them random (incompressible), in an unreferenced stream:
 * for tests that count stored bytes through imports that parse every PDF.
 */
export function paddedPdf(size: number): Buffer {
  const build = (n: number) => {
    const head = '%PDF-1.7\n';
    const objects = [
      '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
      '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
      '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n',
    ];
    const offsets: number[] = [];
    let at = head.length;
    for (const o of objects) {
      offsets.push(at);
      at += o.length;
    }
    offsets.push(at);
    const streamHead = `4 0 obj\n<< /Length ${n} >>\nstream\n`;
    const streamTail = '\nendstream\nendobj\n';
    const xrefAt = at + streamHead.length + n + streamTail.length;
    const xref = `xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    const tail = `${xref}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    return [Buffer.from(head + objects.join('') + streamHead), n, Buffer.from(streamTail + tail)] as const;
  };
  let n = Math.max(0, size - 400);
  for (let i = 0; i < 5; i++) {
    const [a, , c] = build(n);
    n = size - a.length - c.length;
  }
  const [a, len, c] = build(n);
  const out = Buffer.concat([a, randomBytes(len), c]);
  if (out.length !== size) throw new Error(`paddedPdf: ${out.length} bytes instead of ${size}`);
  return out;
}

/**
 * What each embedded font's text layer (its ToUnicode map) says the drawn glyphs stand for: the code points of
 * every entry, font by font. Viewers copy this text; pdftotext and pdf.js fold some characters (a no-break space
 * comes out as a space), so a test of what a copy gives reads the map itself.
 */
export function toUnicodeEntries(pdf: Buffer): number[][][] {
  const maps: number[][][] = [];
  const raw = pdf.toString('latin1');
  const streams = /stream\r?\n/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let text: string;
    try {
      text = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // not a Flate stream (or not whole): not a ToUnicode map of ours
    }
    if (!text.includes('beginbfrange')) continue;
    const entries: number[][] = [];
    for (const list of text.matchAll(/\[([^\]]*)\]/g)) {
      for (const entry of (list[1] as string).matchAll(/<([0-9a-fA-F ]+)>/g)) {
        entries.push((entry[1] as string).split(' ').map((hex) => Number.parseInt(hex, 16)));
      }
    }
    maps.push(entries);
  }
  return maps;
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS typed as an ES module: under NodeNext its default import is the module, whose `default` is jsQR.
const jsQR = jsqr.default;

/**
 * The text of the QR code on a PDF's first page, read the way a phone would: poppler draws the page to a PNG
 * (`pdftoppm`), jsQR finds and decodes the symbol. Null when there is none it can read.
 */
export function decodePdfQr(pdf: Buffer, dpi = 150): string | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'listonosz-qr-'));
  try {
    const file = path.join(dir, 'page.pdf');
    writeFileSync(file, pdf);
    execFileSync('/usr/bin/pdftoppm', [
      '-png',
      '-r',
      String(dpi),
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      path.join(dir, 'page'),
    ]);
    const png = PNG.sync.read(readFileSync(path.join(dir, 'page.png')));
    const code = jsQR(
      new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
      png.width,
      png.height,
    );
    return code?.data ?? null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

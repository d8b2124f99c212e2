/**
 * A QR code drawn into a PDF as vector shapes (one filled path of squares): sharp at any zoom and in print, no
 * image to embed, and the text layer around it untouched. The symbol comes from `qrcode` (ISO/IEC 18004 encoder).
 */
import { createRequire } from 'node:module';
import type QRCode from 'qrcode';

/*
 * The encoder is loaded at the first QR code drawn (on a render thread), not by every process that imports the
 * document types: their drawing code is part of the type registry the main thread of `serve` and `worker` loads
 * (D94; main-thread-modules.test.ts).
 */
const load = createRequire(import.meta.url);
let encoder: typeof QRCode | undefined;
const qrcode = () => {
  encoder ??= load('qrcode') as typeof QRCode;
  return encoder;
};

/** Light modules ISO/IEC 18004 asks around a symbol so that readers find it. */
export const QUIET_ZONE_MODULES = 4;

export interface QrPlacement {
  /** The symbol's horizontal centre and the top of its light square (quiet zone included). */
  centerX: number;
  top: number;
  /** Side of the symbol itself (dark and light modules), in points; the quiet zone comes on top of it. */
  size: number;
  /** Error correction level: M (15 %) by default — survives a smudge or a fold of a printout. */
  errorCorrection?: 'L' | 'M' | 'Q' | 'H';
  /** Makes the symbol a link in the PDF as well. */
  link?: string;
}

/** Draws `text` as a QR code; returns the side of the whole light square (symbol plus quiet zone). */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, at: QrPlacement): number {
  const { modules } = qrcode().create(text, { errorCorrectionLevel: at.errorCorrection ?? 'M' });
  const n = modules.size;
  const module = at.size / n;
  const quiet = QUIET_ZONE_MODULES * module;
  const side = at.size + 2 * quiet;
  const x = at.centerX - side / 2;
  doc.save();
  doc.rect(x, at.top, side, side).fill('white');
  const x0 = x + quiet;
  const y0 = at.top + quiet;
  for (let row = 0; row < n; row++) {
    // Runs of dark modules in a row as one rectangle each: fewer path operators, no hairline seams between them.
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      doc.rect(x0 + start * module, y0 + row * module, (col - start) * module, module);
    }
  }
  doc.fill('black');
  doc.restore();
  if (at.link) doc.link(x, at.top, side, side, at.link);
  return side;
}

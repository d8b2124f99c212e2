/**
 * The drawing kit every document layout uses: an A4 page with the issuer's letterhead, the recipient's
 * address where a window envelope shows it, titles, key/value blocks, tables that continue on the next page
 * with their header repeated, highlighted boxes and numbered pages.
 */
import type { FontFace } from './fonts.js';
import { formatNip } from './format.js';

export interface Party {
  name: string;
  street: string;
  postalCode: string;
  city: string;
}

export interface Column {
  header: string;
  /** Share of the table width; the shares are normalised. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface TableOptions {
  columns: Column[];
  rows: string[][];
  /** Rows drawn in bold after a rule, e.g. totals. */
  footer?: string[][];
  fontSize?: number;
}

export const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const;
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin - 20;
const GREY = '#555555';
const RULE = '#999999';
const SHADE = '#eeeeee';

export class Sheet {
  readonly doc: PDFKit.PDFDocument;
  readonly width = CONTENT_WIDTH;
  readonly left = PAGE.margin;

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
  }

  get y(): number {
    return this.doc.y;
  }

  font(face: FontFace, size: number): this {
    this.doc.font(face).fontSize(size);
    return this;
  }

  /** Starts a new page when fewer than `needed` points are left. */
  ensureSpace(needed: number): void {
    if (this.doc.y + needed > BOTTOM) {
      this.doc.addPage();
      this.doc.y = PAGE.margin;
    }
  }

  /**
   * Runs `draw` (free-flowing text) so that it breaks to a new page at the content bottom, clear of the page
   * numbers; pdfkit's own bottom margin stays low so the numbers themselves can be written there.
   */
  private flowing(draw: () => void): void {
    const clear = PAGE.height - BOTTOM;
    const saved = this.doc.page.margins.bottom;
    const touched = [this.doc.page];
    this.doc.page.margins.bottom = clear;
    const onPage = () => {
      touched.push(this.doc.page);
      this.doc.page.margins.bottom = clear;
    };
    this.doc.on('pageAdded', onPage);
    try {
      draw();
    } finally {
      this.doc.removeListener('pageAdded', onPage);
      for (const page of touched) page.margins.bottom = saved;
    }
  }

  moveDown(points = 8): this {
    this.doc.y += points;
    return this;
  }

  /** Letterhead: the issuer top-left, place and date top-right. */
  letterhead(issuer: Party & { nip?: string | null; extra?: string[] }, placeAndDate: string): this {
    const top = PAGE.margin;
    this.font('bold', 10).doc.text(issuer.name, this.left, top, { width: this.width * 0.6 });
    this.font('regular', 9).doc.fillColor(GREY);
    this.doc.text(`${issuer.street}, ${issuer.postalCode} ${issuer.city}`, { width: this.width * 0.6 });
    if (issuer.nip) this.doc.text(`NIP ${formatNip(issuer.nip)}`, { width: this.width * 0.6 });
    for (const extra of issuer.extra ?? []) this.doc.text(extra, { width: this.width * 0.6 });
    const afterIssuer = this.doc.y;
    this.doc.fillColor('black');
    this.font('regular', 10).doc.text(placeAndDate, this.left, top, { width: this.width, align: 'right' });
    this.doc.y = Math.max(afterIssuer, this.doc.y);
    this.doc.x = this.left;
    return this;
  }

  /** The recipient's block where a DL window envelope shows it (right half, about 5 cm from the top). */
  addressBlock(recipient: Party & { country?: string | null }, label = 'Adresat'): this {
    const x = this.left + this.width * 0.5;
    const y = Math.max(this.doc.y + 16, 140);
    this.font('regular', 8)
      .doc.fillColor(GREY)
      .text(label, x, y, { width: this.width * 0.5 });
    this.doc.fillColor('black');
    this.font('bold', 10).doc.text(recipient.name, { width: this.width * 0.5 });
    this.font('regular', 10).doc.text(recipient.street, { width: this.width * 0.5 });
    this.doc.text(`${recipient.postalCode} ${recipient.city}`, { width: this.width * 0.5 });
    if (recipient.country && recipient.country !== 'PL') this.doc.text(recipient.country, { width: this.width * 0.5 });
    this.doc.x = this.left;
    this.doc.y += 18;
    return this;
  }

  title(text: string, subtitle?: string): this {
    this.ensureSpace(50);
    this.font('bold', 14).doc.text(text, this.left, this.doc.y, { width: this.width, align: 'center' });
    if (subtitle) this.font('regular', 10).doc.text(subtitle, { width: this.width, align: 'center' });
    this.doc.y += 10;
    return this;
  }

  heading(text: string): this {
    this.ensureSpace(40);
    this.font('bold', 10.5).doc.text(text, this.left, this.doc.y + 4, { width: this.width });
    this.doc.y += 3;
    return this;
  }

  paragraph(text: string, options: { size?: number; bold?: boolean; align?: 'left' | 'justify' } = {}): this {
    const size = options.size ?? 9.5;
    this.font(options.bold ? 'bold' : 'regular', size);
    this.ensureSpace(this.doc.heightOfString(text, { width: this.width }) > 200 ? 40 : size * 3);
    this.flowing(() =>
      this.doc.text(text, this.left, this.doc.y, { width: this.width, align: options.align ?? 'left' }),
    );
    this.doc.y += 4;
    return this;
  }

  /** Label/value pairs in one or two columns. */
  keyValues(pairs: [label: string, value: string][], columns: 1 | 2 = 2): this {
    const colWidth = this.width / columns;
    const labelWidth = columns === 2 ? colWidth * 0.45 : colWidth * 0.3;
    for (let i = 0; i < pairs.length; i += columns) {
      this.ensureSpace(16);
      const rowTop = this.doc.y;
      let rowBottom = rowTop;
      for (let c = 0; c < columns; c++) {
        const pair = pairs[i + c];
        if (!pair) continue;
        const x = this.left + c * colWidth;
        this.font('regular', 8.5)
          .doc.fillColor(GREY)
          .text(pair[0], x, rowTop, { width: labelWidth - 4 });
        rowBottom = Math.max(rowBottom, this.doc.y);
        this.doc.fillColor('black');
        this.font('bold', 9).doc.text(pair[1], x + labelWidth, rowTop, { width: colWidth - labelWidth - 6 });
        rowBottom = Math.max(rowBottom, this.doc.y);
      }
      this.doc.y = rowBottom + 2;
    }
    this.doc.x = this.left;
    this.doc.y += 4;
    return this;
  }

  /** A table; long tables continue on the next page with the header repeated. */
  table(options: TableOptions): this {
    const size = options.fontSize ?? 8.5;
    const total = options.columns.reduce((s, c) => s + c.width, 0);
    const widths = options.columns.map((c) => (c.width / total) * this.width);
    const pad = 3;

    // A cell that fits on one line is measured (and drawn) without pdfkit's line wrapper: most cells do.
    const fits = (cell: string, i: number) => this.doc.widthOfString(cell) <= widths[i]! - 2 * pad;
    const rowHeight = (cells: string[], face: FontFace) => {
      this.font(face, size);
      const line = this.doc.currentLineHeight(true);
      let h = line;
      cells.forEach((cell, i) => {
        if (cell && !fits(cell, i)) h = Math.max(h, this.doc.heightOfString(cell, { width: widths[i]! - 2 * pad }));
      });
      return h + 2 * pad;
    };
    const drawRow = (cells: string[], face: FontFace, shade: boolean) => {
      const h = rowHeight(cells, face);
      const top = this.doc.y;
      if (shade) this.doc.rect(this.left, top, this.width, h).fill(SHADE).fillColor('black');
      let x = this.left;
      this.font(face, size);
      cells.forEach((cell, i) => {
        const w = widths[i]!;
        if (cell) {
          this.doc.text(cell, x + pad, top + pad, {
            width: w - 2 * pad,
            align: options.columns[i]?.align ?? 'left',
            lineBreak: !fits(cell, i),
          });
        }
        x += w;
      });
      this.doc.y = top + h;
      this.doc
        .moveTo(this.left, this.doc.y)
        .lineTo(this.left + this.width, this.doc.y)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
    };
    const header = options.columns.map((c) => c.header);
    const drawHeader = () => drawRow(header, 'bold', true);

    this.ensureSpace(rowHeight(header, 'bold') + rowHeight(options.rows[0] ?? [''], 'regular'));
    drawHeader();
    for (const row of options.rows) {
      const h = rowHeight(row, 'regular');
      if (this.doc.y + h > BOTTOM) {
        this.doc.addPage();
        this.doc.y = PAGE.margin;
        drawHeader();
      }
      drawRow(row, 'regular', false);
    }
    for (const row of options.footer ?? []) {
      this.ensureSpace(rowHeight(row, 'bold'));
      drawRow(row, 'bold', false);
    }
    this.doc.x = this.left;
    this.doc.y += 8;
    return this;
  }

  /** Labelled blocks side by side, e.g. seller and buyer on an invoice; the first line of each block is bold. */
  sideBySide(blocks: { label: string; lines: string[] }[]): this {
    const gap = 14;
    const w = (this.width - gap * (blocks.length - 1)) / Math.max(blocks.length, 1);
    const heightOf = (b: { lines: string[] }) =>
      12 +
      b.lines.reduce(
        (h, line, j) => h + this.font(j === 0 ? 'bold' : 'regular', 9.5).doc.heightOfString(line, { width: w }),
        0,
      );
    this.ensureSpace(Math.max(...blocks.map(heightOf)) + 6);
    const top = this.doc.y;
    let bottom = top;
    blocks.forEach((b, i) => {
      const x = this.left + i * (w + gap);
      this.font('regular', 8).doc.fillColor(GREY).text(b.label, x, top, { width: w });
      this.doc
        .moveTo(x, this.doc.y + 1)
        .lineTo(x + w, this.doc.y + 1)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      this.doc.fillColor('black');
      this.doc.y += 3;
      b.lines.forEach((line, j) => {
        this.font(j === 0 ? 'bold' : 'regular', 9.5).doc.text(line, x, this.doc.y, { width: w });
      });
      bottom = Math.max(bottom, this.doc.y);
    });
    this.doc.x = this.left;
    this.doc.y = bottom + 10;
    return this;
  }

  /**
   * A framed box for what the reader must act on: amount due, account number, deadline. A value too long for
   * its column (a large amount in words) wraps, and its row grows with it.
   */
  box(lines: [label: string, value: string][]): this {
    const lineHeight = 15;
    const valueWidth = this.width * 0.58 - 8;
    this.font('bold', 10);
    const line = this.doc.currentLineHeight(true);
    const rowHeights = lines.map(
      ([, value]) => lineHeight + Math.max(0, this.doc.heightOfString(value, { width: valueWidth }) - line),
    );
    const h = rowHeights.reduce((sum, row) => sum + row, 0) + 12;
    this.ensureSpace(h + 6);
    const top = this.doc.y;
    this.doc.rect(this.left, top, this.width, h).lineWidth(0.8).strokeColor('black').stroke();
    let y = top + 7;
    lines.forEach(([label, value], i) => {
      this.font('regular', 9.5).doc.text(label, this.left + 8, y, { width: this.width * 0.42, lineBreak: false });
      this.font('bold', 10).doc.text(value, this.left + this.width * 0.42, y, { width: valueWidth });
      y += rowHeights[i]!;
    });
    this.doc.x = this.left;
    this.doc.y = top + h + 8;
    return this;
  }

  /** Signature line on the right, e.g. "Z poważaniem" above, the name below. */
  signature(lines: string[]): this {
    this.ensureSpace(20 + lines.length * 14);
    this.doc.y += 12;
    const x = this.left + this.width * 0.55;
    this.font('regular', 9.5);
    for (const line of lines) this.doc.text(line, x, this.doc.y, { width: this.width * 0.45, align: 'center' });
    this.doc.x = this.left;
    return this;
  }

  /** Small grey print at the current position (legal notes, legends). */
  note(text: string): this {
    this.font('regular', 7.5);
    this.ensureSpace(this.doc.heightOfString(text, { width: this.width }) + 4);
    this.flowing(() => this.doc.fillColor(GREY).text(text, this.left, this.doc.y, { width: this.width }));
    this.doc.fillColor('black');
    this.doc.y += 3;
    return this;
  }
}

/** Numbers the pages "Strona 1 z 2" when there is more than one (the document must buffer its pages). */
export function numberPages(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  if (range.count > 1) {
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      doc
        .font('regular')
        .fontSize(7.5)
        .fillColor(GREY)
        .text(`Strona ${i + 1} z ${range.count}`, PAGE.margin, PAGE.height - PAGE.margin, {
          width: CONTENT_WIDTH,
          align: 'right',
          lineBreak: false,
        });
    }
  }
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { formatNumber } from '../../../shared/format.js';
import { formatOfficeDateTime } from '../../lib/dates.js';
import { feedbackSource, feedbackTitle, type ReceiptFeedback, reasonText, tieNote } from './receipt-feedback.js';
import { linksSection, type ReceiptLinks } from './receipt-links.js';

/** The receipt's content: what was sent, to whom, when, and what the server said. */
export interface ReceiptData {
  messageId: string;
  messageIdHeader: string;
  account: { name: string; fromName: string; fromAddress: string; host: string };
  to: { name: string; address: string };
  envelopeFrom: string;
  subject: string;
  sentAt: string;
  smtpResponse: string;
  smtpQueueId: string | null;
  eml: { sha256: string; size: number };
  attachments: { filename: string; sha256: string; size: number }[];
  attempts: { startedAt: string; outcome: string; response: string | null }[];
  /** Feedback recorded later about this message (D48, D52), oldest first. */
  feedback: ReceiptFeedback[];
  /** Download links the message carried, with downloads and the acknowledgement (D70); absent: none. */
  links?: ReceiptLinks;
  generatedAt: string;
}

const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../assets/fonts');
let fonts: { regular: Buffer; bold: Buffer } | null = null;

/**
 * DejaVu Sans (shipped in assets/fonts) has every Polish glyph; the files are read once per thread, and pdfkit parses
 * them for each receipt. Not a parsed face shared between receipts: fontkit caches a glyph with the letter it was
 * first asked for, and "Ż" asks for the glyph of "Z" with none, so after a receipt with "Ż" and no "Z" every later
 * one lost the text of "Z" (D96; receipt-pool.test.ts). A receipt is drawn on a thread of its own, off the requests.
 */
function loadFonts() {
  fonts ??= {
    regular: readFileSync(path.join(FONT_DIR, 'DejaVuSans.ttf')),
    bold: readFileSync(path.join(FONT_DIR, 'DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

const OUTCOME_PL: Record<string, string> = {
  sent: 'przyjęta',
  transient: 'błąd chwilowy',
  account: 'błąd konta',
  recipient: 'odrzucony adres',
  message: 'odrzucona treść',
  unknown: 'wynik nieznany',
};

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${formatNumber(n / 1024, 1)} KB`;
}

/** PDF "Potwierdzenie wysyłki" (proof of sending): one page, more when much feedback came back. */
export function renderReceipt(r: ReceiptData): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: `Potwierdzenie wysyłki — ${r.subject}`, Author: 'Listonosz', Subject: r.messageIdHeader },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('bold').fontSize(16).text('Potwierdzenie wysyłki wiadomości e-mail');
  doc
    .moveDown(0.3)
    .font('regular')
    .fontSize(9)
    .fillColor('#555')
    .text(`Wygenerowano ${formatOfficeDateTime(r.generatedAt)} (czas polski) przez Listonosz.`);
  doc.fillColor('#000').moveDown(1);

  /** A label and its value; `hash` parts are set in a fixed-width font small enough for 64 hex digits on one line. */
  const row = (label: string, value: string | { text: string; hash?: boolean }[]) => {
    const y = doc.y;
    doc.font('bold').fontSize(9.5).text(label, 56, y, { width: 150 });
    const labelBottom = doc.y;
    doc.y = y;
    for (const part of typeof value === 'string' ? [{ text: value }] : value) {
      if (part.hash) doc.font('Courier').fontSize(8);
      else doc.font('regular').fontSize(9.5);
      doc.text(part.text, 210, doc.y, { width: 329 });
    }
    doc.fontSize(9.5);
    doc.y = Math.max(doc.y, labelBottom) + 4;
  };
  row('Nadawca', `${r.account.fromName ? `${r.account.fromName} ` : ''}<${r.account.fromAddress}>`);
  row('Konto wysyłkowe', `${r.account.name} (serwer ${r.account.host})`);
  row('Adresat', `${r.to.name ? `${r.to.name} ` : ''}<${r.to.address}>`);
  row('Temat', r.subject);
  row('Przyjęto przez serwer', `${formatOfficeDateTime(r.sentAt)} (czas polski)`);
  row('Odpowiedź serwera SMTP', r.smtpResponse);
  row('Identyfikator w kolejce serwera', r.smtpQueueId ?? '—');
  row('Message-ID', r.messageIdHeader);
  row('Nadawca koperty (MAIL FROM)', r.envelopeFrom);
  row('Identyfikator w Listonoszu', r.messageId);
  row('Plik wiadomości (.eml)', [{ text: `${formatBytes(r.eml.size)}, SHA-256:` }, { text: r.eml.sha256, hash: true }]);
  row(
    'Załączniki',
    r.attachments.length === 0
      ? 'brak'
      : r.attachments.flatMap((a) => [
          { text: `${a.filename} (${formatBytes(a.size)}), SHA-256:` },
          { text: a.sha256, hash: true },
        ]),
  );
  row(
    'Próby wysłania',
    r.attempts
      .map(
        (a, i) =>
          `${i + 1}. ${formatOfficeDateTime(a.startedAt)} — ${OUTCOME_PL[a.outcome] ?? a.outcome}${a.response ? `: ${a.response.slice(0, 120)}` : ''}`,
      )
      .join('\n') || '—',
  );

  feedbackSection(doc, r.feedback);
  linksSection(doc, r.links);

  const footer =
    'Potwierdzenie dotyczy przekazania wiadomości serwerowi poczty wychodzącej nadawcy (odpowiedź 250). ' +
    'Samo w sobie nie potwierdza doręczenia do skrzynki adresata ani odczytania wiadomości. Skrót SHA-256 pozwala ' +
    'sprawdzić, że przechowywany plik .eml jest dokładnie tą wiadomością, która została wysłana.' +
    (r.feedback.length > 0
      ? ' Informacje zwrotne to wiadomości, które serwery poczty lub program pocztowy adresata odesłały później na ' +
        'adres informacji zwrotnych; każdą przechowujemy w niezmienionej postaci, a jej skrót SHA-256 podano wyżej.'
      : '');
  doc.font('regular').fontSize(8.5);
  if (doc.y + doc.heightOfString(footer, { width: 483 }) + 14 > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
  } else {
    doc.moveDown(1);
  }
  doc.fillColor('#333').text(footer, 56, doc.y, { width: 483 });
  doc.end();
  return done;
}

/**
 * "Informacje zwrotne": each event with its time (Polish time), what it means, who reported it, and the SHA-256 of
 * the report as kept (D52). An event never splits across pages.
 */
function feedbackSection(doc: PDFKit.PDFDocument, events: ReceiptFeedback[]) {
  const width = 483;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  doc.x = 56;
  if (doc.y + 60 > bottom()) doc.addPage();
  doc.moveDown(0.6).font('bold').fontSize(11).fillColor('#000').text('Informacje zwrotne', 56, doc.y, { width });
  doc.moveDown(0.2);
  if (events.length === 0) {
    doc
      .font('regular')
      .fontSize(9)
      .fillColor('#333')
      .text('Do chwili wygenerowania potwierdzenia nie otrzymano żadnych informacji zwrotnych.', 56, doc.y, { width });
    doc.fillColor('#000');
    return;
  }
  events.forEach((e, i) => {
    const head = `${i + 1}. ${formatOfficeDateTime(e.occurredAt)} (czas polski) — ${feedbackTitle(e.kind, e.reason)}`;
    const lines = [reasonText(e.reason), ...feedbackSource(e)];
    const note = tieNote(e);
    if (note) lines.push(note);
    const hashLabel = e.raw
      ? `Raport zachowany (.eml, ${formatBytes(e.raw.size)}), SHA-256:`
      : 'Raport nie został zachowany.';
    doc.font('bold').fontSize(9.5);
    let height = doc.heightOfString(head, { width }) + 6;
    doc.font('regular').fontSize(8.5);
    for (const l of [...lines, hashLabel]) height += doc.heightOfString(l, { width: width - 12 });
    if (e.raw) height += 12;
    if (doc.y + height > bottom()) doc.addPage();
    doc.font('bold').fontSize(9.5).fillColor('#000').text(head, 56, doc.y, { width });
    doc.font('regular').fontSize(8.5).fillColor('#222');
    for (const l of lines) doc.text(l, 68, doc.y, { width: width - 12 });
    doc.text(hashLabel, 68, doc.y, { width: width - 12 });
    if (e.raw)
      doc
        .font('Courier')
        .fontSize(8)
        .text(e.raw.sha256, 68, doc.y + 1, { width: width - 12 });
    doc.fillColor('#000');
    doc.y += 5;
  });
}

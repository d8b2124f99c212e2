import { formatOfficeDateTime } from '../../lib/dates.js';

/** What the receipt says about a message's download links (D70): each download, and the tenant's acknowledgement. */
export interface ReceiptLinks {
  links: { filename: string; expiresAt: string; revokedAt: string | null }[];
  downloads: number;
  acknowledgedAt: string | null;
  /** The newest events (bounded), newest first. */
  events: { kind: 'download' | 'acknowledged'; at: string; network: string | null; userAgent: string | null }[];
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The lines of the "Link do pobrania" section, oldest event first; "potwierdzono odbiór" before "pobrano". */
export function linkLines(r: ReceiptLinks): { head: string[]; events: string[] } {
  const head = r.links.map(
    (l) =>
      `${l.filename}: udostępniony przez link do pobrania, ważny do ${formatOfficeDateTime(l.expiresAt)}${l.revokedAt ? `, unieważniony ${formatOfficeDateTime(l.revokedAt)}` : ''}`,
  );
  head.push(
    r.acknowledgedAt
      ? `Adresat potwierdził odbiór (potwierdzono odbiór): ${formatOfficeDateTime(r.acknowledgedAt)} (czas polski).`
      : 'Adresat nie potwierdził odbioru na stronie pobrania.',
  );
  head.push(
    r.downloads > 0
      ? `Pobrano ${r.downloads} ${r.downloads === 1 ? 'raz' : 'razy'}.`
      : 'Dokumentu nie pobrano z linku.',
  );
  const events = [...r.events]
    .reverse()
    .map(
      (e) =>
        `${formatOfficeDateTime(e.at)} — ${e.kind === 'download' ? 'pobrano' : 'potwierdzono odbiór'}` +
        `${e.network ? `, sieć ${e.network}` : ''}${e.userAgent ? `, ${cut(e.userAgent, 120)}` : ''}`,
    );
  return { head, events };
}

/** Draws the section; nothing when the message carried no link. */
export function linksSection(doc: PDFKit.PDFDocument, r: ReceiptLinks | undefined) {
  if (!r || r.links.length === 0) return;
  const width = 483;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const { head, events } = linkLines(r);
  if (doc.y + 60 > bottom()) doc.addPage();
  doc.moveDown(0.6).font('bold').fontSize(11).fillColor('#000').text('Link do pobrania', 56, doc.y, { width });
  doc.moveDown(0.2).font('regular').fontSize(9).fillColor('#222');
  for (const line of [...head, ...events]) {
    if (doc.y + 14 > bottom()) doc.addPage();
    doc.text(line, 56, doc.y, { width });
  }
  doc
    .fontSize(8.5)
    .fillColor('#333')
    .text(
      'Pobranie i potwierdzenie odbioru odnotowuje serwer Listonosza, gdy adresat otworzy link z wiadomości; adres ' +
        'sieciowy jest skrócony (IPv4 /24, IPv6 /48). Potwierdzenie odbioru złożył sam adresat na stronie pobrania.',
      56,
      doc.y + 2,
      { width },
    );
  doc.fillColor('#000');
}

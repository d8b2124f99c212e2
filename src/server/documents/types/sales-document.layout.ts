import {
  formatAccountNumber,
  formatAmount,
  formatDate,
  formatDecimal,
  formatMoney,
  moneyInWords,
} from '../../../shared/format.js';
import { ksefVerificationLink } from '../ksef.js';
import { formatNip } from '../pdf/format.js';
import { drawQrCode } from '../pdf/qr.js';
import type { Sheet } from '../pdf/sheet.js';
import type { DocumentParties } from './document-type.js';
import { type Data, type Kind, rateLabel, VAT_RATES, type VatRate } from './sales-document.schema.js';

const KIND_TITLE: Record<Kind, string> = {
  faktura: 'FAKTURA',
  faktura_korygujaca: 'FAKTURA KORYGUJĄCA',
  nota: 'NOTA OBCIĄŻENIOWA',
};

interface RateTotal {
  rate: VatRate;
  net: number;
  vat: number;
  gross: number;
}

function totalsByRate(lines: Data['lines']): RateTotal[] {
  return VAT_RATES.flatMap((rate) => {
    const of = lines.filter((l) => l.vatRate === rate);
    if (of.length === 0) return [];
    const sum = (k: 'net' | 'vat' | 'gross') => of.reduce((s, l) => s + l[k], 0);
    return [{ rate, net: sum('net'), vat: sum('vat'), gross: sum('gross') }];
  });
}

const sameParty = (
  a: { name: string; street: string; city: string },
  b: { name: string; street: string; city: string },
) =>
  [a.name, a.street, a.city].join('|').toLowerCase().replace(/\s+/g, ' ') ===
  [b.name, b.street, b.city].join('|').toLowerCase().replace(/\s+/g, ' ');

/** Side of the QR symbol in points (about 25 mm; a module about 0.6 mm for the ~100-character link). */
const QR_SIZE = 70;
const QR_COLUMN = 150;

/**
 * The KSeF block under the title (D72): on the right the verification code ("KOD I") with the KSeF number directly
 * under it, as § 9 of the KSeF regulation wants; on the left the number again and what the code is for.
 */
function drawKsefCode(s: Sheet, d: Data, number: string, hash: string): void {
  const link = ksefVerificationLink({ sellerNip: d.seller.nip, issueDate: d.issueDate, hash });
  const doc = s.doc;
  s.ensureSpace(QR_SIZE * 1.25 + 14);
  const top = s.y;
  const right = s.left + s.width - QR_COLUMN;
  const side = drawQrCode(doc, link, { centerX: right + QR_COLUMN / 2, top, size: QR_SIZE, link });
  s.font('bold', 7);
  doc.text(number, right, top + side - 2, { width: QR_COLUMN, align: 'center', lineBreak: false });
  const bottom = top + side + 8;

  const boxWidth = s.width - QR_COLUMN - 10;
  doc
    .rect(s.left, top + 2, boxWidth, bottom - top - 6)
    .lineWidth(0.8)
    .strokeColor('black')
    .stroke();
  const inner = boxWidth - 16;
  s.font('regular', 9.5);
  doc.text('Numer KSeF', s.left + 8, top + 9, { width: inner });
  s.font('bold', 10);
  doc.text(number, s.left + 8, doc.y + 1, { width: inner });
  s.font('regular', 8);
  doc.text(
    'Faktura wystawiona w Krajowym Systemie e-Faktur. Kod QR obok prowadzi do niej w KSeF: zeskanuj go telefonem albo kliknij w pliku PDF, aby sprawdzić, czy faktura tam jest i się nie zmieniła.',
    s.left + 8,
    doc.y + 4,
    { width: inner },
  );
  doc.x = s.left;
  doc.y = bottom;
}

/** Draws the sales document: parties, the line table with the per-rate summary, the payment box and notes. */
export function drawSalesDocument(s: Sheet, d: Data, p: DocumentParties): void {
  const accountNumber = d.nrb ?? p.unit?.nrb ?? null;
  const dates = [`Miejsce wystawienia: ${d.place ?? d.seller.city}`, `Data wystawienia: ${formatDate(d.issueDate)}`];
  if (d.saleDate && d.saleDate !== d.issueDate) {
    dates.push(`${d.kind === 'nota' ? 'Data operacji' : 'Data sprzedaży'}: ${formatDate(d.saleDate)}`);
  }
  s.letterhead(p.issuer, dates.join('\n'));
  s.moveDown(14);

  const corrects =
    d.kind === 'faktura_korygujaca' && d.correctedNumber
      ? `do faktury nr ${d.correctedNumber}${d.correctedIssueDate ? ` z dnia ${formatDate(d.correctedIssueDate)}` : ''}`
      : undefined;
  s.title(`${KIND_TITLE[d.kind]} nr ${d.number}`, corrects);
  if (d.ksefNumber && d.ksefHash) drawKsefCode(s, d, d.ksefNumber, d.ksefHash);
  else if (d.ksefNumber) s.box([['Numer KSeF', d.ksefNumber]]);

  const blocks = [
    {
      label: d.kind === 'nota' ? 'Wystawca' : 'Sprzedawca',
      lines: [
        d.seller.name,
        d.seller.street,
        `${d.seller.postalCode} ${d.seller.city}`,
        `NIP ${formatNip(d.seller.nip)}`,
      ],
    },
    {
      label: d.kind === 'nota' ? 'Obciążony' : 'Nabywca',
      lines: [
        d.buyer.name,
        d.buyer.street,
        `${d.buyer.postalCode} ${d.buyer.city}`,
        ...(d.buyer.nip ? [`NIP ${formatNip(d.buyer.nip)}`] : []),
      ],
    },
  ];
  if (!sameParty(d.buyer, p.recipient)) {
    blocks.push({
      label: 'Adres do korespondencji',
      lines: [p.recipient.name, p.recipient.street, `${p.recipient.postalCode} ${p.recipient.city}`],
    });
  }
  s.sideBySide(blocks);
  if (p.unit) {
    s.keyValues([
      ['Lokal', p.unit.number],
      ['Adres lokalu', p.unit.address],
    ]);
  }

  const byRate = totalsByRate(d.lines);
  const net = d.lines.reduce((t, l) => t + l.net, 0);
  const vat = d.lines.reduce((t, l) => t + l.vat, 0);
  const quantity = (l: Data['lines'][number]) => formatDecimal(l.quantity, 0, 4);
  if (d.kind === 'nota') {
    s.table({
      columns: [
        { header: 'Lp.', width: 5, align: 'right' },
        { header: 'Tytuł obciążenia', width: 51 },
        { header: 'J.m.', width: 8 },
        { header: 'Ilość', width: 9, align: 'right' },
        { header: 'Cena jedn. (zł)', width: 12, align: 'right' },
        { header: 'Kwota (zł)', width: 13, align: 'right' },
      ],
      rows: d.lines.map((l, i) => [
        String(i + 1),
        l.name,
        l.measure ?? '',
        quantity(l),
        formatDecimal(l.unitPrice, 2, 4),
        formatAmount(l.gross),
      ]),
      footer: [['', 'Razem', '', '', '', formatAmount(d.totalGross)]],
    });
  } else {
    const footer = [['', 'Razem', '', '', '', formatAmount(net), '', formatAmount(vat), formatAmount(d.totalGross)]];
    if (byRate.length > 1) {
      byRate.forEach((r, i) => {
        footer.push([
          '',
          i === 0 ? 'w tym' : '',
          '',
          '',
          '',
          formatAmount(r.net),
          rateLabel(r.rate),
          formatAmount(r.vat),
          formatAmount(r.gross),
        ]);
      });
    }
    s.table({
      columns: [
        { header: 'Lp.', width: 4, align: 'right' },
        { header: 'Nazwa towaru lub usługi', width: 34 },
        { header: 'J.m.', width: 5.5 },
        { header: 'Ilość', width: 6.5, align: 'right' },
        { header: 'Cena jedn. netto', width: 9, align: 'right' },
        { header: 'Wartość netto', width: 10, align: 'right' },
        { header: 'VAT', width: 5, align: 'right' },
        { header: 'Kwota VAT', width: 9, align: 'right' },
        { header: 'Wartość brutto', width: 10, align: 'right' },
      ],
      rows: d.lines.map((l, i) => [
        String(i + 1),
        l.name,
        l.measure ?? '',
        quantity(l),
        formatDecimal(l.unitPrice, 2, 4),
        formatAmount(l.net),
        rateLabel(l.vatRate),
        formatAmount(l.vat),
        formatAmount(l.gross),
      ]),
      footer,
      fontSize: 8,
    });
  }

  const due = Math.abs(d.amountDue);
  const box: [string, string][] = [
    [d.amountDue < 0 ? 'Do zwrotu' : 'Do zapłaty', formatMoney(due)],
    ['Słownie', moneyInWords(due)],
  ];
  if (d.amountDue > 0) {
    box.push(['Termin płatności', formatDate(d.paymentDeadline)], ['Sposób płatności', d.paymentMethod]);
    if (accountNumber) box.push(['Numer rachunku', formatAccountNumber(accountNumber)]);
  }
  s.box(box);

  if (d.kind === 'faktura_korygujaca' && d.correctionReason) s.paragraph(`Przyczyna korekty: ${d.correctionReason}`);
  if (d.exemptionBasis && d.lines.some((l) => l.vatRate === 'zw'))
    s.paragraph(`Podstawa zwolnienia z VAT: ${d.exemptionBasis}`);
  if (d.notes) s.paragraph(`Uwagi: ${d.notes}`);
  s.moveDown(4);
  s.note(
    d.kind === 'nota'
      ? 'Nota obciążeniowa dokumentuje należność, która nie podlega opodatkowaniu VAT; nie jest fakturą.'
      : d.ksefNumber
        ? `Wizualizacja faktury wystawionej w Krajowym Systemie e-Faktur. Fakturą jest dokument zapisany w KSeF pod numerem ${d.ksefNumber}.`
        : 'Dokument wystawiony w postaci elektronicznej; nie wymaga podpisu.',
  );
}

import { formatDate, formatDecimal, formatMoney } from '../../../shared/format.js';
import { formatNip } from '../pdf/format.js';
import { type DocumentTypeDef, fileSlug } from './document-type.js';
import { drawSalesDocument } from './sales-document.layout.js';
import { salesDocumentSample, salesDocumentTemplate } from './sales-document.sample.js';
import { type Kind, rateLabel, schema } from './sales-document.schema.js';

const KIND_NAME: Record<Kind, string> = {
  faktura: 'Faktura',
  faktura_korygujaca: 'Faktura korygująca',
  nota: 'Nota obciążeniowa',
};
const KIND_FILE: Record<Kind, string> = { faktura: 'faktura', faktura_korygujaca: 'korekta', nota: 'nota' };

/** A line's name short enough for a message: cut at a word boundary. */
const shortName = (name: string) => (name.length <= 60 ? name : `${name.slice(0, 57).replace(/\s+\S*$/, '')}…`);

export const salesDocument: DocumentTypeDef<typeof schema> = {
  type: 'sales_document',
  label: 'Faktura / nota',
  // A copy of an invoice may go by e-mail; the legally binding invoice is the one in KSeF (or the paper original).
  legalStrength: 'informational',
  schema,
  rowsField: 'lines',
  period: (d) => d.issueDate.slice(0, 7),
  title: (d, p) => `${KIND_NAME[d.kind]} nr ${d.number}${p.unit ? ` — lokal ${p.unit.number}` : ''}`,
  filename: (d) => `${KIND_FILE[d.kind]}_${fileSlug(d.number)}.pdf`,

  check(d, p) {
    const issues: { path: string; message: string }[] = [];
    d.lines.forEach((l, i) => {
      const at = `Pozycja ${i + 1} („${shortName(l.name)}”)`;
      if (l.net + l.vat !== l.gross) {
        issues.push({
          path: `lines.${i}.gross`,
          message: `${at}: netto ${formatMoney(l.net)} + VAT ${formatMoney(l.vat)} = ${formatMoney(l.net + l.vat)}, a wartość brutto wynosi ${formatMoney(l.gross)}.`,
        });
      }
      const computedNet = Math.round(l.quantity * l.unitPrice * 100);
      if (Math.abs(computedNet - l.net) > 1) {
        issues.push({
          path: `lines.${i}.net`,
          message: `${at}: ilość ${formatDecimal(l.quantity)} × cena ${formatDecimal(l.unitPrice, 2, 4)} zł = ${formatMoney(computedNet)}, a wartość netto wynosi ${formatMoney(l.net)}.`,
        });
      }
      if (l.vatRate === 'zw' || l.vatRate === 'np' || l.vatRate === '0') {
        if (l.vat !== 0) {
          issues.push({
            path: `lines.${i}.vat`,
            message: `${at}: przy stawce „${rateLabel(l.vatRate)}” kwota VAT musi wynosić 0,00 zł.`,
          });
        }
      } else {
        const expected = Math.round((l.net * Number(l.vatRate)) / 100);
        if (Math.abs(expected - l.vat) > 1) {
          issues.push({
            path: `lines.${i}.vat`,
            message: `${at}: VAT ${l.vatRate}% od ${formatMoney(l.net)} to ${formatMoney(expected)}, a wpisano ${formatMoney(l.vat)}.`,
          });
        }
      }
      if (d.kind === 'nota' && l.vatRate !== 'np' && l.vatRate !== 'zw') {
        issues.push({
          path: `lines.${i}.vatRate`,
          message: `${at}: nota obciążeniowa nie jest fakturą VAT — wpisz stawkę „np” albo wystaw fakturę.`,
        });
      }
    });

    const sum = d.lines.reduce((s, l) => s + l.gross, 0);
    if (sum !== d.totalGross) {
      issues.push({
        path: 'totalGross',
        message: `Suma wartości brutto pozycji (${formatMoney(sum)}) nie zgadza się z wartością brutto razem (${formatMoney(d.totalGross)}).`,
      });
    }
    if (d.lines.some((l) => l.vatRate === 'zw') && !d.exemptionBasis) {
      issues.push({
        path: 'exemptionBasis',
        message:
          'Pozycje ze stawką „zw” wymagają podstawy prawnej zwolnienia — wpisz np. „art. 43 ust. 1 pkt 36 ustawy o VAT”.',
      });
    }
    if (d.kind !== 'faktura_korygujaca' && (d.amountDue < 0 || d.amountDue > d.totalGross)) {
      issues.push({
        path: 'amountDue',
        message: `Kwota do zapłaty (${formatMoney(d.amountDue)}) musi mieścić się między 0 zł a wartością brutto razem (${formatMoney(d.totalGross)}).`,
      });
    }
    if (d.kind === 'faktura_korygujaca') {
      if (!d.correctedNumber)
        issues.push({ path: 'correctedNumber', message: 'Faktura korygująca musi podawać numer faktury korygowanej.' });
      if (!d.correctedIssueDate)
        issues.push({
          path: 'correctedIssueDate',
          message: 'Faktura korygująca musi podawać datę wystawienia faktury korygowanej.',
        });
      if (!d.correctionReason)
        issues.push({ path: 'correctionReason', message: 'Faktura korygująca musi podawać przyczynę korekty.' });
    }
    if (d.amountDue > 0 && d.paymentDeadline < d.issueDate) {
      issues.push({
        path: 'paymentDeadline',
        message: `Termin płatności (${formatDate(d.paymentDeadline)}) jest wcześniejszy niż data wystawienia (${formatDate(d.issueDate)}).`,
      });
    }
    if (d.amountDue > 0 && /przelew/i.test(d.paymentMethod) && !d.nrb && !p.unit?.nrb) {
      issues.push({
        path: 'nrb',
        message: 'Brak numeru rachunku do wpłaty — wpisz NRB w danych albo w kartotece lokalu.',
      });
    }
    if ((d.ksefNumber || d.ksefHash) && d.kind === 'nota') {
      issues.push({
        path: d.ksefNumber ? 'ksefNumber' : 'ksefHash',
        message: 'Noty obciążeniowej nie wystawia się w KSeF — usuń numer KSeF i skrót pliku faktury.',
      });
    } else if (d.ksefHash && !d.ksefNumber) {
      // Before KSeF gives a number the code is labelled OFFLINE and needs a second, signed code (KOD II): not drawn.
      issues.push({
        path: 'ksefNumber',
        message:
          'Podano skrót pliku faktury bez numeru KSeF. Fakturę offline (jeszcze bez numeru KSeF) oznacza się dwoma kodami QR, w tym kodem z certyfikatem KSeF, którego Listonosz nie tworzy — wyślij ją po nadaniu numeru KSeF i wpisz ten numer.',
      });
    } else if (d.ksefNumber && !d.ksefNumber.startsWith(d.seller.nip)) {
      issues.push({
        path: 'ksefNumber',
        message: `Numer KSeF zaczyna się od NIP sprzedawcy (${formatNip(d.seller.nip)}) — sprawdź, czy to numer tej faktury.`,
      });
    }
    return issues;
  },

  draw: drawSalesDocument,
  template: salesDocumentTemplate,
  sample: salesDocumentSample,
};

import {
  formatAccountNumber,
  formatAmount,
  formatDate,
  formatMoney,
  moneyInWords,
  pluralForm,
} from '../../../shared/format.js';
import type { Sheet } from '../pdf/sheet.js';
import type { DocumentParties } from './document-type.js';
import { consumptionByKind, type Data, litres, type MeterRow, m3, price } from './water-settlement.schema.js';

/** "4" or "4 (1 wymieniony w okresie)": a replaced meter is one point of use with two rows. */
function meterCount(meters: MeterRow[]): string {
  const replaced = meters.filter((m) => m.replaced === 'stary').length;
  const points = meters.length - meters.filter((m) => m.replaced === 'nowy').length;
  const word = pluralForm(replaced, ['wymieniony', 'wymienione', 'wymienionych']);
  return `${points}${replaced ? ` (${replaced} ${word} w okresie)` : ''}`;
}

function remarks(m: MeterRow): string {
  const parts: string[] = [];
  if (m.replaced === 'stary') parts.push(`zdjęty ${formatDate(m.endDate)}`);
  if (m.replaced === 'nowy') parts.push(`nowy od ${formatDate(m.startDate)}`);
  if (m.note) parts.push(m.note);
  return parts.join('; ');
}

/** Draws the water settlement: meter readings, the cost table, the result box and the explanatory note. */
export function drawWaterSettlement(s: Sheet, d: Data, p: DocumentParties): void {
  const accountNumber = d.nrb ?? p.unit?.nrb ?? '';
  const use = consumptionByKind(d.meters);
  s.letterhead(p.issuer, `${d.place ?? p.issuer.city}, ${formatDate(d.issueDate)}`);
  s.addressBlock(p.recipient);
  s.title(
    'ROZLICZENIE KOSZTÓW ZUŻYCIA WODY',
    `${d.number ? `nr ${d.number} — ` : ''}za okres ${formatDate(d.periodFrom)} – ${formatDate(d.periodTo)}`,
  );
  const facts: [string, string][] = [];
  if (p.unit) facts.push(['Lokal', p.unit.number], ['Adres lokalu', p.unit.address]);
  facts.push(
    ['Okres rozliczenia', `${formatDate(d.periodFrom)} – ${formatDate(d.periodTo)}`],
    ['Wodomierze', meterCount(d.meters)],
  );
  s.keyValues(facts);

  s.heading('Odczyty wodomierzy (stany i zużycie w m³)');
  s.table({
    fontSize: 7.5,
    columns: [
      { header: 'Lp.', width: 4, align: 'right' },
      { header: 'Wodomierz', width: 10 },
      { header: 'Rodzaj', width: 6, align: 'center' },
      { header: 'Miejsce', width: 8 },
      { header: 'Data pocz.', width: 9, align: 'center' },
      { header: 'Stan pocz.', width: 9, align: 'right' },
      { header: 'Data końc.', width: 9, align: 'center' },
      { header: 'Stan końc.', width: 9, align: 'right' },
      { header: 'Zużycie', width: 7, align: 'right' },
      { header: 'Uwagi', width: 29 },
    ],
    rows: d.meters.map((m, i) => [
      String(i + 1),
      m.meterNumber,
      m.kind,
      m.location ?? '',
      formatDate(m.startDate),
      m3(litres(m.startReading)),
      formatDate(m.endDate),
      m3(litres(m.endReading)),
      m3(litres(m.consumption)),
      remarks(m),
    ]),
    footer: [
      ['', 'Razem ZW', '', '', '', '', '', '', m3(use.zw), ''],
      ['', 'Razem CW', '', '', '', '', '', '', m3(use.cw), ''],
      ['', 'Razem', '', '', '', '', '', '', m3(use.total), ''],
    ],
  });

  s.heading('Koszty');
  const rows: string[][] = [
    ['Woda', 'zużycie ZW + CW', m3(use.total), price(d.waterPrice), formatAmount(d.waterCost)],
    ['Odprowadzenie ścieków', 'zużycie ZW + CW', m3(use.total), price(d.sewagePrice), formatAmount(d.sewageCost)],
  ];
  if (d.heatingCost !== null) {
    rows.push([
      'Podgrzanie ciepłej wody',
      'zużycie CW',
      m3(use.cw),
      d.heatingPrice !== null ? price(d.heatingPrice) : '',
      formatAmount(d.heatingCost),
    ]);
  }
  const result =
    d.balance > 0 ? 'Niedopłata (do zapłaty)' : d.balance < 0 ? 'Nadpłata' : 'Wynik rozliczenia — bez różnicy';
  s.table({
    columns: [
      { header: 'Składnik', width: 34 },
      { header: 'Podstawa', width: 20 },
      { header: 'Ilość (m³)', width: 14, align: 'right' },
      { header: 'Cena (zł/m³)', width: 14, align: 'right' },
      { header: 'Kwota (zł)', width: 18, align: 'right' },
    ],
    rows,
    footer: [
      ['Koszt razem', '', '', '', formatAmount(d.totalCost)],
      ['Zaliczki naliczone w okresie', d.advancesNote ?? '', '', '', formatAmount(-d.advances)],
      [result, '', '', '', formatAmount(Math.abs(d.balance))],
    ],
  });

  if (d.balance > 0) {
    s.box([
      ['Niedopłata do zapłaty', formatMoney(d.balance)],
      ['Słownie', moneyInWords(d.balance)],
      ['Termin zapłaty', d.paymentDeadline ? formatDate(d.paymentDeadline) : ''],
      ['Numer rachunku lokalu', formatAccountNumber(accountNumber)],
    ]);
  } else if (d.balance < 0) {
    s.box([
      ['Nadpłata', formatMoney(-d.balance)],
      ['Słownie', moneyInWords(-d.balance)],
    ]);
    s.paragraph(d.overpaymentHandling);
  } else {
    s.box([['Wynik rozliczenia', 'koszt równy zaliczkom — nic do zapłaty']]);
  }
  if (d.notes) s.paragraph(d.notes);
  s.note(
    'Objaśnienia. ZW — wodomierz zimnej wody, CW — wodomierz ciepłej wody. Zużycie = stan końcowy − stan ' +
      'początkowy. Woda i ścieki są liczone od całego zużycia (ZW + CW), bo ciepła woda to podgrzana woda ' +
      'zimna; podgrzanie — tylko od zużycia CW. Wymieniony w okresie wodomierz (np. po upływie legalizacji) ma ' +
      'dwa wiersze: stary — od początku okresu do dnia demontażu, nowy — od stanu w dniu montażu (zwykle ' +
      'bliskiego zera) do końca okresu. Zużycie obu wierszy się sumuje i żaden m³ nie jest liczony dwa razy. ' +
      'Zastrzeżenia prosimy zgłaszać pisemnie w biurze administracji; udostępnimy protokoły odczytów i wymiany.',
  );
  s.signature(['Z poważaniem', p.issuer.name]);
}

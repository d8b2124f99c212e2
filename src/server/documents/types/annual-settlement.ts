import {
  formatAccountNumber,
  formatAmount,
  formatDate,
  formatDecimal,
  formatMoney,
  moneyInWords,
} from '../../../shared/format.js';
import { z } from '../../../shared/zod.js';
import { date, decimal, line, money, nrb, opt, paragraph } from '../fields.js';
import { type DocumentTypeDef, fileSlug, underpaymentIssues } from './document-type.js';

const Category = z.object({
  name: line(150).describe('Kategoria kosztów, np. koszty zarządu nieruchomością wspólną, fundusz remontowy, c.o.'),
  allocationKey: line(60).describe('Klucz podziału kosztu: udział, m², osoby, odczyty (wodomierze, podzielniki)'),
  advancesCharged: money().describe('Zaliczki naliczone w roku'),
  advancesPaid: money().describe('Zaliczki wpłacone w roku'),
  cost: money().describe('Koszt rzeczywisty przypadający na lokal'),
  difference: money().describe(
    'Różnica: koszt rzeczywisty − zaliczki naliczone (dodatnia — niedopłata, ujemna — nadpłata)',
  ),
});

const schema = z.object({
  number: opt(line(60)).describe('Numer rozliczenia'),
  issueDate: date().describe('Data sporządzenia rozliczenia'),
  place: opt(line(100)).describe('Miejscowość wystawienia'),
  year: z.coerce
    .number({ error: 'Rok rozliczenia wpisz jako RRRR, np. 2025.' })
    .int('Rok rozliczenia wpisz jako RRRR, np. 2025.')
    .min(2000, 'Rok rozliczenia wpisz jako RRRR, np. 2025.')
    .max(2100, 'Rok rozliczenia wpisz jako RRRR, np. 2025.')
    .describe('Rok rozliczenia (rok kalendarzowy)'),
  share: opt(line(40)).describe('Udział lokalu w nieruchomości wspólnej, np. 7840/512300'),
  areaM2: opt(decimal(2)).describe('Powierzchnia użytkowa lokalu (m²)'),
  persons: opt(z.coerce.number().int().min(0).max(50)).describe('Liczba osób zgłoszonych w lokalu'),
  categories: z
    .array(Category)
    .min(1, 'Podaj co najmniej jedną kategorię kosztów.')
    .max(40)
    .describe('Kategorie kosztów'),
  totalAdvancesCharged: money().describe('Zaliczki naliczone razem'),
  totalAdvancesPaid: money().describe('Zaliczki wpłacone razem'),
  totalCost: money().describe('Koszty rzeczywiste razem'),
  balance: money().describe('Wynik rozliczenia: suma różnic (dodatni — niedopłata, ujemny — nadpłata)'),
  balanceHandling: opt(paragraph(2000)).describe(
    'Co stanie się z wynikiem rozliczenia, np. nadpłata za media zaliczona na poczet opłat lub zwrócona na wniosek; ' +
      'nadpłata kosztów zarządu — zgodnie z uchwałą',
  ),
  resolution: opt(line(200)).describe('Uchwała właścicieli dotycząca rozliczenia, np. nr 7/2026 z 24.03.2026'),
  paymentDeadline: opt(date()).describe('Termin zapłaty niedopłaty'),
  nrb: opt(nrb()).describe('Indywidualny numer rachunku lokalu (NRB)'),
  notes: opt(paragraph(2000)).describe('Dodatkowe informacje'),
});
type Data = z.output<typeof schema>;

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

export const annualSettlement: DocumentTypeDef<typeof schema> = {
  type: 'annual_settlement',
  label: 'Rozliczenie roczne zaliczek',
  // Owners who opted in may get it by e-mail; the settlement states an account, it does not change the fees.
  legalStrength: 'notice',
  schema,
  rowsField: 'categories',
  period: (d) => `${d.year}-12`,
  title: (d, p) => `Rozliczenie roczne zaliczek za ${d.year}${p.unit ? ` — lokal ${p.unit.number}` : ''}`,
  filename: (d, p) => `rozliczenie_roczne_${d.year}${p.unit ? `_lokal_${fileSlug(p.unit.number)}` : ''}.pdf`,

  check(d, p) {
    const issues: { path: string; message: string }[] = [];
    d.categories.forEach((c, i) => {
      const expected = c.cost - c.advancesCharged;
      if (c.difference !== expected) {
        issues.push({
          path: `categories.${i}.difference`,
          message:
            `„${c.name}”: różnica powinna wynosić koszt rzeczywisty − zaliczki naliczone = ` +
            `${formatAmount(c.cost)} − ${formatAmount(c.advancesCharged)} = ${formatMoney(expected)}, ` +
            `a wpisano ${formatMoney(c.difference)}.`,
        });
      }
    });
    const totals: [keyof Data, string, number, number][] = [
      [
        'totalAdvancesCharged',
        'zaliczek naliczonych',
        sum(d.categories.map((c) => c.advancesCharged)),
        d.totalAdvancesCharged,
      ],
      ['totalAdvancesPaid', 'zaliczek wpłaconych', sum(d.categories.map((c) => c.advancesPaid)), d.totalAdvancesPaid],
      ['totalCost', 'kosztów rzeczywistych', sum(d.categories.map((c) => c.cost)), d.totalCost],
    ];
    for (const [path, label, expected, given] of totals) {
      if (expected !== given) {
        issues.push({
          path,
          message: `Suma ${label} z kategorii (${formatMoney(expected)}) nie zgadza się z kwotą razem (${formatMoney(given)}).`,
        });
      }
    }
    const differences = sum(d.categories.map((c) => c.difference));
    if (differences !== d.balance) {
      issues.push({
        path: 'balance',
        message:
          `Wynik rozliczenia powinien być sumą różnic z kategorii (${formatMoney(differences)}), ` +
          `a wpisano ${formatMoney(d.balance)}.`,
      });
    }
    if (d.issueDate <= `${d.year}-12-31`) {
      issues.push({
        path: 'issueDate',
        message: `Rozliczenie roku ${d.year} sporządza się po jego zakończeniu — sprawdź rok i datę sporządzenia.`,
      });
    }
    issues.push(...underpaymentIssues(d, p));
    if (!d.balanceHandling && (d.balance < 0 || d.categories.some((c) => c.difference < 0))) {
      issues.push({
        path: 'balanceHandling',
        message:
          'Rozliczenie wykazuje nadpłatę — opisz w polu „co stanie się z wynikiem rozliczenia”, czy nadpłata ' +
          'zostanie zaliczona na poczet opłat, zwrócona na wniosek albo rozliczona według uchwały.',
      });
    }
    if (!p.unit) issues.push({ path: 'unit', message: 'Rozliczenie roczne musi dotyczyć lokalu.' });
    return issues;
  },

  draw(s, d: Data, p) {
    const accountNumber = d.nrb ?? p.unit?.nrb ?? '';
    s.letterhead(p.issuer, `${d.place ?? p.issuer.city}, ${formatDate(d.issueDate)}`);
    s.addressBlock(p.recipient);
    s.title(
      'ROZLICZENIE ROCZNE ZALICZEK',
      `${d.number ? `nr ${d.number} — ` : ''}za rok ${d.year} (01.01.${d.year} – 31.12.${d.year})`,
    );
    const facts: [string, string][] = [];
    if (p.unit) facts.push(['Lokal', p.unit.number], ['Adres lokalu', p.unit.address]);
    facts.push(['Rok rozliczenia', String(d.year)]);
    if (d.share) facts.push(['Udział w nieruchomości wspólnej', d.share]);
    if (d.areaM2 !== null) facts.push(['Powierzchnia użytkowa', `${formatDecimal(d.areaM2, 2, 2)} m²`]);
    if (d.persons !== null) facts.push(['Liczba osób', String(d.persons)]);
    if (d.resolution) facts.push(['Uchwała', d.resolution]);
    s.keyValues(facts);

    // A zero difference shows a dash in both columns, so it does not look like a missing number.
    const under = (v: number) => (v > 0 ? formatAmount(v) : v === 0 ? '—' : '');
    const over = (v: number) => (v < 0 ? formatAmount(-v) : v === 0 ? '—' : '');
    const result = d.balance > 0 ? 'Wynik: niedopłata' : d.balance < 0 ? 'Wynik: nadpłata' : 'Wynik: bez różnicy';
    s.heading('Rozliczenie zaliczek według kategorii kosztów (zł)');
    s.table({
      fontSize: 8,
      columns: [
        { header: 'Lp.', width: 4, align: 'right' },
        { header: 'Kategoria kosztów', width: 25 },
        { header: 'Klucz podziału', width: 12 },
        { header: 'Zaliczki naliczone', width: 12, align: 'right' },
        { header: 'Zaliczki wpłacone', width: 12, align: 'right' },
        { header: 'Koszt rzeczywisty', width: 13, align: 'right' },
        { header: 'Niedopłata', width: 11, align: 'right' },
        { header: 'Nadpłata', width: 11, align: 'right' },
      ],
      rows: d.categories.map((c, i) => [
        String(i + 1),
        c.name,
        c.allocationKey,
        formatAmount(c.advancesCharged),
        formatAmount(c.advancesPaid),
        formatAmount(c.cost),
        under(c.difference),
        over(c.difference),
      ]),
      footer: [
        [
          '',
          'Razem',
          '',
          formatAmount(d.totalAdvancesCharged),
          formatAmount(d.totalAdvancesPaid),
          formatAmount(d.totalCost),
          under(sum(d.categories.map((c) => Math.max(c.difference, 0)))),
          over(sum(d.categories.map((c) => Math.min(c.difference, 0)))),
        ],
        ['', result, '', '', '', '', under(d.balance), over(d.balance)],
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
    } else {
      s.box([['Wynik rozliczenia', 'koszty równe zaliczkom — nic do zapłaty']]);
    }
    if (d.balanceHandling) {
      s.heading('Co dalej z wynikiem rozliczenia');
      s.paragraph(d.balanceHandling, { align: 'justify' });
    }
    const unpaid = d.totalAdvancesCharged - d.totalAdvancesPaid;
    if (unpaid > 0) {
      s.paragraph(
        `Zaległość w opłatach: zaliczki wpłacone w roku ${d.year} są o ${formatMoney(unpaid)} niższe od ` +
          'naliczonych. Zaległość nie jest częścią rozliczenia — prosimy wpłacić ją niezależnie od wyniku ' +
          // No-break spaces keep the grouped account number on one line.
          `rozliczenia${accountNumber ? ` na rachunek ${formatAccountNumber(accountNumber).replace(/ /g, '\u00a0')}` : ''}.`,
        { bold: true },
      );
    } else if (unpaid < 0) {
      s.paragraph(
        `Wpłaty w roku ${d.year} przewyższają naliczone zaliczki o ${formatMoney(-unpaid)}; nadwyżka pozostaje ` +
          'na koncie lokalu i jest zaliczana na poczet bieżących opłat.',
      );
    }
    if (d.notes) s.paragraph(d.notes);
    s.note(
      'Objaśnienia. Zaliczki naliczone — suma zaliczek z miesięcznych opłat za rok; zaliczki wpłacone — wpłaty ' +
        'zaksięgowane na ich poczet; koszt rzeczywisty — część kosztów nieruchomości przypadająca na lokal według ' +
        'klucza podziału: udział — udział lokalu w nieruchomości wspólnej, m² — powierzchnia użytkowa lokalu, ' +
        'osoby — liczba osób zgłoszonych w lokalu, odczyty — wskazania wodomierzy lub podzielników ciepła. ' +
        'Niedopłata/nadpłata = koszt rzeczywisty − zaliczki naliczone. Niewpłacone zaliczki nie zmieniają wyniku ' +
        'rozliczenia — są zaległością w opłatach. Rozliczenie sporządzono na podstawie ewidencji pozaksięgowej ' +
        'kosztów i zaliczek (art. 29 ust. 1a ustawy z dnia 24 czerwca 1994 r. o własności lokali). Zastrzeżenia ' +
        'prosimy zgłaszać pisemnie w biurze administracji; na wniosek udostępnimy szczegółowe zestawienie kosztów.',
    );
    s.signature(['Z poważaniem', p.issuer.name]);
  },

  template: {
    subject: 'Rozliczenie roczne zaliczek za {{ document.year }}{% if unit %} — lokal {{ unit.number }}{% endif %}',
    html:
      '<p>Szanowni Państwo,</p>\n' +
      '<p>w załączeniu przesyłamy roczne rozliczenie zaliczek za rok {{ document.year }}{% if unit %} dla lokalu ' +
      '<strong>{{ unit.label }}</strong>{% endif %}.</p>\n' +
      '<p>Zaliczki naliczone w roku wyniosły {{ document.totalAdvancesCharged | kwota }}, a koszty rzeczywiste ' +
      'przypadające na lokal {{ document.totalCost | kwota }}.</p>\n' +
      '{% if document.balance > 0 %}<p>Wynikiem rozliczenia jest <strong>niedopłata ' +
      '{{ document.balance | kwota }}</strong> (słownie: {{ document.balance | slownie }}). Prosimy o wpłatę' +
      '{% if document.paymentDeadline %} do {{ document.paymentDeadline | data }}{% endif %} ' +
      'na indywidualny rachunek lokalu:<br>' +
      '<strong>{% if document.nrb %}{{ document.nrb | nrb }}{% elsif unit %}{{ unit.nrb | nrb }}{% endif %}' +
      '</strong></p>\n' +
      '{% elsif document.balance < 0 %}<p>Wynikiem rozliczenia jest <strong>nadpłata ' +
      '{{ document.balance | abs | kwota }}</strong>.</p>\n' +
      '{% else %}<p>Koszty są równe zaliczkom — nie ma niczego do zapłaty.</p>\n{% endif %}' +
      '{% if document.balanceHandling %}<p>{{ document.balanceHandling }}</p>\n{% endif %}' +
      '{% if document.resolution %}<p>Rozliczenie zgodnie z uchwałą {{ document.resolution }}.</p>\n{% endif %}' +
      '<p>Z poważaniem<br>{% if property %}{{ property.name }}{% else %}{{ account.fromName }}{% endif %}</p>',
    text: '',
  },

  sample: () => ({
    number: 'RR/2025/0012',
    issueDate: '2026-03-31',
    place: 'Kraków',
    year: 2025,
    share: '7840/512300',
    areaM2: '78,40',
    persons: 4,
    categories: [
      {
        name: 'Koszty zarządu nieruchomością wspólną',
        allocationKey: 'udział',
        advancesCharged: '2916,48',
        advancesPaid: '2916,48',
        cost: '3021,57',
        difference: '105,09',
      },
      {
        name: 'Fundusz remontowy',
        allocationKey: 'udział',
        advancesCharged: '1881,60',
        advancesPaid: '1881,60',
        cost: '1881,60',
        difference: '0,00',
      },
      {
        name: 'Centralne ogrzewanie (c.o.)',
        allocationKey: 'odczyty podzielników',
        advancesCharged: '5832,96',
        advancesPaid: '5832,96',
        cost: '5604,12',
        difference: '-228,84',
      },
      {
        name: 'Woda i odprowadzenie ścieków',
        allocationKey: 'odczyty wodomierzy',
        advancesCharged: '1632,00',
        advancesPaid: '1632,00',
        cost: '1746,35',
        difference: '114,35',
      },
      {
        name: 'Gospodarowanie odpadami komunalnymi',
        allocationKey: 'osoby',
        advancesCharged: '1392,00',
        advancesPaid: '1392,00',
        cost: '1452,00',
        difference: '60,00',
      },
    ],
    totalAdvancesCharged: '13 655,04',
    totalAdvancesPaid: '13 655,04',
    totalCost: '13 705,64',
    balance: '50,60',
    balanceHandling:
      'Zgodnie z uchwałą nr 7/2026 nadpłata za centralne ogrzewanie została rozliczona z niedopłatami ' +
      'pozostałych kategorii; do zapłaty pozostaje różnica 50,60 zł. Gdy rozliczenie wykazuje nadpłatę za media ' +
      '(c.o., woda i ścieki), zaliczamy ją na poczet bieżących opłat albo — na pisemny wniosek — zwracamy na ' +
      'wskazany rachunek. Nadpłata kosztów zarządu nieruchomością wspólną jest rozliczana zgodnie z uchwałą ' +
      'właścicieli lokali.',
    resolution: 'nr 7/2026 z 24.03.2026',
    paymentDeadline: '2026-04-30',
    nrb: '34 1020 1026 0000 0000 0000 0001',
    notes:
      'Od 01.05.2026 zaliczka na koszty zarządu wynosi 3,30 zł/m², a na odpady 34,00 zł od osoby (uchwała nr 7/2026).',
  }),
};

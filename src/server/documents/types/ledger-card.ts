import { formatAccountNumber, formatAmount, formatDate, formatMoney, moneyInWords } from '../../../shared/format.js';
import { z } from '../../../shared/zod.js';
import { date, line, money, nrb, opt, paragraph } from '../fields.js';
import { type DocumentTypeDef, fileSlug } from './document-type.js';

const Posting = z.object({
  bookingDate: date().describe('Data księgowania'),
  documentDate: opt(date()).describe('Data dokumentu'),
  documentNumber: opt(line(60)).describe('Numer dokumentu (naliczenia, wyciągu bankowego, noty)'),
  description: line(200).describe('Opis operacji, np. naliczenie opłat za 01/2026, wpłata'),
  debit: opt(money()).describe('Wn — obciążenie (naliczenie opłat, odsetki, niedopłata)'),
  credit: opt(money()).describe('Ma — uznanie (wpłata, korekta na korzyść właściciela)'),
});

const schema = z.object({
  asOf: date().describe('Stan na dzień'),
  periodFrom: date().describe('Okres od'),
  periodTo: date().describe('Okres do'),
  place: opt(line(100)).describe('Miejscowość sporządzenia'),
  accountNumber: opt(line(40)).describe('Numer konta rozrachunkowego lokalu w księgach, np. 204-012'),
  openingBalance: money().describe('Bilans otwarcia na początek okresu (dodatni — zaległość, ujemny — nadpłata)'),
  postings: z.array(Posting).max(3000).describe('Operacje w okresie'),
  closingBalance: money().describe('Saldo na koniec okresu (dodatni — zaległość, ujemny — nadpłata)'),
  nrb: opt(nrb()).describe('Indywidualny numer rachunku lokalu (NRB)'),
  notes: opt(paragraph(2000)).describe('Dodatkowe informacje'),
});
type Data = z.output<typeof schema>;
type Posting = Data['postings'][number];

/** Postings in booking order (stable: same-day postings keep their order), so the running balance reads right. */
const chronological = (postings: Posting[]) =>
  postings
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.bookingDate < b.p.bookingDate ? -1 : a.p.bookingDate > b.p.bookingDate ? 1 : a.i - b.i))
    .map((x) => x.p);

const sumOf = (postings: Posting[], side: 'debit' | 'credit') => postings.reduce((s, p) => s + (p[side] ?? 0), 0);

/** A balance in a table cell: positive is the owner's debt, negative an overpayment (shown with a minus). */
const balance = (grosze: number) => formatAmount(grosze);

export const ledgerCard: DocumentTypeDef<typeof schema> = {
  type: 'ledger_card',
  label: 'Kartoteka lokalu',
  // A statement of account; it demands nothing the fee notice has not already set.
  legalStrength: 'informational',
  schema,
  rowsField: 'postings',
  period: (d) => d.periodTo.slice(0, 7),
  title: (d, p) => `Kartoteka lokalu${p.unit ? ` ${p.unit.number}` : ''} — stan na ${formatDate(d.asOf)}`,
  filename: (d, p) => `kartoteka_${d.asOf}${p.unit ? `_lokal_${fileSlug(p.unit.number)}` : ''}.pdf`,

  check(d, p) {
    const issues: { path: string; message: string }[] = [];
    if (d.periodFrom > d.periodTo) {
      issues.push({
        path: 'periodTo',
        message: `Okres kończy się (${formatDate(d.periodTo)}) przed swoim początkiem (${formatDate(d.periodFrom)}).`,
      });
    }
    if (d.asOf < d.periodTo) {
      issues.push({
        path: 'asOf',
        message: `Stan na dzień (${formatDate(d.asOf)}) nie może być wcześniejszy niż koniec okresu (${formatDate(d.periodTo)}).`,
      });
    }
    d.postings.forEach((x, i) => {
      if (!x.debit && !x.credit) {
        issues.push({
          path: `postings.${i}.debit`,
          message: `Pozycja ${i + 1} („${x.description}”): wpisz kwotę Wn (obciążenie) albo Ma (wpłata).`,
        });
      }
      if (x.bookingDate < d.periodFrom || x.bookingDate > d.periodTo) {
        issues.push({
          path: `postings.${i}.bookingDate`,
          message: `Pozycja ${i + 1} („${x.description}”): data księgowania ${formatDate(x.bookingDate)} jest poza okresem ${formatDate(d.periodFrom)} – ${formatDate(d.periodTo)}.`,
        });
      }
    });
    const debit = sumOf(d.postings, 'debit');
    const credit = sumOf(d.postings, 'credit');
    const expected = d.openingBalance + debit - credit;
    if (expected !== d.closingBalance) {
      issues.push({
        path: 'closingBalance',
        message:
          `Saldo końcowe (${formatMoney(d.closingBalance)}) nie zgadza się z operacjami: bilans otwarcia ` +
          `${formatMoney(d.openingBalance)} + obciążenia Wn ${formatMoney(debit)} − wpłaty Ma ${formatMoney(credit)} ` +
          `= ${formatMoney(expected)}.`,
      });
    }
    if (d.closingBalance > 0 && !d.nrb && !p.unit?.nrb) {
      issues.push({
        path: 'nrb',
        message: 'Jest zaległość, a brak numeru rachunku lokalu — wpisz NRB w danych albo w kartotece lokalu.',
      });
    }
    if (!p.unit) issues.push({ path: 'unit', message: 'Kartoteka musi dotyczyć lokalu.' });
    return issues;
  },

  draw(s, d: Data, p) {
    const accountNumber = d.nrb ?? p.unit?.nrb ?? null;
    s.letterhead(p.issuer, `${d.place ?? p.issuer.city}, ${formatDate(d.asOf)}`);
    s.addressBlock(p.recipient);
    s.title('KARTOTEKA LOKALU', `${p.unit ? `lokal ${p.unit.number} — ` : ''}stan na dzień ${formatDate(d.asOf)}`);
    const facts: [string, string][] = [];
    if (p.unit) facts.push(['Lokal', p.unit.number], ['Adres lokalu', p.unit.address]);
    facts.push(['Okres', `${formatDate(d.periodFrom)} – ${formatDate(d.periodTo)}`]);
    facts.push(['Stan na dzień', formatDate(d.asOf)]);
    if (d.accountNumber) facts.push(['Konto rozrachunkowe', d.accountNumber]);
    s.keyValues(facts);

    const postings = chronological(d.postings);
    let running = d.openingBalance;
    const rows: string[][] = [['', formatDate(d.periodFrom), '', '', 'Bilans otwarcia', '', '', balance(running)]];
    postings.forEach((x, i) => {
      running += (x.debit ?? 0) - (x.credit ?? 0);
      rows.push([
        String(i + 1),
        formatDate(x.bookingDate),
        x.documentDate ? formatDate(x.documentDate) : '',
        x.documentNumber ?? '',
        x.description,
        x.debit ? formatAmount(x.debit) : '',
        x.credit ? formatAmount(x.credit) : '',
        balance(running),
      ]);
    });
    if (postings.length === 0) rows.push(['', '', '', '', 'Brak operacji w okresie', '', '', '']);
    s.table({
      columns: [
        { header: 'Lp.', width: 4, align: 'right' },
        { header: 'Data księg.', width: 10 },
        { header: 'Data dok.', width: 10 },
        { header: 'Nr dokumentu', width: 15.5 },
        { header: 'Opis operacji', width: 26.5 },
        { header: 'Wn (naliczenia)', width: 11, align: 'right' },
        { header: 'Ma (wpłaty)', width: 11, align: 'right' },
        { header: 'Saldo', width: 12, align: 'right' },
      ],
      rows,
      footer: [
        [
          '',
          '',
          '',
          '',
          'Obroty w okresie',
          formatAmount(sumOf(postings, 'debit')),
          formatAmount(sumOf(postings, 'credit')),
          '',
        ],
        ['', '', '', '', `Saldo na dzień ${formatDate(d.asOf)}`, '', '', balance(d.closingBalance)],
      ],
      fontSize: 8,
    });

    const owed = d.closingBalance;
    const when = formatDate(d.asOf);
    if (owed > 0) {
      s.paragraph(
        `Na dzień ${when} na koncie lokalu jest zaległość ${formatMoney(owed)}. ` +
          'Prosimy o jej wpłatę na indywidualny rachunek lokalu podany poniżej.',
        { bold: true },
      );
      const box: [string, string][] = [
        ['Zaległość do zapłaty', formatMoney(owed)],
        ['Słownie', moneyInWords(owed)],
      ];
      if (accountNumber) box.push(['Numer rachunku lokalu', formatAccountNumber(accountNumber)]);
      s.box(box);
    } else if (owed < 0) {
      s.paragraph(
        `Na dzień ${when} na koncie lokalu jest nadpłata ${formatMoney(-owed)}. ` +
          'Zostanie zaliczona na poczet kolejnych opłat, chyba że wystąpią Państwo o jej zwrot.',
        { bold: true },
      );
      s.box([
        ['Nadpłata', formatMoney(-owed)],
        ['Słownie', moneyInWords(-owed)],
      ]);
    } else {
      s.paragraph(`Na dzień ${when} saldo konta lokalu wynosi zero — nie ma zaległości ani nadpłaty.`, { bold: true });
      s.box([['Saldo zerowe', '0,00 zł']]);
    }
    if (d.notes) s.paragraph(d.notes);
    s.note(
      `Kartoteka obejmuje operacje zaksięgowane do dnia ${when}. Wpłaty jeszcze niezaksięgowane (np. wykonane ` +
        'w ostatnich dniach przed tą datą) nie są w niej ujęte. Wn — naliczenia (obciążenia), Ma — wpłaty (uznania); ' +
        'saldo dodatnie oznacza zaległość, ujemne — nadpłatę. Zastrzeżenia do zestawienia prosimy zgłaszać ' +
        'w biurze administracji.',
    );
  },

  template: {
    subject: 'Kartoteka lokalu{% if unit %} {{ unit.number }}{% endif %} — stan na {{ document.asOf | data }}',
    html:
      '<p>Szanowni Państwo,</p>\n' +
      '<p>w załączeniu przesyłamy kartotekę rozliczeń{% if unit %} lokalu <strong>{{ unit.label }}</strong>' +
      '{% endif %} za okres od {{ document.periodFrom | data }} do {{ document.periodTo | data }}, ' +
      'według stanu na {{ document.asOf | data }}.</p>\n' +
      '{% if document.closingBalance > 0 %}<p>Na ten dzień na koncie lokalu jest <strong>zaległość ' +
      '{{ document.closingBalance | kwota }}</strong> (słownie: {{ document.closingBalance | slownie }}). ' +
      'Prosimy o jej wpłatę na rachunek lokalu:<br><strong>{% if document.nrb %}{{ document.nrb | nrb }}' +
      '{% elsif unit %}{{ unit.nrb | nrb }}{% endif %}</strong></p>\n' +
      '{% elsif document.closingBalance < 0 %}<p>Na ten dzień na koncie lokalu jest <strong>nadpłata ' +
      '{{ document.closingBalance | abs | kwota }}</strong>; zostanie zaliczona na poczet kolejnych opłat.</p>\n' +
      '{% else %}<p>Na ten dzień saldo konta lokalu wynosi zero — nie ma zaległości ani nadpłaty.</p>\n{% endif %}' +
      '<p>Wpłaty jeszcze niezaksięgowane nie są ujęte w zestawieniu. Jeśli zapłacili Państwo w ostatnich dniach, ' +
      'prosimy uznać informację o zaległości za nieaktualną w tej części.</p>\n' +
      '<p>Z poważaniem<br>{% if property %}{{ property.name }}{% else %}{{ account.fromName }}{% endif %}</p>',
    text: '',
  },

  sample: () => ({
    asOf: '2026-06-30',
    periodFrom: '2026-01-01',
    periodTo: '2026-06-30',
    place: 'Kraków',
    accountNumber: '204-012',
    openingBalance: '801,12',
    postings: [
      p('2026-01-01', '2026-01-01', 'NO/2026/01/012', 'Naliczenie opłat za 01/2026', '801,12', null),
      p('2026-01-12', '2026-01-09', 'WB/2026/007', 'Wpłata — przelew', null, '1602,24'),
      p('2026-02-01', '2026-02-01', 'NO/2026/02/012', 'Naliczenie opłat za 02/2026', '801,12', null),
      p('2026-02-11', '2026-02-10', 'WB/2026/029', 'Wpłata — przelew', null, '801,12'),
      p(
        '2026-02-27',
        '2026-02-25',
        'RW/2025/II/012',
        'Rozliczenie wody za II półrocze 2025 — niedopłata',
        '126,40',
        null,
      ),
      p('2026-03-01', '2026-03-01', 'NO/2026/03/012', 'Naliczenie opłat za 03/2026', '801,12', null),
      p('2026-03-16', '2026-03-13', 'WB/2026/051', 'Wpłata — przelew', null, '927,52'),
      p('2026-04-01', '2026-04-01', 'NO/2026/04/012', 'Naliczenie opłat za 04/2026 (nowe stawki)', '843,45', null),
      p('2026-04-10', '2026-04-09', 'WB/2026/070', 'Wpłata — przelew', null, '801,12'),
      p('2026-05-01', '2026-05-01', 'NO/2026/05/012', 'Naliczenie opłat za 05/2026', '843,45', null),
      p('2026-05-20', '2026-05-20', 'NO/2026/ODS/004', 'Odsetki ustawowe za opóźnienie', '12,30', null),
      p('2026-05-22', '2026-05-21', 'WB/2026/093', 'Wpłata — przelew', null, '843,45'),
      p('2026-06-01', '2026-06-01', 'NO/2026/06/012', 'Naliczenie opłat za 06/2026', '843,45', null),
      p(
        '2026-06-15',
        '2026-06-15',
        'KN/2026/06/003',
        'Korekta opłaty za odpady 05/2026 (zmiana liczby osób)',
        null,
        '29,00',
      ),
    ],
    closingBalance: '869,08',
    nrb: '35 1020 2892 0000 0000 0000 0012',
    notes: 'Dyżur księgowej w sprawach rozliczeń: poniedziałki 15:00–17:00, pokój 2.',
  }),
};

function p(
  bookingDate: string,
  documentDate: string,
  documentNumber: string,
  description: string,
  debit: string | null,
  credit: string | null,
) {
  return { bookingDate, documentDate, documentNumber, description, debit, credit };
}

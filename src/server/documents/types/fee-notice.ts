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
import { type DocumentTypeDef, fileSlug } from './document-type.js';

const Component = z.object({
  name: line(150).describe('Składnik opłaty, np. eksploatacja, fundusz remontowy, c.o.'),
  basis: opt(line(40)).describe('Podstawa naliczenia: m², osoba, lokal, m³'),
  rate: opt(decimal(4)).describe('Stawka za jednostkę podstawy (zł)'),
  quantity: opt(decimal(4)).describe('Ilość jednostek podstawy'),
  amount: money().describe('Kwota miesięczna'),
});

const schema = z.object({
  number: opt(line(60)).describe('Numer zawiadomienia'),
  issueDate: date().describe('Data wystawienia'),
  place: opt(line(100)).describe('Miejscowość wystawienia'),
  validFrom: date()
    .refine((d) => d.endsWith('-01'), 'Opłaty zmieniają się od pierwszego dnia miesiąca — wpisz np. 01.04.2026.')
    .describe('Obowiązuje od'),
  legalTitle: opt(line(120)).describe('Tytuł prawny do lokalu'),
  areaM2: opt(decimal(2)).describe('Powierzchnia użytkowa (m²)'),
  persons: opt(z.coerce.number().int().min(0).max(50)).describe('Liczba osób'),
  components: z
    .array(Component)
    .min(1, 'Podaj co najmniej jeden składnik opłaty.')
    .max(60)
    .describe('Składniki opłaty'),
  total: money().describe('Opłata miesięczna razem'),
  previousTotal: opt(money()).describe('Dotychczasowa opłata miesięczna'),
  justification: opt(paragraph(5000)).describe('Uzasadnienie zmiany'),
  paymentDeadline: line(200).default('do 10. dnia każdego miesiąca').describe('Termin płatności'),
  nrb: opt(nrb()).describe('Indywidualny numer rachunku lokalu (NRB)'),
  notes: opt(paragraph(2000)).describe('Dodatkowe informacje'),
});
type Data = z.output<typeof schema>;

export const feeNotice: DocumentTypeDef<typeof schema> = {
  type: 'fee_notice',
  label: 'Zawiadomienie o wysokości opłat',
  // Members who opted in may get it by e-mail; a tenant's rent increase needs written form (art. 8a uopl).
  legalStrength: 'notice',
  schema,
  rowsField: 'components',
  period: (d) => d.validFrom.slice(0, 7),
  title: (d, p) =>
    `Zawiadomienie o wysokości opłat od ${formatDate(d.validFrom)}${p.unit ? ` — lokal ${p.unit.number}` : ''}`,
  filename: (d, p) =>
    `zawiadomienie_oplaty_${d.validFrom.slice(0, 7)}${p.unit ? `_lokal_${fileSlug(p.unit.number)}` : ''}.pdf`,

  check(d, p) {
    const issues: { path: string; message: string }[] = [];
    const sum = d.components.reduce((s, c) => s + c.amount, 0);
    if (sum !== d.total) {
      issues.push({
        path: 'total',
        message: `Suma składników (${formatMoney(sum)}) nie zgadza się z opłatą razem (${formatMoney(d.total)}).`,
      });
    }
    if (d.previousTotal !== null && d.previousTotal !== d.total && !d.justification) {
      issues.push({
        path: 'justification',
        message: 'Zmiana wysokości opłat wymaga pisemnego uzasadnienia — wpisz je w polu „uzasadnienie”.',
      });
    }
    if (!d.nrb && !p.unit?.nrb) {
      issues.push({
        path: 'nrb',
        message: 'Brak numeru rachunku lokalu — wpisz NRB w danych albo w kartotece lokalu.',
      });
    }
    if (!p.unit) issues.push({ path: 'unit', message: 'Zawiadomienie o opłatach musi dotyczyć lokalu.' });
    return issues;
  },

  draw(s, d: Data, p) {
    const accountNumber = d.nrb ?? p.unit?.nrb ?? '';
    s.letterhead(p.issuer, `${d.place ?? p.issuer.city}, ${formatDate(d.issueDate)}`);
    s.addressBlock(p.recipient);
    s.title(
      'ZAWIADOMIENIE O WYSOKOŚCI OPŁAT',
      `${d.number ? `nr ${d.number} — ` : ''}obowiązuje od ${formatDate(d.validFrom)}`,
    );
    const facts: [string, string][] = [];
    if (p.unit) facts.push(['Lokal', p.unit.number], ['Adres lokalu', p.unit.address]);
    if (d.legalTitle) facts.push(['Tytuł prawny', d.legalTitle]);
    if (d.areaM2 !== null) facts.push(['Powierzchnia użytkowa', `${formatDecimal(d.areaM2, 2, 2)} m²`]);
    if (d.persons !== null) facts.push(['Liczba osób', String(d.persons)]);
    facts.push(['Obowiązuje od', formatDate(d.validFrom)]);
    s.keyValues(facts);

    const footer: string[][] = [['', 'Razem miesięcznie', '', '', '', formatAmount(d.total)]];
    if (d.previousTotal !== null) {
      footer.push(['', 'Dotychczas', '', '', '', formatAmount(d.previousTotal)]);
      const diff = d.total - d.previousTotal;
      footer.push(['', 'Zmiana', '', '', '', `${diff > 0 ? '+' : ''}${formatAmount(diff)}`]);
    }
    s.table({
      columns: [
        { header: 'Lp.', width: 5, align: 'right' },
        { header: 'Składnik opłaty', width: 36 },
        { header: 'Podstawa', width: 12 },
        { header: 'Stawka (zł)', width: 14, align: 'right' },
        { header: 'Ilość', width: 13, align: 'right' },
        { header: 'Kwota (zł)', width: 16, align: 'right' },
      ],
      rows: d.components.map((c, i) => [
        String(i + 1),
        c.name,
        c.basis ?? '',
        c.rate !== null ? formatDecimal(c.rate, 2, 4) : '',
        c.quantity !== null ? formatDecimal(c.quantity, 0, 4) : '',
        formatAmount(c.amount),
      ]),
      footer,
    });

    s.box([
      ['Opłata miesięczna', formatMoney(d.total)],
      ['Słownie', moneyInWords(d.total)],
      ['Termin płatności', d.paymentDeadline],
      ['Numer rachunku lokalu', formatAccountNumber(accountNumber)],
    ]);
    if (d.justification) {
      s.heading('Uzasadnienie zmiany wysokości opłat');
      s.paragraph(d.justification, { align: 'justify' });
    }
    if (d.notes) s.paragraph(d.notes);
    s.note(
      'Opłaty wnosi się co miesiąc z góry na indywidualny rachunek lokalu podany wyżej. Zaliczki na media (woda, ' +
        'ciepło) podlegają rozliczeniu według zużycia; ich wysokość nie jest wartością rozliczenia. Na wniosek ' +
        'przedstawimy szczegółową kalkulację opłat. Zastrzeżenia można zgłosić pisemnie w biurze administracji.',
    );
    s.signature(['Z poważaniem', p.issuer.name]);
  },

  template: {
    subject: 'Zawiadomienie o wysokości opłat od {{ document.validFrom | data }} — lokal {{ unit.number }}',
    html:
      '<p>Szanowni Państwo,</p>\n' +
      '<p>w załączeniu przesyłamy zawiadomienie o wysokości opłat za lokal <strong>{{ unit.label }}</strong>' +
      ', obowiązujących od {{ document.validFrom | data }}.</p>\n' +
      '<p>Miesięczna opłata wynosi <strong>{{ document.total | kwota }}</strong> (słownie: {{ document.total | slownie }}). ' +
      'Prosimy o wpłaty {{ document.paymentDeadline }} na indywidualny rachunek lokalu:<br>' +
      '<strong>{{ document.nrb | nrb }}</strong></p>\n' +
      '{% if document.justification %}<p>Uzasadnienie zmiany znajduje się w załączonym zawiadomieniu.</p>\n{% endif %}' +
      '<p>Z poważaniem<br>{% if property %}{{ property.name }}{% else %}{{ account.fromName }}{% endif %}</p>',
    text: '',
  },

  sample: () => ({
    number: 'ZO/2026/04/0012',
    issueDate: '2025-12-20',
    place: 'Kraków',
    validFrom: '2026-04-01',
    legalTitle: 'spółdzielcze własnościowe prawo do lokalu',
    areaM2: '54,30',
    persons: 3,
    components: [
      { name: 'Eksploatacja', basis: 'm²', rate: '2,20', quantity: '54,30', amount: '119,46' },
      { name: 'Fundusz remontowy', basis: 'm²', rate: '3,90', quantity: '54,30', amount: '211,77' },
      { name: 'Zaliczka c.o.', basis: 'm²', rate: '6,00', quantity: '54,30', amount: '325,80' },
      { name: 'Zimna woda i ścieki (zaliczka)', basis: 'm³', rate: '10,88', quantity: '9', amount: '97,92' },
      { name: 'Odpady komunalne', basis: 'osoba', rate: '29,00', quantity: '3', amount: '87,00' },
      { name: 'Domofon', basis: 'lokal', rate: '1,50', quantity: '1', amount: '1,50' },
    ],
    total: '843,45',
    previousTotal: '801,12',
    justification:
      'Wzrost opłat wynika z uchwały Rady Nadzorczej nr 12/2025 podnoszącej stawkę funduszu remontowego ' +
      'w związku z planowaną wymianą dźwigów oraz ze wzrostu cen ciepła zatwierdzonego przez Prezesa URE.',
    paymentDeadline: 'do 10. dnia każdego miesiąca',
    nrb: '34 1020 1026 0000 0000 0000 0001',
    notes: 'Dyżur administratora: wtorki 15:00–17:00, pokój 4.',
  }),
};

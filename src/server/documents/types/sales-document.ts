import {
  formatAccountNumber,
  formatAmount,
  formatDate,
  formatDecimal,
  formatMoney,
  moneyInWords,
} from '../../../shared/format.js';
import { z } from '../../../shared/zod.js';
import { date, decimal, line, money, nip, nrb, opt, paragraph, party } from '../fields.js';
import { formatNip } from '../pdf/sheet.js';
import { type DocumentTypeDef, fileSlug } from './document-type.js';

const KINDS = ['faktura', 'faktura_korygujaca', 'nota'] as const;
type Kind = (typeof KINDS)[number];
const KIND_TITLE: Record<Kind, string> = {
  faktura: 'FAKTURA',
  faktura_korygujaca: 'FAKTURA KORYGUJĄCA',
  nota: 'NOTA OBCIĄŻENIOWA',
};
const KIND_NAME: Record<Kind, string> = {
  faktura: 'Faktura',
  faktura_korygujaca: 'Faktura korygująca',
  nota: 'Nota obciążeniowa',
};
const KIND_FILE: Record<Kind, string> = { faktura: 'faktura', faktura_korygujaca: 'korekta', nota: 'nota' };

/** VAT rates in the order of the per-rate summary; "zw" = zwolniona, "np" = nie podlega. */
const VAT_RATES = ['23', '8', '5', '0', 'zw', 'np'] as const;
type VatRate = (typeof VAT_RATES)[number];
const rateLabel = (r: VatRate) => (r === 'zw' || r === 'np' ? r : `${r}%`);

const vatRate = () =>
  z.preprocess(
    (v) =>
      typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim().replace(/\s*%$/, '').toLowerCase() : v,
    z.enum(VAT_RATES, {
      error: (iss) =>
        iss.input === undefined || iss.input === ''
          ? 'To pole jest wymagane.'
          : 'Nieznana stawka VAT — wpisz 23, 8, 5, 0, zw (zwolniona) albo np (nie podlega).',
    }),
  );

/** CRC-8 (polynomial 0x07, initial 0x00, no reflection) as used in the KSeF number's last two characters. */
function crc8(text: string): string {
  let crc = 0;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i);
    for (let b = 0; b < 8; b++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc.toString(16).toUpperCase().padStart(2, '0');
}

/** KSeF invoice number: `NIP-RRRRMMDD-XXXXXXXXXXXX-CC` (35 characters; the KSeF 1.0 form splits the middle 6-6). */
const ksefNumber = () =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const value = v.toUpperCase();
      const m = /^(\d{10})-(\d{8})-([0-9A-F]{6}-?[0-9A-F]{6})-([0-9A-F]{2})$/.exec(value);
      if (!m || crc8(value.slice(0, value.lastIndexOf('-'))) !== m[4]) {
        ctx.addIssue({
          code: 'custom',
          message: 'Nieprawidłowy numer KSeF — skopiuj go z KSeF w postaci NIP-RRRRMMDD-XXXXXXXXXXXX-XX.',
        });
        return z.NEVER;
      }
      return value;
    });

const Line = z.object({
  name: line(300).describe('Nazwa towaru lub usługi'),
  measure: opt(line(20)).describe('Jednostka miary, np. mies., m², m³, kWh, szt.'),
  quantity: decimal(4).describe('Ilość'),
  unitPrice: decimal(4).describe('Cena jednostkowa netto (zł)'),
  net: money().describe('Wartość netto'),
  vatRate: vatRate().describe('Stawka VAT: 23, 8, 5, 0, zw (zwolniona) albo np (nie podlega)'),
  vat: money().describe('Kwota VAT'),
  gross: money().describe('Wartość brutto'),
});

const schema = z.object({
  kind: z
    .enum(KINDS, {
      error: (iss) =>
        iss.input === undefined ? 'To pole jest wymagane.' : 'Rodzaj dokumentu: faktura, faktura_korygujaca albo nota.',
    })
    .default('faktura')
    .describe('Rodzaj dokumentu: faktura, faktura_korygujaca (faktura korygująca) albo nota (nota obciążeniowa)'),
  number: line(60).describe('Numer dokumentu, np. FV/2026/01/0012'),
  issueDate: date().describe('Data wystawienia'),
  saleDate: opt(date()).describe('Data sprzedaży (dostawy lub wykonania usługi), jeśli inna niż data wystawienia'),
  place: opt(line(100)).describe('Miejsce wystawienia'),
  seller: party()
    .extend({ nip: nip().describe('NIP sprzedawcy') })
    .describe('Sprzedawca: nazwa, adres i NIP'),
  buyer: party()
    .extend({ nip: opt(nip()).describe('NIP nabywcy (osoby fizyczne zwykle go nie podają)') })
    .describe('Nabywca: nazwa lub imię i nazwisko, adres, NIP'),
  lines: z.array(Line).min(1, 'Podaj co najmniej jedną pozycję dokumentu.').max(500).describe('Pozycje dokumentu'),
  exemptionBasis: opt(line(300)).describe(
    'Podstawa prawna zwolnienia z VAT, np. art. 43 ust. 1 pkt 36 ustawy o VAT (wymagana przy stawce „zw”)',
  ),
  totalGross: money().describe('Wartość brutto razem'),
  amountDue: money().describe('Kwota do zapłaty (ujemna — do zwrotu)'),
  paymentDeadline: date().describe('Termin płatności'),
  paymentMethod: line(60).default('przelew').describe('Sposób płatności'),
  nrb: opt(nrb()).describe('Numer rachunku do wpłaty (NRB); domyślnie rachunek lokalu'),
  ksefNumber: opt(ksefNumber()).describe('Numer faktury w KSeF (Krajowy System e-Faktur)'),
  correctedNumber: opt(line(60)).describe('Faktura korygowana: numer (tylko dla faktury korygującej)'),
  correctedIssueDate: opt(date()).describe('Faktura korygowana: data wystawienia (tylko dla faktury korygującej)'),
  correctionReason: opt(line(500)).describe('Przyczyna korekty (tylko dla faktury korygującej)'),
  notes: opt(paragraph(2000)).describe('Uwagi'),
});
type Data = z.output<typeof schema>;

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

/** A line's name short enough for a message: cut at a word boundary. */
const shortName = (name: string) => (name.length <= 60 ? name : `${name.slice(0, 57).replace(/\s+\S*$/, '')}…`);

const sameParty = (
  a: { name: string; street: string; city: string },
  b: { name: string; street: string; city: string },
) =>
  [a.name, a.street, a.city].join('|').toLowerCase().replace(/\s+/g, ' ') ===
  [b.name, b.street, b.city].join('|').toLowerCase().replace(/\s+/g, ' ');

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
    if (d.ksefNumber && d.kind === 'nota') {
      issues.push({ path: 'ksefNumber', message: 'Noty obciążeniowej nie wystawia się w KSeF — usuń numer KSeF.' });
    } else if (d.ksefNumber && !d.ksefNumber.startsWith(d.seller.nip)) {
      issues.push({
        path: 'ksefNumber',
        message: `Numer KSeF zaczyna się od NIP sprzedawcy (${formatNip(d.seller.nip)}) — sprawdź, czy to numer tej faktury.`,
      });
    }
    return issues;
  },

  draw(s, d: Data, p) {
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
    if (d.ksefNumber) s.box([['Numer KSeF', d.ksefNumber]]);

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
  },

  template: {
    subject:
      "{% case document.kind %}{% when 'faktura_korygujaca' %}Faktura korygująca{% when 'nota' %}Nota obciążeniowa" +
      '{% else %}Faktura{% endcase %} nr {{ document.number }} z dnia {{ document.issueDate | data }}' +
      '{% if unit %} — lokal {{ unit.number }}{% endif %}',
    html:
      '<p>Szanowni Państwo,</p>\n' +
      "<p>w załączeniu przesyłamy {% case document.kind %}{% when 'faktura_korygujaca' %}fakturę korygującą" +
      "{% when 'nota' %}notę obciążeniową{% else %}fakturę{% endcase %} nr <strong>{{ document.number }}</strong> " +
      'z dnia {{ document.issueDate | data }}{% if unit %} dotyczącą lokalu {{ unit.number }} ({{ unit.address }}){% endif %}.</p>\n' +
      '{% if document.amountDue > 0 %}<p>Kwota do zapłaty: <strong>{{ document.amountDue | kwota }}</strong> ' +
      '(słownie: {{ document.amountDue | slownie }}), termin płatności: <strong>{{ document.paymentDeadline | data }}</strong>.' +
      '{% if document.nrb %} Numer rachunku:<br><strong>{{ document.nrb | nrb }}</strong>' +
      '{% elsif unit %}{% if unit.nrb %} Numer rachunku:<br><strong>{{ unit.nrb | nrb }}</strong>{% endif %}{% endif %}</p>\n' +
      '{% elsif document.amountDue < 0 %}<p>Kwota do zwrotu na Państwa rzecz: ' +
      '<strong>{{ document.amountDue | abs | kwota }}</strong>.</p>\n{% endif %}' +
      '{% if document.ksefNumber %}<p>Faktura została wystawiona w Krajowym Systemie e-Faktur (KSeF) ' +
      'pod numerem {{ document.ksefNumber }}.</p>\n{% endif %}' +
      '<p>Z poważaniem<br>{{ account.fromName }}</p>',
    text: '',
  },

  sample: () => ({
    kind: 'faktura',
    number: 'FV/2026/01/0012',
    issueDate: '2026-02-02',
    saleDate: '2026-01-31',
    place: 'Kraków',
    seller: {
      name: 'Krakowskie Towarzystwo Budownictwa Społecznego „Lipowa” sp. z o.o.',
      street: 'ul. Długa 12/3',
      postalCode: '31-147',
      city: 'Kraków',
      nip: '678-312-04-55',
    },
    buyer: {
      name: 'Katarzyna Wiśniewska',
      street: 'ul. Lipowa 7/12',
      postalCode: '31-042',
      city: 'Kraków',
      nip: '9452138701',
    },
    lines: [
      {
        name: 'Czynsz najmu lokalu mieszkalnego nr 12 za 01/2026',
        measure: 'mies.',
        quantity: '1',
        unitPrice: '2150,00',
        net: '2150,00',
        vatRate: 'zw',
        vat: '0,00',
        gross: '2150,00',
      },
      {
        name: 'Zaliczka na centralne ogrzewanie za 01/2026',
        measure: 'm²',
        quantity: '54,30',
        unitPrice: '6,00',
        net: '325,80',
        vatRate: 'zw',
        vat: '0,00',
        gross: '325,80',
      },
      {
        name: 'Zaliczka na zimną wodę i odprowadzanie ścieków za 01/2026',
        measure: 'm³',
        quantity: '9',
        unitPrice: '10,88',
        net: '97,92',
        vatRate: 'zw',
        vat: '0,00',
        gross: '97,92',
      },
      {
        name: 'Gospodarowanie odpadami komunalnymi za 01/2026',
        measure: 'os.',
        quantity: '3',
        unitPrice: '29,00',
        net: '87,00',
        vatRate: 'zw',
        vat: '0,00',
        gross: '87,00',
      },
      {
        name: 'Energia elektryczna wg podlicznika za 01/2026',
        measure: 'kWh',
        quantity: '186',
        unitPrice: '0,8130',
        net: '151,22',
        vatRate: '23',
        vat: '34,78',
        gross: '186,00',
      },
      {
        name: 'Najem miejsca postojowego P-07 w garażu podziemnym za 01/2026',
        measure: 'mies.',
        quantity: '1',
        unitPrice: '150,00',
        net: '150,00',
        vatRate: '23',
        vat: '34,50',
        gross: '184,50',
      },
    ],
    exemptionBasis: 'art. 43 ust. 1 pkt 36 ustawy z dnia 11 marca 2004 r. o podatku od towarów i usług',
    totalGross: '3031,22',
    amountDue: '3031,22',
    paymentDeadline: '2026-02-16',
    paymentMethod: 'przelew',
    nrb: '24 1240 1444 0000 0000 0000 0012',
    ksefNumber: '6783120455-20260202-0100002F3A9C-C8',
    // Printed only on a faktura_korygujaca; filled so that previews and template checks meet every field.
    correctedNumber: 'FV/2025/12/0012',
    correctedIssueDate: '2026-01-05',
    correctionReason: 'błędny odczyt podlicznika energii elektrycznej',
    notes:
      'Odczyt podlicznika energii: 4512 kWh (31.12.2025) – 4698 kWh (31.01.2026). W tytule przelewu prosimy podać numer faktury.',
  }),
};

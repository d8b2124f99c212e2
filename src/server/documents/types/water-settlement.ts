import {
  formatAccountNumber,
  formatAmount,
  formatDate,
  formatDecimal,
  formatMoney,
  moneyInWords,
  pluralForm,
} from '../../../shared/format.js';
import { z } from '../../../shared/zod.js';
import { date, decimal, line, money, nrb, opt, paragraph } from '../fields.js';
import { type DocumentTypeDef, fileSlug, underpaymentIssues } from './document-type.js';

/** A wrong value gets the field's own message; a missing one is just "required", like every other field. */
const unlessMissing = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'To pole jest wymagane.' : message;

const Kind = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
  z.enum(['ZW', 'CW'], { error: unlessMissing('Rodzaj wodomierza: ZW (zimna woda) albo CW (ciepła woda).') }),
);

/** Words clerks and rent systems use for the two meters of a replacement. */
const REPLACEMENT_ALIASES: Record<string, 'stary' | 'nowy'> = {
  stary: 'stary',
  zdjęty: 'stary',
  zdjety: 'stary',
  wymieniony: 'stary',
  old: 'stary',
  nowy: 'nowy',
  zamontowany: 'nowy',
  new: 'nowy',
};
const Replacement = z.preprocess(
  (v) => (typeof v === 'string' ? (REPLACEMENT_ALIASES[v.trim().toLowerCase()] ?? v) : v),
  z.enum(['stary', 'nowy'], {
    error:
      'Wymiana wodomierza: wpisz „stary” (zdjęty przy wymianie) albo „nowy” (zamontowany); puste, gdy bez wymiany.',
  }),
);

const Meter = z.object({
  meterNumber: line(40).describe('Numer fabryczny wodomierza'),
  kind: Kind.describe('Rodzaj wodomierza: ZW — zimna woda, CW — ciepła woda'),
  location: opt(line(60)).describe('Miejsce montażu, np. łazienka, kuchnia'),
  startDate: date().describe('Data odczytu początkowego (przy wymianie — data montażu nowego wodomierza)'),
  startReading: decimal(3).describe('Stan początkowy (m³)'),
  endDate: date().describe('Data odczytu końcowego (przy wymianie — data demontażu starego wodomierza)'),
  endReading: decimal(3).describe('Stan końcowy (m³)'),
  consumption: decimal(3).describe('Zużycie (m³) = stan końcowy − stan początkowy'),
  replaced: opt(Replacement).describe(
    'Wymiana wodomierza w okresie: „stary” — zdjęty (odczyt końcowy z dnia demontażu), „nowy” — zamontowany ' +
      '(odczyt początkowy z dnia montażu); puste, gdy wodomierza nie wymieniano',
  ),
  note: opt(line(120)).describe('Uwagi do wodomierza, np. powód wymiany, numer protokołu'),
});
type MeterRow = z.output<typeof Meter>;

const DEFAULT_OVERPAYMENT =
  'Nadpłata zostanie zaliczona na poczet najbliższych opłat za lokal. Na pisemny wniosek złożony w biurze ' +
  'administracji zwrócimy ją na wskazany rachunek bankowy.';

const schema = z.object({
  number: opt(line(60)).describe('Numer rozliczenia'),
  issueDate: date().describe('Data sporządzenia rozliczenia'),
  place: opt(line(100)).describe('Miejscowość wystawienia'),
  periodFrom: date().describe('Okres rozliczenia od'),
  periodTo: date().describe('Okres rozliczenia do'),
  meters: z
    .array(Meter)
    .min(1, 'Podaj co najmniej jeden wodomierz.')
    .max(40)
    .describe('Wodomierze (wymieniony wodomierz to dwa wiersze: stary i nowy)'),
  waterPrice: decimal(4).describe('Cena wody za 1 m³ (zł brutto)'),
  sewagePrice: decimal(4).describe('Cena odprowadzenia ścieków za 1 m³ (zł brutto)'),
  heatingPrice: opt(decimal(4)).describe('Koszt podgrzania 1 m³ ciepłej wody (zł brutto)'),
  waterCost: money().describe('Koszt wody: całe zużycie (ZW + CW) × cena wody'),
  sewageCost: money().describe('Koszt ścieków: całe zużycie (ZW + CW) × cena ścieków'),
  heatingCost: opt(money()).describe('Koszt podgrzania: zużycie ciepłej wody (CW) × koszt podgrzania 1 m³'),
  totalCost: money().describe('Koszt razem'),
  advances: money().describe('Zaliczki na wodę, ścieki i podgrzanie wody naliczone w okresie'),
  advancesNote: opt(line(120)).describe('Opis zaliczek, np. 12 × 130,00 zł'),
  balance: money().describe('Wynik rozliczenia: koszt razem − zaliczki (dodatni — niedopłata, ujemny — nadpłata)'),
  paymentDeadline: opt(date()).describe('Termin zapłaty niedopłaty'),
  nrb: opt(nrb()).describe('Indywidualny numer rachunku lokalu (NRB)'),
  overpaymentHandling: line(500).default(DEFAULT_OVERPAYMENT).describe('Co stanie się z nadpłatą'),
  notes: opt(paragraph(2000)).describe('Dodatkowe informacje'),
});
type Data = z.output<typeof schema>;

/** Cubic metres as an exact count of litres (readings have at most 3 decimals). */
const litres = (m3: number) => Math.round(m3 * 1000);
const m3 = (l: number) => formatDecimal(l / 1000, 3, 3);
/** Cost in grosze of `l` litres at `price` zł/m³, rounded half up; integer arithmetic only. */
const costOf = (l: number, price: number) => Math.floor((l * Math.round(price * 10_000) + 50_000) / 100_000);
const price = (v: number) => formatDecimal(v, 2, 4);

function consumptionByKind(meters: MeterRow[]) {
  let zw = 0;
  let cw = 0;
  for (const m of meters) {
    if (m.kind === 'ZW') zw += litres(m.consumption);
    else cw += litres(m.consumption);
  }
  return { zw, cw, total: zw + cw };
}

function meterLabel(m: MeterRow): string {
  return `${m.kind} nr ${m.meterNumber}${m.location ? ` (${m.location})` : ''}`;
}

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

export const waterSettlement: DocumentTypeDef<typeof schema> = {
  type: 'water_settlement',
  label: 'Rozliczenie wody',
  // Members and owners who opted in may get it by e-mail; it is a statement of account, not a change of terms.
  legalStrength: 'notice',
  schema,
  rowsField: 'meters',
  period: (d) => d.periodTo.slice(0, 7),
  title: (d, p) =>
    `Rozliczenie wody za okres ${formatDate(d.periodFrom)}–${formatDate(d.periodTo)}` +
    `${p.unit ? ` — lokal ${p.unit.number}` : ''}`,
  filename: (d, p) =>
    `rozliczenie_wody_${d.periodFrom.slice(0, 7)}_${d.periodTo.slice(0, 7)}` +
    `${p.unit ? `_lokal_${fileSlug(p.unit.number)}` : ''}.pdf`,

  check(d, p) {
    const issues: { path: string; message: string }[] = [];
    if (d.periodFrom > d.periodTo) {
      issues.push({ path: 'periodTo', message: 'Koniec okresu rozliczenia jest wcześniejszy niż jego początek.' });
    }

    d.meters.forEach((m, i) => {
      const at = `meters.${i}`;
      const row = `Wiersz ${i + 1} (${meterLabel(m)})`;
      if (m.startDate > m.endDate) {
        issues.push({
          path: `${at}.endDate`,
          message: `${row}: data odczytu końcowego jest wcześniejsza niż początkowego.`,
        });
      }
      if (m.endDate < d.periodFrom || m.startDate > d.periodTo) {
        issues.push({ path: `${at}.startDate`, message: `${row}: odczyty są spoza okresu rozliczenia.` });
      }
      const used = litres(m.endReading) - litres(m.startReading);
      if (used < 0) {
        issues.push({
          path: `${at}.endReading`,
          message:
            `${row}: stan końcowy jest mniejszy niż początkowy. Jeśli wodomierz wymieniono, wpisz stary i nowy ` +
            'wodomierz w osobnych wierszach (stary do dnia demontażu, nowy od dnia montażu).',
        });
      } else if (used !== litres(m.consumption)) {
        issues.push({
          path: `${at}.consumption`,
          message:
            `${row}: zużycie powinno wynosić ${m3(litres(m.endReading))} − ${m3(litres(m.startReading))} = ` +
            `${m3(used)} m³, a wpisano ${m3(litres(m.consumption))} m³.`,
        });
      }
      // The two rows of a replacement: same kind and place; the new meter starts the day the old one came off.
      const partnerKind = m.replaced === 'stary' ? 'nowy' : m.replaced === 'nowy' ? 'stary' : null;
      if (partnerKind) {
        const partner = d.meters.some(
          (o) =>
            o.replaced === partnerKind &&
            o.kind === m.kind &&
            (o.location ?? '') === (m.location ?? '') &&
            (partnerKind === 'nowy' ? o.startDate === m.endDate : o.endDate === m.startDate),
        );
        if (!partner) {
          issues.push({
            path: `${at}.replaced`,
            message:
              m.replaced === 'stary'
                ? `${row}: wodomierz oznaczony jako zdjęty nie ma pary — dodaj wiersz nowego wodomierza ` +
                  `(${m.kind}, to samo miejsce) z odczytem początkowym z dnia ${formatDate(m.endDate)}.`
                : `${row}: nowy wodomierz nie ma pary — dodaj wiersz zdjętego wodomierza ` +
                  `(${m.kind}, to samo miejsce) z odczytem końcowym z dnia ${formatDate(m.startDate)}.`,
          });
        }
      }
    });

    const use = consumptionByKind(d.meters);
    const costCheck = (path: string, label: string, l: number, unitPrice: number, given: number) => {
      const expected = costOf(l, unitPrice);
      // A rent system that rounds per meter may differ by a grosz; more than that is a wrong number.
      if (Math.abs(expected - given) > 1) {
        issues.push({
          path,
          message:
            `${label} powinien wynosić ${m3(l)} m³ × ${price(unitPrice)} zł = ${formatMoney(expected)}, ` +
            `a wpisano ${formatMoney(given)}.`,
        });
      }
    };
    costCheck('waterCost', 'Koszt wody', use.total, d.waterPrice, d.waterCost);
    costCheck('sewageCost', 'Koszt ścieków', use.total, d.sewagePrice, d.sewageCost);
    if (use.cw > 0 && (d.heatingPrice === null || d.heatingCost === null)) {
      issues.push({
        path: d.heatingPrice === null ? 'heatingPrice' : 'heatingCost',
        message: 'Są wodomierze ciepłej wody (CW) — podaj koszt podgrzania 1 m³ i koszt podgrzania razem.',
      });
    } else if (d.heatingPrice !== null && d.heatingCost !== null) {
      costCheck('heatingCost', 'Koszt podgrzania wody', use.cw, d.heatingPrice, d.heatingCost);
    }
    const sum = d.waterCost + d.sewageCost + (d.heatingCost ?? 0);
    if (sum !== d.totalCost) {
      issues.push({
        path: 'totalCost',
        message: `Suma kosztów (${formatMoney(sum)}) nie zgadza się z kosztem razem (${formatMoney(d.totalCost)}).`,
      });
    }
    if (d.totalCost - d.advances !== d.balance) {
      issues.push({
        path: 'balance',
        message:
          `Wynik rozliczenia powinien wynosić koszt razem − zaliczki = ${formatMoney(d.totalCost - d.advances)} ` +
          `(dodatni — niedopłata, ujemny — nadpłata), a wpisano ${formatMoney(d.balance)}.`,
      });
    }
    issues.push(...underpaymentIssues(d, p));
    if (!p.unit) issues.push({ path: 'unit', message: 'Rozliczenie wody musi dotyczyć lokalu.' });
    return issues;
  },

  draw(s, d: Data, p) {
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
  },

  template: {
    subject:
      'Rozliczenie wody za okres {{ document.periodFrom | data }}–{{ document.periodTo | data }}' +
      '{% if unit %} — lokal {{ unit.number }}{% endif %}',
    html:
      '<p>Szanowni Państwo,</p>\n' +
      '<p>w załączeniu przesyłamy rozliczenie kosztów zużycia wody{% if unit %} w lokalu ' +
      '<strong>{{ unit.number }}</strong> ({{ unit.address }}){% endif %} za okres ' +
      '{{ document.periodFrom | data }}–{{ document.periodTo | data }}.</p>\n' +
      '<p>Koszt wody, ścieków i podgrzania wody wyniósł {{ document.totalCost | kwota }}, ' +
      'a naliczone zaliczki {{ document.advances | kwota }}.</p>\n' +
      '{% if document.balance > 0 %}<p>Wynikiem rozliczenia jest <strong>niedopłata ' +
      '{{ document.balance | kwota }}</strong> (słownie: {{ document.balance | slownie }}). Prosimy o wpłatę' +
      '{% if document.paymentDeadline %} do {{ document.paymentDeadline | data }}{% endif %} ' +
      'na indywidualny rachunek lokalu:<br>' +
      '<strong>{% if document.nrb %}{{ document.nrb | nrb }}{% elsif unit %}{{ unit.nrb | nrb }}{% endif %}' +
      '</strong></p>\n' +
      '{% elsif document.balance < 0 %}<p>Wynikiem rozliczenia jest <strong>nadpłata ' +
      '{{ document.balance | abs | kwota }}</strong>. {{ document.overpaymentHandling }}</p>\n' +
      '{% else %}<p>Koszt jest równy zaliczkom — nie ma niczego do zapłaty.</p>\n{% endif %}' +
      '<p>Wymieniony w okresie wodomierz występuje w rozliczeniu w dwóch wierszach (stary i nowy) — ' +
      'wyjaśnienie znajduje się pod tabelą w załączniku.</p>\n' +
      '<p>Z poważaniem<br>{{ account.fromName }}</p>',
    text: '',
  },

  sample: () => ({
    number: 'RW/2025/0012',
    issueDate: '2026-01-20',
    place: 'Kraków',
    periodFrom: '2025-01-01',
    periodTo: '2025-12-31',
    meters: [
      {
        meterNumber: 'ZW 1847201',
        kind: 'ZW',
        location: 'łazienka',
        startDate: '2025-01-01',
        startReading: '120,450',
        endDate: '2025-06-12',
        endReading: '126,318',
        consumption: '5,868',
        replaced: 'stary',
        note: 'koniec legalizacji',
      },
      {
        meterNumber: 'ZW 2503114',
        kind: 'ZW',
        location: 'łazienka',
        startDate: '2025-06-12',
        startReading: '0,000',
        endDate: '2025-12-31',
        endReading: '6,702',
        consumption: '6,702',
        replaced: 'nowy',
        note: 'protokół 45/2025',
      },
      {
        meterNumber: 'CW 1847202',
        kind: 'CW',
        location: 'łazienka',
        startDate: '2025-01-01',
        startReading: '61,305',
        endDate: '2025-12-31',
        endReading: '78,420',
        consumption: '17,115',
      },
      {
        meterNumber: 'ZW 1847203',
        kind: 'ZW',
        location: 'kuchnia',
        startDate: '2025-01-01',
        startReading: '88,210',
        endDate: '2025-12-31',
        endReading: '103,115',
        consumption: '14,905',
      },
      {
        meterNumber: 'CW 1847204',
        kind: 'CW',
        location: 'kuchnia',
        startDate: '2025-01-01',
        startReading: '40,122',
        endDate: '2025-12-31',
        endReading: '49,687',
        consumption: '9,565',
      },
    ],
    waterPrice: '6,12',
    sewagePrice: '7,84',
    heatingPrice: '32,50',
    waterCost: '331,43',
    sewageCost: '424,58',
    heatingCost: '867,10',
    totalCost: '1623,11',
    advances: '1560,00',
    advancesNote: '12 × 130,00 zł',
    balance: '63,11',
    paymentDeadline: '2026-02-16',
    nrb: '34 1020 1026 0000 0000 0000 0001',
    overpaymentHandling: DEFAULT_OVERPAYMENT,
    notes: 'Od 01.02.2026 zaliczka na wodę wynosi 136,00 zł miesięcznie (zawiadomienie w osobnym piśmie).',
  }),
};

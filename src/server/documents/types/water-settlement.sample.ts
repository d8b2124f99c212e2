import type { z } from '../../../shared/zod.js';
import type { TemplateText } from './document-type.js';
import { DEFAULT_OVERPAYMENT, type schema } from './water-settlement.schema.js';

/** The default Polish e-mail template of the water settlement. */
export const waterSettlementTemplate: TemplateText = {
  subject:
    'Rozliczenie wody za okres {{ document.periodFrom | data }}–{{ document.periodTo | data }}' +
    '{% if unit %} — lokal {{ unit.number }}{% endif %}',
  html:
    '<p>Szanowni Państwo,</p>\n' +
    '<p>w załączeniu przesyłamy rozliczenie kosztów zużycia wody{% if unit %} w lokalu ' +
    '<strong>{{ unit.label }}</strong>{% endif %} za okres ' +
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
    '<p>Z poważaniem<br>{% if property %}{{ property.name }}{% else %}{{ account.fromName }}{% endif %}</p>',
  text: '',
};

/** A complete example (every optional field filled) for previews, template checks, tests and the demo. */
export const waterSettlementSample = (): z.input<typeof schema> => ({
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
});

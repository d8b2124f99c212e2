import type { z } from '../../../shared/zod.js';
import type { TemplateText } from './document-type.js';
import type { schema } from './sales-document.schema.js';

/** The default Polish e-mail template of the sales document. */
export const salesDocumentTemplate: TemplateText = {
  subject:
    "{% case document.kind %}{% when 'faktura_korygujaca' %}Faktura korygująca{% when 'nota' %}Nota obciążeniowa" +
    '{% else %}Faktura{% endcase %} nr {{ document.number }} z dnia {{ document.issueDate | data }}' +
    '{% if unit %} — lokal {{ unit.number }}{% endif %}',
  html:
    '<p>Szanowni Państwo,</p>\n' +
    "<p>w załączeniu przesyłamy {% case document.kind %}{% when 'faktura_korygujaca' %}fakturę korygującą" +
    "{% when 'nota' %}notę obciążeniową{% else %}fakturę{% endcase %} nr <strong>{{ document.number }}</strong> " +
    'z dnia {{ document.issueDate | data }}{% if unit %} dotyczącą lokalu {{ unit.label }}{% endif %}.</p>\n' +
    '{% if document.amountDue > 0 %}<p>Kwota do zapłaty: <strong>{{ document.amountDue | kwota }}</strong> ' +
    '(słownie: {{ document.amountDue | slownie }}), termin płatności: <strong>{{ document.paymentDeadline | data }}</strong>.' +
    '{% if document.nrb %} Numer rachunku:<br><strong>{{ document.nrb | nrb }}</strong>' +
    '{% elsif unit %}{% if unit.nrb %} Numer rachunku:<br><strong>{{ unit.nrb | nrb }}</strong>{% endif %}{% endif %}</p>\n' +
    '{% elsif document.amountDue < 0 %}<p>Kwota do zwrotu na Państwa rzecz: ' +
    '<strong>{{ document.amountDue | abs | kwota }}</strong>.</p>\n{% endif %}' +
    '{% if document.ksefNumber %}<p>Faktura została wystawiona w Krajowym Systemie e-Faktur (KSeF) ' +
    'pod numerem {{ document.ksefNumber }}.</p>\n{% endif %}' +
    '<p>Z poważaniem<br>{% if property %}{{ property.name }}{% else %}{{ account.fromName }}{% endif %}</p>',
  text: '',
};

/** A complete example (every optional field filled) for previews, template checks, tests and the demo. */
export const salesDocumentSample = (): z.input<typeof schema> => ({
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
  ksefHash: 'l2UQldAujpmE5PiUEkcXXBmdw9QFVOX8lt-zXDLC9jU',
  // Printed only on a faktura_korygujaca; filled so that previews and template checks meet every field.
  correctedNumber: 'FV/2025/12/0012',
  correctedIssueDate: '2026-01-05',
  correctionReason: 'błędny odczyt podlicznika energii elektrycznej',
  notes:
    'Odczyt podlicznika energii: 4512 kWh (31.12.2025) – 4698 kWh (31.01.2026). W tytule przelewu prosimy podać numer faktury.',
});

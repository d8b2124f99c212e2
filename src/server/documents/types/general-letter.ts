import { formatDateLong } from '../../../shared/format.js';
import { z } from '../../../shared/zod.js';
import { date, line, opt, paragraph } from '../fields.js';
import type { Sheet } from '../pdf/sheet.js';
import { type DocumentTypeDef, fileSlug } from './document-type.js';

const Signatory = z.object({
  name: line(150).describe('Imię i nazwisko'),
  role: opt(line(150)).describe('Funkcja, np. Przewodniczący Zarządu Wspólnoty, zarządca nieruchomości'),
});

const schema = z.object({
  place: opt(line(100)).describe('Miejscowość (domyślnie siedziba wystawcy)'),
  date: date().describe('Data pisma'),
  reference: opt(line(60)).describe('Znak pisma, np. WM/LIP/12/2026'),
  subject: line(300).describe('Dotyczy — czego dotyczy pismo, jednym zdaniem'),
  salutation: line(100).default('Szanowni Państwo,').describe('Zwrot grzecznościowy na początku pisma'),
  body: paragraph(20000)
    .min(1, 'Treść pisma jest wymagana.')
    .describe('Treść pisma; akapity oddzielone pustym wierszem'),
  closing: line(100).default('Z poważaniem').describe('Zwrot grzecznościowy na końcu pisma'),
  signatories: z.array(Signatory).max(4).default([]).describe('Podpisujący (brak — podpis nazwą wystawcy)'),
  attachments: z.array(line(300)).max(30).default([]).describe('Załączniki'),
  copies: z.array(line(300)).max(30).default([]).describe('Otrzymują (rozdzielnik)'),
});
type Data = z.output<typeof schema>;

/** The body as paragraphs: split on blank lines, single line breaks kept (e.g. in an agenda). */
const paragraphs = (body: string) =>
  body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/[ \t]+$/gm, '').trim())
    .filter(Boolean);

/** The leading whole words of `text` up to `max` characters (a file name should not end mid-word). */
function firstWords(text: string, max: number): string {
  let out = '';
  for (const word of text.split(/\s+/)) {
    const next = out ? `${out} ${word}` : word;
    if (next.length > max) break;
    out = next;
  }
  return out || text;
}

/** A paragraph whose lines after the first are (mostly) numbered or bulleted items. */
const isList = (text: string) => {
  const lines = text.split('\n');
  const items = lines.filter((l) => /^\s*(\d+[.)]|[a-z][.)]|[-–•*])\s/.test(l)).length;
  return items >= 2 && items >= (lines.length - 1) / 2;
};

/** "Załączniki:" or "Otrzymują:" with a numbered list, kept together on one page when short. */
function list(s: Sheet, label: string, items: string[]): void {
  if (items.length === 0) return;
  s.ensureSpace(Math.min(24 + items.length * 12, 200));
  s.paragraph(label, { size: 8.5, bold: true });
  s.paragraph(items.map((item, i) => `${i + 1}. ${item}`).join('\n'), { size: 8.5 });
}

export const generalLetter: DocumentTypeDef<typeof schema> = {
  type: 'general_letter',
  label: 'Pismo ogólne',
  // Meeting notices and announcements: e-mail only to those who agreed to electronic correspondence.
  legalStrength: 'notice',
  schema,
  rowsField: null,
  period: (d) => d.date.slice(0, 7),
  title: (d) => d.subject,
  filename: (d) => `pismo_${d.date}_${fileSlug(firstWords(d.subject, 50))}.pdf`,

  check(d) {
    const issues: { path: string; message: string }[] = [];
    for (const field of ['subject', 'body'] as const) {
      if (/\{\{|\{%/.test(d[field])) {
        issues.push({
          path: field,
          message:
            'Pismo zawiera znaczniki szablonu ({{ … }} albo {% … %}) — pismo nie jest szablonem, wpisz gotowy tekst.',
        });
      }
    }
    return issues;
  },

  draw(s, d: Data, p) {
    s.letterhead(p.issuer, `${d.place ?? p.issuer.city}, ${formatDateLong(d.date)}`);
    if (d.reference) s.moveDown(10).paragraph(`Znak: ${d.reference}`, { size: 9 });
    s.addressBlock(p.recipient);
    s.moveDown(6);
    s.paragraph(`Dotyczy: ${d.subject}`, { bold: true, size: 10 });
    if (p.unit) s.paragraph(`Lokal ${p.unit.number}, ${p.unit.address}`, { size: 9 });
    s.moveDown(6);
    s.paragraph(d.salutation, { size: 10 });
    for (const text of paragraphs(d.body)) {
      // An agenda or another list keeps its lines as written; running text is justified.
      s.paragraph(text, { size: 10, align: isList(text) ? 'left' : 'justify' });
      s.moveDown(2);
    }

    const signatories = d.signatories.length > 0 ? d.signatories : [{ name: p.issuer.name, role: null }];
    s.ensureSpace(40 + signatories.length * 44);
    s.signature([d.closing]);
    for (const signatory of signatories) {
      s.moveDown(8).signature(signatory.role ? [signatory.name, signatory.role] : [signatory.name]);
    }
    s.moveDown(20);
    list(s, 'Załączniki:', d.attachments);
    list(s, 'Otrzymują:', d.copies);
  },

  template: {
    subject: '{{ document.subject }}',
    html:
      '<p>{{ document.salutation }}</p>\n' +
      '<p>w załączeniu przesyłamy pismo z dnia {{ document.date | data }}' +
      '{% if document.reference %} (znak: {{ document.reference }}){% endif %} ' +
      'w sprawie: <strong>{{ document.subject }}</strong>' +
      '{% if unit %}, dotyczące lokalu {{ unit.label }}{% endif %}.</p>\n' +
      '<p>Prosimy o zapoznanie się z jego treścią.' +
      '{% if document.attachments.size > 0 %} Do pisma dołączono: {{ document.attachments | join: "; " }}.{% endif %}</p>\n' +
      '<p>{{ document.closing }}<br>{% if property %}{{ property.name }}{% else %}{{ account.fromName }}{% endif %}</p>',
    text: '',
  },

  sample: () => ({
    place: 'Kraków',
    date: '2026-03-02',
    reference: 'WM/LIP/12/2026',
    subject: 'Zawiadomienie o corocznym zebraniu ogólnym właścicieli lokali',
    salutation: 'Szanowni Państwo,',
    body: [
      'Zarząd Wspólnoty Mieszkaniowej „Pod Lipami” przy ul. Lipowej 7 w Krakowie, działając na podstawie ' +
        'art. 31 i art. 32 ust. 2 ustawy z dnia 24 czerwca 1994 r. o własności lokali, zawiadamia, że coroczne ' +
        'zebranie ogólne właścicieli lokali odbędzie się 24 marca 2026 r. (wtorek) o godz. 18:00 w świetlicy ' +
        'Szkoły Podstawowej nr 21 przy ul. Lipowej 15 (wejście od strony boiska).',
      'Porządek obrad:\n' +
        '1. Otwarcie zebrania, wybór przewodniczącego i protokolanta.\n' +
        '2. Przyjęcie porządku obrad.\n' +
        '3. Sprawozdanie zarządu z działalności za 2025 rok.\n' +
        '4. Podjęcie uchwały w sprawie zatwierdzenia sprawozdania finansowego za 2025 rok.\n' +
        '5. Podjęcie uchwały w sprawie udzielenia zarządowi absolutorium za 2025 rok.\n' +
        '6. Podjęcie uchwały w sprawie planu gospodarczego na 2026 rok i wysokości zaliczek na koszty zarządu ' +
        'nieruchomością wspólną.\n' +
        '7. Podjęcie uchwały w sprawie wymiany instalacji domofonowej i sfinansowania jej z funduszu remontowego.\n' +
        '8. Wolne wnioski.\n' +
        '9. Zamknięcie zebrania.',
      'Projekty uchwał oraz sprawozdanie finansowe są dostępne do wglądu w biurze administracji przy ul. Długiej ' +
        '12/3 (od poniedziałku do piątku w godz. 9:00–15:00). Właściciela lokalu może reprezentować pełnomocnik ' +
        'na podstawie pisemnego pełnomocnictwa, które prosimy przekazać przewodniczącemu zebrania.',
      'Jeżeli na zebraniu uchwały nie uzyskają wymaganej większości głosów, głosowanie będzie kontynuowane ' +
        'w drodze indywidualnego zbierania głosów przez zarząd (art. 23 ust. 1 ustawy o własności lokali). ' +
        'Serdecznie zapraszamy i prosimy o liczne przybycie.',
    ].join('\n\n'),
    closing: 'Z poważaniem',
    signatories: [
      { name: 'Jan Nowak', role: 'Przewodniczący Zarządu Wspólnoty' },
      { name: 'Maria Zielińska', role: 'Członek Zarządu Wspólnoty' },
    ],
    attachments: [
      'Projekt uchwały nr 1/2026 w sprawie zatwierdzenia sprawozdania finansowego za 2025 rok',
      'Projekt planu gospodarczego na 2026 rok',
      'Wzór pełnomocnictwa',
    ],
    copies: ['Właściciele lokali w budynku przy ul. Lipowej 7', 'a/a'],
  }),
};

import {
  type ImportRowError,
  RECIPIENT_IMPORT_FIELD_LABELS,
  type RecipientImportField,
  type RecipientImportMapping,
} from '../../../shared/imports.js';
import type { DeliveryChannel, RecipientUnitRole, UnitKind } from '../../db/schema.js';
import { excerpt } from '../../lib/excerpt.js';
import { foldForSearch } from '../../lib/text.js';

/**
 * The recipients import, part 1: which column is which field and what the words in the cells mean.
 */
export type Field = RecipientImportField;

export const label = (field: Field) => RECIPIENT_IMPORT_FIELD_LABELS[field];

/** Folded to letters and digits only: "Nr. lokalu" → "nrlokalu", "E-mail" → "email". */
export function wordKey(value: string): string {
  return foldForSearch(value).replace(/[^a-z0-9]/g, '');
}

const keyed = <T extends string>(entries: Record<T, string[]>) => {
  const map = new Map<string, T>();
  for (const [value, words] of Object.entries(entries) as [T, string[]][]) {
    for (const word of words) map.set(wordKey(word), value);
  }
  return map;
};

// -------------------------------------------------------------------------------------------------- the mapping

/** Header names a Polish rent system or a hand-made sheet uses for each field (compared folded, see wordKey). */
const HEADER_WORDS = keyed<Field>({
  name: [
    'Nazwisko i imię',
    'Imię i nazwisko',
    'Nazwisko, imię',
    'Nazwisko',
    'Nazwa',
    'Nazwa adresata',
    'Nazwa kontrahenta',
    'Kontrahent',
    'Adresat',
    'Właściciel',
    'name',
  ],
  street: ['Ulica', 'Ulica i numer', 'Ulica, nr domu', 'Adres', 'Adres korespondencyjny', 'Adres do korespondencji'],
  postalCode: ['Kod', 'Kod pocztowy', 'Kod poczt.', 'postalCode'],
  city: ['Miejscowość', 'Miasto', 'Poczta', 'city'],
  country: ['Kraj', 'country'],
  emails: ['E-mail', 'Adres e-mail', 'Adresy e-mail', 'Mail', 'Poczta elektroniczna', 'emails'],
  channel: ['Kanał', 'Kanał doręczenia', 'Doręczenie', 'Sposób doręczenia', 'Forma doręczenia', 'channel'],
  consentDate: [
    'Data zgody',
    'Zgoda — data',
    'Zgoda z dnia',
    'Zgoda na e-mail',
    'Zgoda na korespondencję elektroniczną',
    'Data zgody na korespondencję elektroniczną',
    'consentDate',
  ],
  consentSource: ['Źródło zgody', 'Podstawa zgody', 'Dokument zgody', 'consentSource'],
  recipientExternalKey: [
    'Klucz adresata',
    'Id adresata',
    'Identyfikator adresata',
    'Kod adresata',
    'Id kontrahenta',
    'Kod kontrahenta',
    'Nr kontrahenta',
    'Numer kontrahenta',
    'Identyfikator kontrahenta',
    'recipientExternalKey',
  ],
  recipientPdfCode: ['Kod do PDF', 'Kod do PDF-u', 'Kod PDF', 'Hasło do PDF', 'Hasło PDF', 'recipientPdfCode'],
  property: ['Nieruchomość', 'Nazwa nieruchomości', 'Wspólnota', 'Nazwa wspólnoty', 'property'],
  unitNumber: ['Nr lokalu', 'Numer lokalu', 'Lokal', 'Nr lok.', 'unitNumber'],
  unitKind: ['Rodzaj lokalu', 'Typ lokalu', 'Rodzaj', 'unitKind'],
  unitAddress: ['Adres lokalu', 'unitAddress'],
  unitNrb: [
    'NRB',
    'Nr rachunku',
    'Numer rachunku',
    'Rachunek',
    'Rachunek bankowy',
    'Indywidualny rachunek',
    'Indywidualny numer rachunku',
    'Konto',
    'Nr konta',
    'IBAN',
    'unitNrb',
  ],
  unitExternalKey: ['Klucz lokalu', 'Id lokalu', 'Identyfikator lokalu', 'Kod lokalu', 'unitExternalKey'],
  role: ['Rola', 'Rola w lokalu', 'Tytuł prawny', 'Tytuł', 'Status', 'role'],
});

/** "E-mail 2", "Adres e-mail (2)": further e-mail columns. */
const MORE_EMAILS = /^(adres)?e?mail\d+$/;

/** The mapping guessed from the header names: each field to at most one column (e-mails to several). */
export function suggestMapping(headers: string[]): RecipientImportMapping {
  const taken = new Set<Field>();
  return Object.fromEntries(
    headers.map((header) => {
      const key = wordKey(header);
      const field = HEADER_WORDS.get(key) ?? (MORE_EMAILS.test(key) ? 'emails' : undefined);
      if (!field || (field !== 'emails' && taken.has(field))) return [header, null];
      taken.add(field);
      return [header, field];
    }),
  );
}

export type Columns = Partial<Record<Field, string[]>>;

const REQUIRED: Field[] = ['name', 'street', 'postalCode', 'city'];

/** Checks the mapping against the file's header; problems are reported at line 1 (the header). */
/** Column names for a message: each shortened, at most 20 of them. */
function listed(names: string[]): string {
  const shown = names.slice(0, 20).map((n) => `„${excerpt(n)}”`);
  return [...shown, ...(names.length > 20 ? ['…'] : [])].join(', ');
}

export function resolveMapping(
  mapping: RecipientImportMapping,
  headers: string[],
): { columns: Columns; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const columns: Columns = {};
  const headerSet = new Set(headers);
  for (const [column, field] of Object.entries(mapping)) {
    if (!headerSet.has(column)) {
      errors.push({
        line: 1,
        column,
        field,
        message: `Kolumny „${excerpt(column)}” nie ma w pliku. Kolumny w pliku: ${listed(headers)}.`,
      });
      continue;
    }
    if (!field) continue;
    const list = columns[field] ?? [];
    list.push(column);
    columns[field] = list;
  }
  for (const [field, list] of Object.entries(columns) as [Field, string[]][]) {
    if (field !== 'emails' && list.length > 1) {
      errors.push({
        line: 1,
        column: list[1] ?? null,
        field,
        message: `Pole „${label(field)}” przypisano do kilku kolumn (${listed(list)}) — wybierz jedną.`,
      });
    }
  }
  const missing = (field: Field) => !columns[field];
  for (const field of REQUIRED) {
    if (missing(field)) {
      errors.push({
        line: 1,
        column: null,
        field,
        message: `Brak kolumny z polem „${label(field)}” — dodaj ją do pliku albo wskaż w przypisaniu kolumn.`,
      });
    }
  }
  if (missing('unitExternalKey') && (missing('property') || missing('unitNumber'))) {
    errors.push({
      line: 1,
      column: null,
      field: missing('property') ? 'property' : 'unitNumber',
      message:
        'Brak kolumn wskazujących lokal — potrzebne są „nieruchomość” i „nr lokalu” (albo „klucz lokalu” ' +
        'istniejących lokali).',
    });
  }
  return { columns, errors };
}

// ---------------------------------------------------------------------------------------------- cell meanings

const KIND_WORDS = keyed<UnitKind>({
  flat: ['mieszkanie', 'mieszkalny', 'lokal mieszkalny', 'M', 'flat', 'apartment'],
  commercial: ['lokal użytkowy', 'użytkowy', 'LU', 'lokal usługowy', 'usługowy', 'lokal handlowy', 'commercial'],
  garage: ['garaż', 'garażowy', 'miejsce garażowe', 'miejsce postojowe', 'G', 'garage'],
  other: ['inne', 'inny', 'komórka', 'komórka lokatorska', 'other'],
});

const CHANNEL_WORDS = keyed<DeliveryChannel>({
  email: ['e-mail', 'mail', 'elektronicznie', 'elektroniczny', 'elektroniczna', 'poczta elektroniczna'],
  paper: ['papier', 'papierowo', 'papierowy', 'papierowa', 'poczta', 'poczta tradycyjna', 'list', 'listownie', 'paper'],
});

const ROLE_WORDS = keyed<RecipientUnitRole>({
  owner: ['właściciel', 'właścicielka', 'owner'],
  co_owner: ['współwłaściciel', 'współwłaścicielka', 'co-owner', 'co_owner'],
  tenant: ['najemca', 'najemczyni', 'lokator', 'tenant'],
  member: ['członek', 'członkini', 'członek spółdzielni', 'member'],
});

export const parseUnitKind = (v: string) => KIND_WORDS.get(wordKey(v));
export const parseChannel = (v: string) => CHANNEL_WORDS.get(wordKey(v));
export const parseRole = (v: string) => ROLE_WORDS.get(wordKey(v));

/** "PL", "pl", "Polska" → "PL"; other countries by their two-letter code. */
export function parseCountry(v: string): string {
  return ['polska', 'poland'].includes(wordKey(v)) ? 'PL' : v.trim().toUpperCase();
}

/** YYYY-MM-DD (a spreadsheet date, maybe with a time) or DD.MM.YYYY (also with - or /) → YYYY-MM-DD (not checked). */
export function parseDate(v: string): string | null {
  const iso = v.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+Z?)?$/);
  const pl = v.match(/^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\s*r\.?)?$/);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : pl ? [pl[3], pl[2], pl[1]] : [];
  if (!y || !m || !d) return null;
  // A day that does not exist keeps its YYYY-MM-DD form, so the date field's check names it ("30 lutego 2026").
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** Several addresses in one cell, separated by `;`, `,` or spaces. */
export function splitEmails(v: string): string[] {
  return v.split(/[;,\s]+/).filter(Boolean);
}

import {
  type ImportAction,
  type ImportRowError,
  RECIPIENT_IMPORT_FIELD_LABELS,
  RECIPIENT_IMPORT_FIELDS,
  type RecipientImportCounts,
  type RecipientImportField,
  type RecipientImportMapping,
  type RecipientImportPreviewRow,
} from '../../../shared/imports.js';
import { UnitInput } from '../../../shared/properties.js';
import { RecipientInput } from '../../../shared/recipients.js';
import { EmailAddress, PostalCode, type z } from '../../../shared/zod.js';
import type { DeliveryChannel, RecipientUnitRole, Row, UnitKind } from '../../db/schema.js';
import type { TableRow } from '../../lib/tabular.js';
import { foldForSearch } from '../../lib/text.js';

/**
 * The pure rules of the recipients import: which column is which field, what the words in the cells mean, how
 * rows group into recipients, units and links, and what would be created or changed given what the database
 * already holds. The service reads the file, looks the rows up and stores the plan.
 */
type Field = RecipientImportField;

const label = (field: Field) => RECIPIENT_IMPORT_FIELD_LABELS[field];

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
        message: `Kolumny „${column}” nie ma w pliku. Kolumny w pliku: ${headers.map((h) => `„${h}”`).join(', ')}.`,
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
        message: `Pole „${label(field)}” przypisano do kilku kolumn (${list.map((c) => `„${c}”`).join(', ')}) — wybierz jedną.`,
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

/** YYYY-MM-DD (a spreadsheet date, maybe with a time) or DD.MM.YYYY (also with - or /) → YYYY-MM-DD. */
export function parseDate(v: string): string | null {
  const iso = v.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+Z?)?$/);
  const pl = v.match(/^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\s*r\.?)?$/);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : pl ? [pl[3], pl[2], pl[1]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d))
    return null;
  return date.toISOString().slice(0, 10);
}

/** Several addresses in one cell, separated by `;`, `,` or spaces. */
export function splitEmails(v: string): string[] {
  return v.split(/[;,\s]+/).filter(Boolean);
}

// ----------------------------------------------------------------------------------------------- parsing rows

export interface RecipientValues {
  name?: string;
  street?: string;
  postalCode?: string;
  city?: string;
  country?: string;
  emails?: string[];
  channel?: DeliveryChannel;
  consent?: { date: string; source: string };
  externalKey?: string;
}

export interface UnitValues {
  propertyId?: string;
  number?: string;
  kind?: UnitKind;
  address?: string;
  bankAccount?: string;
  externalKey?: string;
}

/** One row: the values it gives (an empty cell gives nothing — an existing value stays), and its problems. */
export interface ParsedRow {
  line: number;
  recipient: RecipientValues;
  unit: UnitValues;
  role?: RecipientUnitRole;
  errors: ImportRowError[];
  /** The mapped cells, to tell a repeated row from a conflicting one. */
  signature: string;
}

export interface PropertyRef {
  id: string;
  name: string;
}

/** "Numer rachunku musi mieć 26 cyfr." → "Numer rachunku musi mieć 26 cyfr (wpisano: „12 3456”)." */
const withValue = (message: string, value: string) => `${message.replace(/\.$/, '')} (wpisano: „${value}”).`;

/** The field's message from a shared schema, so the import says what the forms say. */
function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; value: z.output<S> } | { ok: false; message: string } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: result.error.issues[0]?.message ?? 'Nieprawidłowa wartość.' };
}

/** Properties by id, by exact name, and by folded name when that is unambiguous. */
export function propertyIndex(properties: PropertyRef[]) {
  const byName = new Map<string, PropertyRef>();
  const byFolded = new Map<string, PropertyRef | null>();
  const byId = new Map<string, PropertyRef>();
  for (const p of properties) {
    byId.set(p.id, p);
    byName.set(p.name, p);
    const folded = foldForSearch(p.name);
    byFolded.set(folded, byFolded.has(folded) ? null : p);
  }
  return (value: string) => byId.get(value) ?? byName.get(value) ?? byFolded.get(foldForSearch(value)) ?? undefined;
}

export function parseRow(row: TableRow, columns: Columns, findProperty: (v: string) => PropertyRef | undefined) {
  const errors: ImportRowError[] = [];
  const cell = (field: Field): { value: string; column: string } | undefined => {
    const column = columns[field]?.[0];
    if (!column) return undefined;
    const value = row.cells[column] ?? '';
    return value === '' ? undefined : { value, column };
  };
  const error = (field: Field, message: string, column: string | null = columns[field]?.[0] ?? null) =>
    errors.push({ line: row.line, column, field, message });
  /** A given value checked with a shared schema; an error is recorded and nothing is given. */
  const given = <S extends z.ZodType>(field: Field, schema: S, prepare: (v: string) => unknown = (v) => v) => {
    const c = cell(field);
    if (!c) return undefined;
    const result = check(schema, prepare(c.value));
    if (result.ok) return result.value as z.output<S>;
    error(field, withValue(result.message, c.value));
    return undefined;
  };
  const word = <T>(field: Field, parse: (v: string) => T | undefined, hint: string) => {
    const c = cell(field);
    if (!c) return undefined;
    const value = parse(c.value);
    if (value === undefined) error(field, `Nieznana wartość „${c.value}” w polu „${label(field)}” — ${hint}.`);
    return value;
  };

  const recipient: RecipientValues = {};
  const unit: UnitValues = {};
  const r = RecipientInput.shape;
  const u = UnitInput.shape;

  recipient.name = given('name', r.name);
  recipient.street = given('street', r.street);
  recipient.city = given('city', r.city);
  recipient.country = given('country', r.country, parseCountry);
  const country = recipient.country ?? 'PL';
  recipient.postalCode = given('postalCode', country === 'PL' ? PostalCode : r.postalCode);
  recipient.externalKey = given('recipientExternalKey', r.externalKey) || undefined;
  recipient.channel = word('channel', parseChannel, 'wpisz „e-mail” albo „papier”');

  const emailCells = (columns.emails ?? []).flatMap((column) =>
    splitEmails(row.cells[column] ?? '').map((value) => ({ column, value })),
  );
  if (emailCells.length > 0) {
    const before = errors.length;
    const emails: string[] = [];
    for (const { column, value } of emailCells) {
      const result = check(EmailAddress, value);
      if (!result.ok) error('emails', withValue(result.message, value), column);
      else if (!emails.includes(result.value)) emails.push(result.value);
    }
    const list = check(r.emails, emails);
    if (!list.ok) error('emails', list.message);
    if (errors.length === before) recipient.emails = emails;
  }

  const consentDateCell = cell('consentDate');
  const consentFields = r.consent.unwrap().unwrap().shape;
  const consentDate = given('consentDate', consentFields.date, (v) => parseDate(v) ?? v);
  const consentSource = given('consentSource', consentFields.source);
  if (consentDate && consentSource) recipient.consent = { date: consentDate, source: consentSource };
  else if (consentDateCell && !cell('consentSource')) {
    error(
      'consentSource',
      'Podano datę zgody bez jej źródła — wpisz, na jakiej podstawie jest zgoda (np. „oświadczenie z 12.01.2026”).',
    );
  } else if (cell('consentSource') && !consentDateCell) {
    error('consentDate', 'Podano źródło zgody bez jej daty.');
  }

  const propertyCell = cell('property');
  if (propertyCell) {
    const property = findProperty(propertyCell.value);
    if (property) unit.propertyId = property.id;
    else {
      error(
        'property',
        `Nieznana nieruchomość „${propertyCell.value}” — dodaj ją w Nieruchomościach albo popraw nazwę w pliku.`,
      );
    }
  }
  unit.number = given('unitNumber', u.number);
  unit.kind = word('unitKind', parseUnitKind, 'wpisz „mieszkanie”, „lokal użytkowy”, „garaż” albo „inne”');
  unit.address = given('unitAddress', u.address) || undefined;
  unit.bankAccount = given('unitNrb', u.bankAccount) ?? undefined;
  unit.externalKey = given('unitExternalKey', u.externalKey) || undefined;
  const role = word('role', parseRole, 'wpisz „właściciel”, „współwłaściciel”, „najemca” albo „członek”');

  for (const field of ['name', 'street', 'city'] as const) {
    if (!cell(field)) error(field, `Brak wartości w polu „${label(field)}”.`);
  }
  const hasUnitKey = cell('unitExternalKey') !== undefined;
  if (!hasUnitKey && (!propertyCell || !cell('unitNumber'))) {
    for (const field of ['property', 'unitNumber'] as const) {
      if (!cell(field)) error(field, `Brak wartości w polu „${label(field)}” — bez niej nie wiadomo, który to lokal.`);
    }
  }

  const mapped = Object.values(columns).flat();
  const signature = JSON.stringify(mapped.map((c) => foldForSearch(row.cells[c] ?? '')));
  return {
    line: row.line,
    recipient: prune(recipient),
    unit: prune(unit),
    role,
    errors,
    signature,
  } satisfies ParsedRow;
}

function prune<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as T;
}

// -------------------------------------------------------------------------------------------------- grouping

/** The same person at the same address, whatever the case, diacritics or spacing. */
export function addressKey(v: { name?: string; street?: string; postalCode?: string; city?: string }): string {
  return [v.name, v.street, (v.postalCode ?? '').replace(/\D/g, ''), v.city]
    .map((p) => foldForSearch(p ?? ''))
    .join('|');
}

export interface Group<V> {
  key: string;
  rows: ParsedRow[];
  /** Every value the rows give, each from the first row that gives it. */
  values: V;
}

const RECIPIENT_FIELD_OF: Record<keyof RecipientValues, Field> = {
  name: 'name',
  street: 'street',
  postalCode: 'postalCode',
  city: 'city',
  country: 'country',
  emails: 'emails',
  channel: 'channel',
  consent: 'consentDate',
  externalKey: 'recipientExternalKey',
};
const UNIT_FIELD_OF: Record<keyof UnitValues, Field> = {
  propertyId: 'property',
  number: 'unitNumber',
  kind: 'unitKind',
  address: 'unitAddress',
  bankAccount: 'unitNrb',
  externalKey: 'unitExternalKey',
};

const same = (a: unknown, b: unknown) =>
  JSON.stringify(Array.isArray(a) ? [...a].sort() : a) === JSON.stringify(Array.isArray(b) ? [...b].sort() : b);

const shown = (v: unknown) =>
  Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v ? Object.values(v).join(', ') : String(v);

/**
 * Rows grouped by identity: by key when the row has one, else by `fallback`; a row without a key joins the one
 * keyed group with the same fallback identity. Rows of a group that give different values are reported.
 */
function groupRows<V extends object>(
  rows: ParsedRow[],
  pick: (row: ParsedRow) => V,
  key: (values: V) => string | undefined,
  fallback: (values: V) => string | undefined,
  fieldOf: Record<keyof V, Field>,
  conflict: (group: Group<V>, firstLine: number, field: Field, a: unknown, b: unknown) => string,
  columns: Columns,
) {
  const groups = new Map<string, Group<V> & { lineOf: Map<keyof V, number> }>();
  const keyedByFallback = new Map<string, Set<string>>();
  const groupOf = new Map<number, string>();
  const errors: ImportRowError[] = [];

  const add = (groupKey: string, row: ParsedRow) => {
    let group = groups.get(groupKey);
    if (!group) {
      group = { key: groupKey, rows: [], values: {} as V, lineOf: new Map() };
      groups.set(groupKey, group);
    }
    group.rows.push(row);
    groupOf.set(row.line, groupKey);
    const values = pick(row);
    for (const [name, value] of Object.entries(values) as [keyof V, unknown][]) {
      const current = group.values[name];
      if (current === undefined) {
        group.values[name] = value as V[keyof V];
        group.lineOf.set(name, row.line);
      } else if (!same(current, value)) {
        const field = fieldOf[name];
        errors.push({
          line: row.line,
          column: columns[field]?.[0] ?? null,
          field,
          message: conflict(group, group.lineOf.get(name) ?? 0, field, current, value),
        });
      }
    }
  };

  const unkeyed: ParsedRow[] = [];
  for (const row of rows) {
    const values = pick(row);
    const k = key(values);
    if (k === undefined) {
      unkeyed.push(row);
      continue;
    }
    add(`k:${k}`, row);
    const f = fallback(values);
    if (f !== undefined) keyedByFallback.set(f, (keyedByFallback.get(f) ?? new Set()).add(`k:${k}`));
  }
  for (const row of unkeyed) {
    const f = fallback(pick(row));
    if (f === undefined) continue;
    const keyedGroups = keyedByFallback.get(f);
    add(keyedGroups?.size === 1 ? [...keyedGroups][0]! : `f:${f}`, row);
  }
  return { groups: [...groups.values()], groupOf, errors };
}

export function groupRecipients(rows: ParsedRow[], columns: Columns) {
  return groupRows<RecipientValues>(
    rows,
    (row) => row.recipient,
    (v) => v.externalKey,
    (v) => (v.name && v.street && v.city ? addressKey(v) : undefined),
    RECIPIENT_FIELD_OF,
    (group, first, field, a, b) =>
      `Adresat „${group.values.name ?? ''}” ma w wierszu ${first} inną wartość w polu „${label(field)}” ` +
      `(„${shown(a)}”) niż w tym wierszu („${shown(b)}”) — ujednolić dane adresata.`,
    columns,
  );
}

export function groupUnits(rows: ParsedRow[], columns: Columns) {
  return groupRows<UnitValues>(
    rows,
    (row) => row.unit,
    (v) => v.externalKey,
    (v) => (v.propertyId && v.number ? `${v.propertyId}|${v.number}` : undefined),
    UNIT_FIELD_OF,
    (group, first, field, a, b) =>
      `Lokal ${group.values.number ?? group.values.externalKey ?? ''} ma w wierszu ${first} inną wartość w polu ` +
      `„${label(field)}” („${shown(a)}”) niż w tym wierszu („${shown(b)}”).`,
    columns,
  );
}

// ------------------------------------------------------------------------------------------------- planning

/** What the database holds for the rows of one import (looked up by the service). */
export interface Existing {
  properties: Map<string, PropertyRef>;
  recipientsByKey: Map<string, Row<'recipients'>>;
  /** Recipients whose folded name occurs in the file, by addressKey. */
  recipientsByAddress: Map<string, Row<'recipients'>[]>;
  emails: Map<string, string[]>;
  links: Map<string, Map<string, RecipientUnitRole>>;
  unitsByKey: Map<string, Row<'units'>>;
  /** By `${propertyId}|${number}`. */
  unitsByNumber: Map<string, Row<'units'>>;
}

export interface PlannedRecipient {
  id: string;
  action: ImportAction;
  values: {
    name: string;
    street: string;
    postalCode: string;
    city: string;
    country: string;
    channel: DeliveryChannel;
    consent: { date: string; source: string } | null;
    externalKey: string | null;
    emails: string[];
  };
  emailsChanged: boolean;
  links: { unitId: string; role: RecipientUnitRole }[];
  linksChanged: boolean;
}

export interface PlannedUnit {
  id: string;
  action: ImportAction;
  values: {
    propertyId: string;
    number: string;
    kind: UnitKind;
    address: string;
    bankAccount: string | null;
    externalKey: string | null;
  };
}

export interface Plan {
  recipients: PlannedRecipient[];
  units: PlannedUnit[];
  errors: ImportRowError[];
  counts: RecipientImportCounts;
  /** Row → what it stands for, for the preview. */
  view(line: number): RecipientImportPreviewRow;
}

const noCounts = () => ({ create: 0, update: 0, unchanged: 0 });

export function emptyCounts(rows: number): RecipientImportCounts {
  return { rows, recipients: noCounts(), units: noCounts(), links: noCounts() };
}

export function sortErrors(errors: ImportRowError[]): ImportRowError[] {
  const order = (f: Field | null) => (f ? RECIPIENT_IMPORT_FIELDS.indexOf(f) : RECIPIENT_IMPORT_FIELDS.length);
  return [...errors].sort((a, b) => a.line - b.line || order(a.field) - order(b.field));
}

/**
 * Works out, for rows that passed their own checks, what each recipient, unit and link becomes. `newId` names
 * what will be created. Reports what only shows with the data: a key already used elsewhere, several matching
 * recipients, a repeated link, and the whole-record rules of the recipient and unit forms.
 */
export function planImport(rows: ParsedRow[], columns: Columns, existing: Existing, newId: () => string): Plan {
  const errors: ImportRowError[] = rows.flatMap((r) => r.errors);
  const failed = new Set(errors.map((e) => e.line));
  const rowError = (row: ParsedRow, field: Field | null, message: string) => {
    errors.push({ line: row.line, column: field ? (columns[field]?.[0] ?? null) : null, field, message });
    failed.add(row.line);
  };
  const fieldOfPath = (path: PropertyKey | undefined, fields: Record<string, Field>): Field | null =>
    typeof path === 'string' ? (fields[path] ?? null) : null;

  const recipientGroups = groupRecipients(rows, columns);
  const unitGroups = groupUnits(rows, columns);
  errors.push(...recipientGroups.errors, ...unitGroups.errors);
  for (const e of [...recipientGroups.errors, ...unitGroups.errors]) failed.add(e.line);

  // Units: by key, else by property and number; a key found on another unit is a conflict.
  const units = new Map<string, PlannedUnit>();
  const unitFinalNumbers = new Map<string, number>();
  const allFailed = (group: { rows: ParsedRow[] }) => group.rows.every((r) => failed.has(r.line));
  for (const group of unitGroups.groups) {
    if (allFailed(group)) continue;
    const first = group.rows[0]!;
    const v = group.values;
    const byNumber = v.propertyId && v.number ? existing.unitsByNumber.get(`${v.propertyId}|${v.number}`) : undefined;
    let current: Row<'units'> | undefined;
    if (v.externalKey) {
      current = existing.unitsByKey.get(v.externalKey);
      if (current && v.propertyId && current.property_id !== v.propertyId) {
        const other = existing.properties.get(current.property_id)?.name ?? current.property_id;
        rowError(first, 'property', `Lokal o kluczu „${v.externalKey}” należy do nieruchomości „${other}”.`);
        continue;
      }
      if (current && byNumber && byNumber.id !== current.id) {
        rowError(
          first,
          'unitNumber',
          `Lokal o kluczu „${v.externalKey}” ma nr ${current.number}, a nr ${v.number} ma w tej nieruchomości ` +
            'inny lokal.',
        );
        continue;
      }
      if (!current && byNumber?.external_key) {
        rowError(
          first,
          'unitExternalKey',
          `Lokal nr ${v.number} ma już klucz „${byNumber.external_key}”, a w pliku „${v.externalKey}”.`,
        );
        continue;
      }
      current ??= byNumber;
    } else {
      current = byNumber;
    }
    if (!current && (!v.propertyId || !v.number)) {
      rowError(
        first,
        'unitExternalKey',
        `Lokalu o kluczu „${v.externalKey ?? ''}” nie ma w bazie — aby go dodać, podaj nieruchomość i nr lokalu.`,
      );
      continue;
    }
    const values: PlannedUnit['values'] = {
      propertyId: current?.property_id ?? v.propertyId!,
      number: v.number ?? current!.number,
      kind: v.kind ?? current?.kind ?? 'flat',
      address: v.address ?? current?.address ?? '',
      bankAccount: v.bankAccount ?? current?.bank_account ?? null,
      externalKey: v.externalKey ?? current?.external_key ?? null,
    };
    const numberKey = `${values.propertyId}|${values.number}`;
    const taken = unitFinalNumbers.get(numberKey);
    if (taken !== undefined) {
      rowError(first, 'unitNumber', `Lokal nr ${values.number} tej nieruchomości jest już w wierszu ${taken}.`);
      continue;
    }
    unitFinalNumbers.set(numberKey, first.line);
    const validated = UnitInput.safeParse(values);
    if (!validated.success) {
      for (const issue of validated.error.issues)
        rowError(first, fieldOfPath(issue.path[0], UNIT_FIELD_OF), issue.message);
      continue;
    }
    const changed =
      current &&
      (values.number !== current.number ||
        values.kind !== current.kind ||
        values.address !== current.address ||
        values.bankAccount !== current.bank_account ||
        values.externalKey !== current.external_key);
    units.set(group.key, {
      id: current?.id ?? newId(),
      action: !current ? 'create' : changed ? 'update' : 'unchanged',
      values,
    });
  }

  // Recipients: by key, else by name and address (a keyed row may adopt a recipient that has no key yet).
  const recipients = new Map<string, PlannedRecipient>();
  const claimed = new Map<string, number>();
  const linkLines = new Map<string, ParsedRow>();
  const linkActions = new Map<number, { action: ImportAction; role: RecipientUnitRole }>();
  for (const group of recipientGroups.groups) {
    if (allFailed(group)) continue;
    const first = group.rows[0]!;
    const v = group.values;
    const candidates = existing.recipientsByAddress.get(addressKey(v)) ?? [];
    let current: Row<'recipients'> | undefined;
    if (v.externalKey) {
      current = existing.recipientsByKey.get(v.externalKey);
      if (!current) {
        const free = candidates.filter((c) => c.external_key === null && !claimed.has(c.id));
        if (free.length === 1) current = free[0];
      }
    } else if (candidates.length > 1) {
      rowError(
        first,
        'name',
        `W bazie jest ${candidates.length} adresatów „${v.name}” pod tym adresem — dodaj do pliku kolumnę ` +
          'z kluczem adresata, żeby wskazać właściwego.',
      );
      continue;
    } else {
      current = candidates[0];
    }
    if (current && claimed.has(current.id)) {
      rowError(
        first,
        'recipientExternalKey',
        `To ten sam adresat co w wierszu ${claimed.get(current.id)} — podaj w obu wierszach ten sam klucz adresata.`,
      );
      continue;
    }
    if (current) claimed.set(current.id, first.line);
    const currentEmails = current ? (existing.emails.get(current.id) ?? []) : [];
    const currentConsent = current?.consent_at
      ? { date: current.consent_at, source: current.consent_source ?? '' }
      : null;
    const values: PlannedRecipient['values'] = {
      name: v.name ?? current?.name ?? '',
      street: v.street ?? current?.street ?? '',
      postalCode: v.postalCode ?? current?.postal_code ?? '',
      city: v.city ?? current?.city ?? '',
      country: v.country ?? current?.country ?? 'PL',
      channel: v.channel ?? current?.channel ?? 'paper',
      consent: v.consent ?? currentConsent,
      externalKey: v.externalKey ?? current?.external_key ?? null,
      emails: v.emails ?? currentEmails,
    };

    // Links: the recipient's existing ones stay; the file's are added, or change their role.
    const id = current?.id ?? newId();
    const links = new Map(current ? (existing.links.get(current.id) ?? []) : []);
    let linksChanged = false;
    for (const row of group.rows) {
      if (failed.has(row.line)) continue;
      const unit = units.get(unitGroups.groupOf.get(row.line) ?? '');
      if (!unit) continue;
      const linkKey = `${group.key}→${unit.id}`;
      const earlier = linkLines.get(linkKey);
      if (earlier) {
        rowError(
          row,
          null,
          earlier.signature === row.signature
            ? `Wiersz powtarza wiersz ${earlier.line}.`
            : `Ten adresat i ten lokal są już w wierszu ${earlier.line} — jedno powiązanie adresata z lokalem to ` +
                'jeden wiersz.',
        );
        continue;
      }
      linkLines.set(linkKey, row);
      const was = links.get(unit.id);
      const role = row.role ?? was ?? 'owner';
      const action: ImportAction = was === undefined ? 'create' : was !== role ? 'update' : 'unchanged';
      if (action !== 'unchanged') linksChanged = true;
      links.set(unit.id, role);
      linkActions.set(row.line, { action, role });
    }
    const linkList = [...links].map(([unitId, role]) => ({ unitId, role }));

    const validated = RecipientInput.safeParse({ ...values, units: linkList });
    if (!validated.success) {
      for (const issue of validated.error.issues) {
        rowError(first, fieldOfPath(issue.path[0], RECIPIENT_FIELD_OF), issue.message);
      }
      for (const row of group.rows) linkActions.delete(row.line);
      continue;
    }
    const emailsChanged = !current || !same(values.emails, currentEmails);
    const changed =
      current &&
      (emailsChanged ||
        values.name !== current.name ||
        values.street !== current.street ||
        values.postalCode !== current.postal_code ||
        values.city !== current.city ||
        values.country !== current.country ||
        values.channel !== current.channel ||
        !same(values.consent, currentConsent) ||
        values.externalKey !== current.external_key);
    recipients.set(group.key, {
      id,
      action: !current ? 'create' : changed ? 'update' : 'unchanged',
      values,
      emailsChanged,
      links: linkList,
      linksChanged,
    });
  }

  const counts = emptyCounts(rows.length);
  for (const u of units.values()) counts.units[u.action]++;
  for (const r of recipients.values()) counts.recipients[r.action]++;
  for (const [line, link] of linkActions) if (!failed.has(line)) counts.links[link.action]++;

  return {
    recipients: [...recipients.values()],
    units: [...units.values()],
    errors: sortErrors(errors),
    counts,
    view(line) {
      const recipient = recipients.get(recipientGroups.groupOf.get(line) ?? '');
      const unit = units.get(unitGroups.groupOf.get(line) ?? '');
      const link = failed.has(line) ? undefined : linkActions.get(line);
      return {
        line,
        recipient: recipient
          ? { action: recipient.action, id: recipient.action === 'create' ? null : recipient.id, ...recipient.values }
          : null,
        unit: unit
          ? {
              action: unit.action,
              id: unit.action === 'create' ? null : unit.id,
              propertyName: existing.properties.get(unit.values.propertyId)?.name ?? '',
              ...unit.values,
            }
          : null,
        link: link ?? null,
      };
    },
  };
}

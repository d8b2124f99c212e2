import type { ImportRowError } from '../../../shared/imports.js';
import { PdfCode } from '../../../shared/pdf-password.js';
import { cleanLine } from '../../../shared/plain-text.js';
import { UnitInput } from '../../../shared/properties.js';
import { RecipientInput } from '../../../shared/recipients.js';
import { EmailAddress, PostalCode, type z } from '../../../shared/zod.js';
import type { DeliveryChannel, RecipientUnitRole, UnitKind } from '../../db/schema.js';
import { excerpt } from '../../lib/excerpt.js';
import type { TableRow } from '../../lib/tabular.js';
import { foldForSearch } from '../../lib/text.js';
import {
  type Columns,
  type Field,
  label,
  parseChannel,
  parseCountry,
  parseDate,
  parseRole,
  parseUnitKind,
  splitEmails,
} from './imports-words.js';

/** The recipients import, part 2: one row's values and problems, and rows grouped into recipients and units. */
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
  /** The recipient's PDF code (D71). */
  pdfCode?: string;
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
const withValue = (message: string, value: string) => `${message.replace(/\.$/, '')} (wpisano: „${excerpt(value)}”).`;

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
    if (value === undefined) error(field, `Nieznana wartość „${excerpt(c.value)}” w polu „${label(field)}” — ${hint}.`);
    return value;
  };

  const recipient: RecipientValues = {};
  const unit: UnitValues = {};
  const r = RecipientInput.shape;
  const u = UnitInput.shape;

  // A name from a file loses hidden characters (bidi marks pasted from elsewhere) rather than failing the import.
  recipient.name = given('name', r.name, cleanLine);
  recipient.street = given('street', r.street);
  recipient.city = given('city', r.city);
  recipient.country = given('country', r.country, parseCountry);
  const country = recipient.country ?? 'PL';
  recipient.postalCode = given('postalCode', country === 'PL' ? PostalCode : r.postalCode);
  recipient.externalKey = given('recipientExternalKey', r.externalKey) || undefined;
  recipient.pdfCode = given('recipientPdfCode', PdfCode) || undefined;
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
        `Nieznana nieruchomość „${excerpt(propertyCell.value)}” — dodaj ją w Nieruchomościach albo popraw nazwę w pliku.`,
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

export const RECIPIENT_FIELD_OF: Record<keyof RecipientValues, Field> = {
  name: 'name',
  street: 'street',
  postalCode: 'postalCode',
  city: 'city',
  country: 'country',
  emails: 'emails',
  channel: 'channel',
  consent: 'consentDate',
  externalKey: 'recipientExternalKey',
  pdfCode: 'recipientPdfCode',
};
export const UNIT_FIELD_OF: Record<keyof UnitValues, Field> = {
  propertyId: 'property',
  number: 'unitNumber',
  kind: 'unitKind',
  address: 'unitAddress',
  bankAccount: 'unitNrb',
  externalKey: 'unitExternalKey',
};

export const same = (a: unknown, b: unknown) =>
  JSON.stringify(Array.isArray(a) ? [...a].sort() : a) === JSON.stringify(Array.isArray(b) ? [...b].sort() : b);

const shown = (v: unknown) =>
  excerpt(Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v ? Object.values(v).join(', ') : String(v));

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
      `Adresat „${excerpt(group.values.name ?? '')}” ma w wierszu ${first} inną wartość w polu „${label(field)}” ` +
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

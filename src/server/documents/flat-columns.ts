/**
 * The columns of a data file (CSV, XLSX) in Polish: one table per document type, built from the type's schema
 * (its field descriptions), used to read headers, to list the columns in the wizard and to write the sample files
 * — so the three cannot drift. Headers are matched without regard to case, diacritics, spaces and punctuation:
 * "Termin płatności", "termin platnosci" and "paymentDeadline" are the same column.
 */
import { z } from '../../shared/zod.js';
import type { DocumentTypeDef } from './types/document-type.js';

export interface DataColumn {
  /** Field path as in JSON data: `validFrom`, `components.amount`, `seller.nip`. */
  key: string;
  /** The Polish header a sample file uses. */
  name: string;
  description: string;
}

type Json = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Json>;
  items?: Json;
  anyOf?: Json[];
};

/** The key columns every type has (recipientKey identifies the unit, the recipient or the NRB). */
export const KEY_COLUMN: DataColumn = {
  key: 'recipientKey',
  name: 'Klucz',
  description: 'Klucz lokalu lub adresata (z ewidencji) albo indywidualny numer rachunku lokalu (NRB)',
};
export const DOCUMENT_KEY_COLUMN: DataColumn = {
  key: 'documentKey',
  name: 'Dokument',
  description:
    'Potrzebne tylko, gdy jeden adresat dostaje kilka dokumentów: wiersze z tym samym oznaczeniem to jeden dokument',
};

/** Other names clerks use for a column (besides its key and its Polish name), by field key. */
const ALIASES: Record<string, string[]> = {
  recipientKey: ['klucz lokalu', 'klucz adresata', 'numer lokalu', 'nr lokalu', 'lokal'],
  documentKey: ['dokument', 'numer dokumentu w pliku'],
  nrb: ['nrb', 'numer rachunku', 'nr rachunku', 'rachunek', 'numer konta', 'konto'],
  paymentDeadline: ['termin platnosci', 'termin zaplaty', 'termin'],
  total: ['kwota', 'kwota razem', 'razem'],
  amountDue: ['kwota', 'do zaplaty'],
  balance: ['kwota', 'wynik'],
};

/** Generic names for fields without a description of their own (addresses of the parties). */
const LEAF_NAMES: Record<string, string> = {
  name: 'nazwa',
  street: 'ulica i numer',
  postalCode: 'kod pocztowy',
  city: 'miejscowość',
  nip: 'NIP',
  country: 'kraj',
};
const PARENT_NAMES: Record<string, string> = { seller: 'Sprzedawca', buyer: 'Nabywca', issuer: 'Wystawca' };

/** Lower case, no diacritics, letters and digits only: how two headers are compared. */
export function headerKey(header: string): string {
  return header
    .toLowerCase()
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]/g, '');
}

const branch = (s: Json): Json => (s.anyOf ?? [s]).find((b) => b.type !== 'null') ?? {};
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** "Składnik opłaty, np. eksploatacja…" → "Składnik opłaty": the description up to its first aside. */
const shortName = (description: string) => description.split(/,| \(| — | np\.|;|:/)[0]!.trim();

const tables = new Map<string, DataColumn[]>();

/** The columns of a data file for this type, key column first, in the schema's order. */
export function dataColumns(def: DocumentTypeDef): DataColumn[] {
  const cached = tables.get(def.type);
  if (cached) return cached;
  const json = z.toJSONSchema(def.schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const columns: DataColumn[] = [];
  const walk = (s: Json, prefix: string, parentName: string | null, inRows: boolean) => {
    for (const [field, child] of Object.entries(branch(s).properties ?? {})) {
      const key = prefix ? `${prefix}.${field}` : field;
      const c = branch(child);
      const description = child.description ?? c.description ?? '';
      if (c.properties) {
        walk(child, key, PARENT_NAMES[field] ?? (description ? shortName(description) : field), inRows);
      } else if (c.type === 'array' && !inRows && key === def.rowsField && c.items) {
        walk(c.items, key, null, true);
      } else {
        let name = description ? shortName(description) : capital(LEAF_NAMES[field] ?? field);
        if (parentName && !description) name = `${parentName} — ${LEAF_NAMES[field] ?? field}`;
        columns.push({ key, name, description: description || name });
      }
    }
  };
  walk(json, '', null, false);
  // Two fields with the same short name ("Faktura korygowana: numer / data"): the longer form tells them apart.
  const seen = new Map<string, number>();
  for (const c of columns) seen.set(headerKey(c.name), (seen.get(headerKey(c.name)) ?? 0) + 1);
  for (const c of columns) {
    if ((seen.get(headerKey(c.name)) ?? 0) > 1) c.name = c.description.split(/,| \(| — | np\.|;/)[0]!.trim();
  }
  const table = [KEY_COLUMN, ...columns];
  tables.set(def.type, table);
  return table;
}

/** Header (as typed in a file) → field key; includes the document key column. */
export function columnResolver(def: DocumentTypeDef): (header: string) => string | undefined {
  const byHeader = new Map<string, string>();
  const all = [...dataColumns(def), DOCUMENT_KEY_COLUMN];
  // Own names first: an alias never takes a name that is some column's own.
  for (const c of all) {
    byHeader.set(headerKey(c.key), c.key);
    byHeader.set(headerKey(c.name), c.key);
  }
  byHeader.set(headerKey('klucz'), 'recipientKey');
  for (const c of all) {
    for (const alias of ALIASES[c.key] ?? [])
      if (!byHeader.has(headerKey(alias))) byHeader.set(headerKey(alias), c.key);
  }
  return (header) => byHeader.get(headerKey(header));
}

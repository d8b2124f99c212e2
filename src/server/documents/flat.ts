/**
 * Document data from flat files (CSV, XLSX): one row per item of the type's list (charge components, invoice
 * lines, meters, postings…), the document's own fields repeated on each row. Columns are the field names, with
 * dots for nested fields and list items: `recipientKey`, `validFrom`, `components.name`, `seller.nip`.
 * Rows with the same recipient key (and `documentKey`, when one recipient gets several documents) make one
 * document. A list of plain values (e.g. attachments of a letter) is one cell separated by `;`.
 */
import { z } from '../../shared/zod.js';
import type { RowIssue } from '../lib/errors.js';
import { excerpt } from '../lib/excerpt.js';
import { columnResolver, dataColumns } from './flat-columns.js';
import type { DocumentTypeDef } from './types/document-type.js';

// Headers are read through flat-columns.ts (Polish names, aliases); after that rows use the field keys.
export const KEY_COLUMNS = ['recipientKey'];
export const DOCUMENT_KEY_COLUMNS = ['documentKey'];

type Json = {
  type?: string | string[];
  properties?: Record<string, Json>;
  items?: Json;
  anyOf?: Json[];
};

type Field = { kind: 'leaf' } | { kind: 'list' } | { kind: 'rows' };

function branch(s: Json): Json {
  return (s.anyOf ?? [s]).find((b) => b.type !== 'null') ?? {};
}

const layouts = new Map<string, Map<string, Field>>();

/** Column name → how to read it, for one document type. */
function layoutOf(def: DocumentTypeDef): Map<string, Field> {
  let cached = layouts.get(def.type);
  if (cached) return cached;
  cached = new Map();
  const json = z.toJSONSchema(def.schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const walk = (s: Json, prefix: string, inRows: boolean) => {
    const b = branch(s);
    for (const [name, child] of Object.entries(b.properties ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      const c = branch(child);
      if (c.properties) walk(child, path, inRows);
      else if (c.type === 'array' && !inRows && path === def.rowsField && c.items) walk(c.items, path, true);
      else if (c.type === 'array') cached!.set(path, { kind: 'list' });
      else cached!.set(path, { kind: inRows ? 'rows' : 'leaf' });
    }
  };
  walk(json, '', false);
  layouts.set(def.type, cached);
  return cached;
}

/** The columns a data file for this type may have, key column first (for templates to download and docs). */
export function columnsOf(def: DocumentTypeDef): string[] {
  return ['recipientKey', ...layoutOf(def).keys()];
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) {
    node[p] ??= {};
    node = node[p] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

function pick(cells: Record<string, string>, names: string[]): string {
  for (const n of names) {
    for (const [k, v] of Object.entries(cells)) if (k.toLowerCase() === n.toLowerCase()) return v.trim();
  }
  return '';
}

export interface FlatItem {
  line: number;
  recipientKey: string;
  data: Record<string, unknown>;
  /** File line of each list item, so an error in `components.2.amount` points at its own row. */
  rowLines?: number[];
}

/** Groups rows into documents; unknown columns and conflicting repeated values are row errors. */
export function itemsFromRows(
  def: DocumentTypeDef,
  headers: string[],
  rows: { line: number; cells: Record<string, string> }[],
): { items: FlatItem[]; errors: RowIssue[] } {
  const layout = layoutOf(def);
  const errors: RowIssue[] = [];
  // Polish headers (any case, with or without diacritics) and the field keys name the same columns.
  const resolve = columnResolver(def);
  const unknown = headers.filter((h) => resolve(h) === undefined);
  const byKey = new Map<string, string>();
  for (const h of headers) {
    const key = resolve(h);
    if (!key) continue;
    const other = byKey.get(key);
    if (other !== undefined) {
      errors.push({
        line: 1,
        path: key,
        message: `Kolumny „${excerpt(other)}” i „${excerpt(h)}” oznaczają to samo pole — zostaw jedną.`,
      });
    }
    byKey.set(key, h);
  }
  if (!byKey.has('recipientKey')) {
    errors.push({
      line: 1,
      path: 'recipientKey',
      message: 'Brak kolumny „Klucz” (klucz lokalu, adresata albo NRB; może się też nazywać „recipientKey”).',
    });
  }
  for (const h of unknown) {
    errors.push({
      line: 1,
      path: excerpt(h),
      message: `Nieznana kolumna „${excerpt(h)}” — dozwolone: ${dataColumns(def)
        .map((c) => c.name)
        .join(', ')}.`,
    });
  }
  if (errors.length > 0) return { items: [], errors };
  rows = rows.map((row) => ({
    line: row.line,
    cells: Object.fromEntries(Object.entries(row.cells).map(([h, v]) => [resolve(h) ?? h, v])),
  }));

  const groups = new Map<string, { item: FlatItem; fixed: Map<string, { value: string; line: number }> }>();
  for (const row of rows) {
    const key = pick(row.cells, KEY_COLUMNS);
    if (!key) {
      errors.push({ line: row.line, path: 'recipientKey', message: 'Brak klucza adresata w tym wierszu.' });
      continue;
    }
    const groupKey = `${key}\u0000${pick(row.cells, DOCUMENT_KEY_COLUMNS)}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = { item: { line: row.line, recipientKey: key, data: {}, rowLines: [] }, fixed: new Map() };
      groups.set(groupKey, group);
    }
    const rowItem: Record<string, unknown> = {};
    for (const [column, raw] of Object.entries(row.cells)) {
      const field = layout.get(column);
      const value = raw.trim();
      if (!field || value === '') continue;
      if (field.kind === 'rows') {
        setPath(rowItem, column.slice((def.rowsField as string).length + 1), value);
        continue;
      }
      const seen = group.fixed.get(column);
      if (seen && seen.value !== value) {
        errors.push({
          line: row.line,
          key,
          path: column,
          message: `Inna wartość „${column}” niż w wierszu ${seen.line} tego samego dokumentu („${excerpt(seen.value)}”).`,
        });
        continue;
      }
      if (!seen) {
        group.fixed.set(column, { value, line: row.line });
        setPath(
          group.item.data,
          column,
          field.kind === 'list'
            ? value
                .split(';')
                .map((v) => v.trim())
                .filter(Boolean)
            : value,
        );
      }
    }
    if (def.rowsField && Object.keys(rowItem).length > 0) {
      group.item.data[def.rowsField] ??= [];
      (group.item.data[def.rowsField] as unknown[]).push(rowItem);
      group.item.rowLines!.push(row.line);
    }
  }
  return { items: [...groups.values()].map((g) => g.item), errors };
}

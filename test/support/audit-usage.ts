import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * What the server writes into the audit log, read from its source: the actions (`action: 'x.y'`), the entity types
 * (`entityType: '…'`) and every property name inside a `details` object literal, at any depth — including objects
 * inside spreads (`...(held ? { held } : {})`). What cannot be read from the text — a spread of a variable
 * (`...changed`) or details given as a variable or a call (`details: input`, `details: auditDetails(input)`) — is
 * returned in `opaque` (the expression's name, with where it is) so that a test can name its keys.
 */
export interface AuditUsage {
  actions: Map<string, string[]>;
  entityTypes: Map<string, string[]>;
  detailKeys: Map<string, string[]>;
  opaque: Map<string, string[]>;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.ts$/.test(name) && !/\.test\.ts$|\.fixture\.ts$|\.d\.ts$/.test(name)) out.push(path);
  }
  return out;
}

/** The text of the bracketed expression starting at `open` (a `{`), strings and comments skipped. */
function bracketed(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      continue;
    }
    if (c === '{' || c === '(' || c === '[') depth++;
    if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0) return text.slice(open, i + 1);
    }
  }
  throw new Error(`Unclosed object literal at ${open}`);
}

function skipString(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** Property names of every object literal in `literal` (positions whose innermost bracket is `{`). */
function keysOf(literal: string, spreads: string[]): string[] {
  const keys: string[] = [];
  const stack: string[] = [];
  for (let i = 0; i < literal.length; i++) {
    const c = literal[i] as string;
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(literal, i);
      continue;
    }
    if (c === '/' && literal[i + 1] === '/') {
      i = literal.indexOf('\n', i);
      continue;
    }
    if (c === '{' || c === '(' || c === '[') stack.push(c);
    else if (c === '}' || c === ')' || c === ']') stack.pop();
    if ((c === '{' || c === ',') && stack.at(-1) === '{') {
      const rest = literal.slice(i + 1).replace(/^(\s*\/\/[^\n]*\n)+/, '');
      const spread = rest.match(/^\s*\.\.\.\s*([A-Za-z_$][\w$.]*)/);
      if (spread) {
        spreads.push(spread[1] as string);
        continue;
      }
      const key = rest.match(/^\s*(?:'([^']+)'|([A-Za-z_$][\w$]*))\s*([:,}])/);
      if (key) keys.push((key[1] ?? key[2]) as string);
    }
  }
  return keys;
}

function add(map: Map<string, string[]>, key: string, where: string) {
  map.set(key, [...(map.get(key) ?? []), where]);
}

/**
 * Whether a `details` at `at` belongs to an audit entry: an audit action (`action: 'x.y'`) or `audit.record(` is
 * written close by. Other objects named `details` (a feedback record's, a report's) are not the audit log's.
 */
function nearAuditWrite(text: string, at: number): boolean {
  const around = text.slice(Math.max(0, at - 600), at + 600);
  return /\baction:\s*'[a-z_]+\.[a-z_]+'|\baudit\.record\(/.test(around);
}

export function auditUsage(root: string): AuditUsage {
  const usage: AuditUsage = { actions: new Map(), entityTypes: new Map(), detailKeys: new Map(), opaque: new Map() };
  // The audit module itself only stores and reads what others give it.
  const files = sourceFiles(join(root, 'src/server')).filter((f) => !f.includes(join('modules', 'audit')));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const where = relative(root, file);
    for (const m of text.matchAll(/\baction:\s*'([a-z_]+\.[a-z_]+)'/g)) add(usage.actions, m[1] as string, where);
    for (const m of text.matchAll(/\bentityType:\s*'([a-z_]+)'/g)) add(usage.entityTypes, m[1] as string, where);
    for (const m of text.matchAll(/\bdetails\s*[:=]\s*\{/g)) {
      if (!nearAuditWrite(text, m.index as number)) continue;
      const spreads: string[] = [];
      const literal = bracketed(text, (m.index as number) + m[0].length - 1);
      for (const key of keysOf(literal, spreads)) add(usage.detailKeys, key, where);
      for (const s of spreads) add(usage.opaque, s, where);
    }
    // `details: input` or `details: auditDetails(input)`; not a type annotation (`details: string;`, `Record<…>`).
    for (const m of text.matchAll(/\bdetails:\s*([A-Za-z_$][\w$.]*)\s*([^\s])/g)) {
      if (!nearAuditWrite(text, m.index as number)) continue;
      if (m[2] !== ';' && m[2] !== '<') add(usage.opaque, m[1] as string, where);
    }
  }
  return usage;
}

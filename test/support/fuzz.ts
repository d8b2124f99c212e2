import type { Rng } from '../../src/server/demo/random.js';

/**
 * Requests made from the API's own OpenAPI document: a plausible value for each parameter and body (so the request
 * reaches the handler), then one part of it replaced by something hostile — a wrong type, a huge or empty string,
 * an out-of-range number or date, odd Unicode, unknown fields, a deeply nested body.
 */
type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  default?: unknown;
};

type Operation = {
  parameters?: { in: string; name: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};

export interface FuzzRequest {
  method: string;
  /** The route as documented, e.g. /api/units/{id}. */
  route: string;
  url: string;
  /** A JSON body as text (may be deliberately malformed), or a multipart body. */
  body?: { contentType: string; payload: string | Buffer };
  what: string;
}

const BIG = 'x'.repeat(200_000);
const HOSTILE_STRINGS = [
  '',
  ' ',
  BIG,
  'ą'.repeat(40_000),
  '\u0000',
  'faktura\u202Efdp.exe',
  '\u2066\u2067\u2068\u2069',
  '\ud800',
  '\uffff\ufeff',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👨‍👩‍👧‍👦',
  'Z\u0351\u0352\u0353\u0354'.repeat(200),
  '{{ "x" | append: "y" }}{% for i in (1..999999999) %}{% endfor %}',
  "'; drop table users; --",
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  'javascript:alert(1)',
  '<script>alert(1)</script>',
  'a\r\nBcc: atak@example.com',
  '9999-12-31',
  '0000-00-00',
  '2026-02-30',
  '2026-13-45T25:61:61Z',
  '-999999-01-01',
  '1e309',
  'NaN',
  '-0',
  '01900000-0000-7000-8000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];
const HOSTILE_NUMBERS = [-1, 0, 1.5, -2147483649, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Number.MAX_SAFE_INTEGER];
const HOSTILE_TYPES: unknown[] = [null, true, false, [], {}, 'tekst', 12345, [[[[]]]], { a: { b: { c: {} } } }];

export function hostileValue(rng: Rng): unknown {
  const kind = rng.int(0, 9);
  if (kind < 5) return rng.pick(HOSTILE_STRINGS);
  if (kind < 7) return rng.pick(HOSTILE_NUMBERS);
  return rng.pick(HOSTILE_TYPES);
}

function typeOf(s: Schema): string | undefined {
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
}

/** A value the schema accepts as far as a simple reading of it goes (ids come from the seeded database). */
export function plausible(s: Schema, rng: Rng, ids: string[], depth = 0): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return rng.pick(s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return plausible(rng.pick(alternatives), rng, ids, depth);
  if (s.allOf?.[0]) return plausible(s.allOf[0], rng, ids, depth);
  if (s.default !== undefined && rng.chance(0.3)) return s.default;
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > 6) return out;
      for (const [name, sub] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(name) || rng.chance(0.5)) out[name] = plausible(sub, rng, ids, depth + 1);
      }
      return out;
    }
    case 'array': {
      const n = Math.max(s.minItems ?? 0, rng.int(0, 2));
      return Array.from({ length: n }, () => (s.items ? plausible(s.items, rng, ids, depth + 1) : 'x'));
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? 0;
      const max = s.maximum ?? min + 100;
      return Math.min(max, min + rng.int(0, 10));
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'string': {
      if (s.format === 'uuid') return ids.length > 0 ? rng.pick(ids) : '01900000-0000-7000-8000-000000000000';
      if (s.format === 'date') return '2026-04-01';
      if (s.format === 'date-time') return '2026-04-01T10:00:00.000Z';
      if (s.format === 'email') return 'jan.kowalski@example.pl';
      const text = rng.pick(['Kowalski', 'ul. Długa 12/3', 'Zawiadomienie', '2026-04', 'L0001', 'fee_notice']);
      return text.slice(0, s.maxLength ?? text.length).padEnd(s.minLength ?? 0, 'x');
    }
    default:
      return 'x';
  }
}

/** Replaces one leaf (or the whole value) by something hostile. */
function mutate(value: unknown, rng: Rng): unknown {
  if (value === null || typeof value !== 'object' || rng.chance(0.15)) return hostileValue(rng);
  if (Array.isArray(value)) {
    if (value.length === 0 || rng.chance(0.2)) return [...value, hostileValue(rng)];
    const i = rng.int(0, value.length - 1);
    return value.map((v, j) => (j === i ? mutate(v, rng) : v));
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || rng.chance(0.15)) return { ...value, [rng.pick(['__proto__', 'constructor', 'x'])]: 1 };
  const [key, inner] = rng.pick(entries);
  return { ...value, [key]: mutate(inner, rng) };
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Percent-encodes a path segment; a lone surrogate becomes the bytes of an invalid UTF-8 sequence, on purpose. */
function segment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `%ED%A0%80${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'))}`;
  }
}

function fill(route: string, values: Record<string, unknown>): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => segment(String(values[name] ?? 'x')));
}

/** `count` requests for one operation; the first is plausible, the rest carry one hostile part each. */
export function requestsFor(
  route: string,
  method: string,
  op: Operation,
  rng: Rng,
  ids: string[],
  count: number,
): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const params = op.parameters ?? [];
  const json = op.requestBody?.content['application/json']?.schema;
  const multipart = op.requestBody?.content['multipart/form-data'] !== undefined;
  for (let n = 0; n < count; n++) {
    const hostile = n > 0;
    const path: Record<string, unknown> = {};
    const query = new URLSearchParams();
    let target = hostile ? rng.int(0, params.length + (json || multipart ? 1 : 0)) : -1;
    params.forEach((p, i) => {
      let v = plausible(p.schema, rng, ids);
      if (i === target) v = hostileValue(rng);
      if (p.in === 'path') path[p.name] = v;
      else if (p.in === 'query' && (p.required || i === target || rng.chance(0.4))) {
        query.set(p.name, typeof v === 'string' ? v : JSON.stringify(v));
      }
    });
    target -= params.length;
    const qs = query.toString();
    const url = fill(route, path) + (qs ? `?${qs}` : '');
    let body: FuzzRequest['body'];
    let what = hostile ? 'one hostile part' : 'plausible';
    if (json) {
      const value = plausible(json, rng, ids);
      if (target === 0 && rng.chance(0.1)) {
        body = { contentType: 'application/json', payload: nested(rng.pick([1000, 20_000])) };
        what = 'deeply nested body';
      } else {
        body = { contentType: 'application/json', payload: JSON.stringify(target === 0 ? mutate(value, rng) : value) };
      }
    } else if (multipart) {
      const boundary = 'fuzz';
      const fields = [
        ['type', rng.pick(['fee_notice', 'sales_document', String(hostileValue(rng))])],
        ['period', rng.pick(['2026-04', '9999-12', String(hostileValue(rng))])],
        ['recipientKey', rng.pick(['L0001', String(hostileValue(rng))])],
      ];
      const file = rng.pick([
        '%PDF-1.4\n%%EOF',
        '<html><body>nie PDF</body></html>',
        'PK\u0003\u0004',
        'klucz;kwota\nL0001;12,50\n',
        String(hostileValue(rng)),
      ]);
      const parts = [
        ...fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${rng.pick(['a.pdf', 'b.csv', 'c\u202efdp.exe', 'd.zip'])}"\r\nContent-Type: application/octet-stream\r\n\r\n${file}\r\n--${boundary}--\r\n`,
      ];
      body = { contentType: `multipart/form-data; boundary=${boundary}`, payload: Buffer.from(parts.join('')) };
      what = 'multipart';
    }
    out.push({ method: method.toUpperCase(), route, url, body, what });
  }
  return out;
}

/** Every operation of the document, `perOperation` requests each, in a seeded order. */
export function fuzzRequests(
  doc: { paths: Record<string, Record<string, Operation>> },
  rng: Rng,
  ids: string[],
  perOperation: number,
  skip: (method: string, route: string) => boolean,
): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  for (const [route, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (skip(method.toUpperCase(), route)) continue;
      out.push(...requestsFor(route, method, op, rng, ids, perOperation));
    }
  }
  return out;
}

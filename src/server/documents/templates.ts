/**
 * E-mail templates: LiquidJS with strict variables and filters, Polish filters (`kwota`, `data`, `nrb`,
 * `slownie`, `okres`), checked on save against the document type's fields so that a typo is an error for
 * the person editing the template, never an empty string in 2 000 e-mails. Every render is bounded
 * (template-engine.ts) and every filled-in link checked (lib/html-links.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Liquid, Template } from 'liquidjs';
import { cleanLine } from '../../shared/plain-text.js';
import { z } from '../../shared/zod.js';
import type { FieldIssue } from '../lib/errors.js';
import { htmlTemplateToText, sanitizeEmailHtml } from '../lib/html.js';
import { dropUnsafeLinks, linkCheckFor } from '../lib/html-links.js';
import {
  htmlEngine,
  liquidMessage,
  parseTemplate,
  renderBounded,
  TemplateLimitError,
  textEngine,
} from './template-engine.js';
import type { DocumentTypeDef, TemplateText } from './types/document-type.js';

export { isLimitMessage, liquidMessage, TEMPLATE_FILTERS, TemplateLimitError } from './template-engine.js';

/** What every template can use besides `document.*`. */
const partySchemas = {
  recipient: z
    .object({
      name: z.string().describe('Imię i nazwisko lub nazwa adresata'),
      street: z.string().describe('Ulica i numer (adres korespondencyjny)'),
      postalCode: z.string().describe('Kod pocztowy'),
      city: z.string().describe('Miejscowość'),
      country: z.string().describe('Kraj (kod)'),
      email: z.string().describe('Adres e-mail, na który idzie ta wiadomość'),
    })
    .describe('Adresat'),
  unit: z
    .object({
      number: z.string().describe('Numer lokalu'),
      address: z.string().describe('Adres lokalu'),
      label: z
        .string()
        .describe('Lokal nazwany raz: sam adres, gdy numer jest jego częścią (ul. Kwiatowa 5/33), inaczej nr i adres'),
      nrb: z.string().nullable().describe('Indywidualny numer rachunku lokalu'),
    })
    .nullable()
    .describe('Lokal (może nie być — użyj {% if unit %})'),
  property: z
    .object({
      name: z.string().describe('Nazwa nieruchomości (wspólnoty, spółdzielni)'),
      street: z.string().describe('Ulica'),
      postalCode: z.string().describe('Kod pocztowy'),
      city: z.string().describe('Miejscowość'),
    })
    .nullable()
    .describe('Nieruchomość'),
  account: z
    .object({
      fromName: z.string().describe('Nadawca (nazwa konta)'),
      fromAddress: z.string().describe('Adres nadawcy'),
      feedbackAddress: z.string().describe('Adres do odpowiedzi'),
    })
    .describe('Konto wysyłające'),
};
const documentCommon = {
  title: z.string().describe('Tytuł dokumentu'),
  period: z.string().describe('Okres (RRRR-MM)'),
};

export interface UnitContext {
  number: string;
  address: string;
  /** The unit named once, for sentences: `ul. Kwiatowa 5/33`, or `nr 12, ul. Lipowa 7, 31-042 Kraków`. */
  label: string;
  nrb: string | null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A unit as templates see it. Offices often number units by their address ("Kwiatowa 5/33", at
 * "ul. Kwiatowa 5/33"), so "lokal {number} ({address})" said it twice; `label` is the address alone when the
 * number stands in it on its own (not "04" inside "31-042"), else "nr {number}, {address}".
 */
export function unitContext(unit: { number: string; address: string; nrb: string | null }): UnitContext {
  const number = unit.number.trim();
  const inAddress =
    number !== '' && new RegExp(`(^|[\\s/,])${escapeRegExp(number)}($|[\\s/,])`, 'iu').test(unit.address);
  const label = inAddress || !unit.address ? unit.address || number : `nr ${number}, ${unit.address}`;
  return { number: unit.number, address: unit.address, label, nrb: unit.nrb };
}

export interface TemplateContext {
  recipient: { name: string; street: string; postalCode: string; city: string; country: string; email: string };
  unit: UnitContext | null;
  property: { name: string; street: string; postalCode: string; city: string } | null;
  account: { fromName: string; fromAddress: string; feedbackAddress: string };
  document: Record<string, unknown> & { title: string; period: string };
}

export interface TemplateVariable {
  path: string;
  description: string;
  /** money | date | nrb | decimal | period | list | text … as a hint for the editor (which filter to use). */
  format: string;
}

type JsonSchema = {
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

/** A tree of the names a template may use: objects have children, arrays have an item shape, leaves are null. */
type Shape = { kind: 'object'; fields: Map<string, Shape> } | { kind: 'array'; item: Shape } | { kind: 'leaf' };

function shapeOf(s: JsonSchema): Shape {
  const branches = (s.anyOf ?? [s]).filter((b) => b.type !== 'null');
  const b = branches[0] ?? {};
  if (b.properties) {
    return { kind: 'object', fields: new Map(Object.entries(b.properties).map(([k, v]) => [k, shapeOf(v)])) };
  }
  if (b.type === 'array' && b.items) return { kind: 'array', item: shapeOf(b.items) };
  return { kind: 'leaf' };
}

function contextSchema(def: DocumentTypeDef) {
  const doc = def.schema instanceof z.ZodObject ? def.schema.extend(documentCommon) : z.object(documentCommon);
  return z.object({ ...partySchemas, document: doc.describe(def.label) });
}

const shapes = new Map<string, { shape: Shape; variables: TemplateVariable[] }>();

function describeType(def: DocumentTypeDef) {
  let cached = shapes.get(def.type);
  if (!cached) {
    const json = z.toJSONSchema(contextSchema(def), { io: 'output', unrepresentable: 'any' }) as JsonSchema;
    const variables: TemplateVariable[] = [];
    const walk = (s: JsonSchema, path: string) => {
      const b = (s.anyOf ?? [s]).find((x) => x.type !== 'null') ?? {};
      const description = s.description ?? b.description ?? '';
      if (b.properties) {
        for (const [k, v] of Object.entries(b.properties)) walk(v, path ? `${path}.${k}` : k);
        return;
      }
      const format = b.type === 'array' ? 'list' : (b.format ?? (b.type === 'integer' ? 'number' : 'text'));
      variables.push({ path, description, format });
    };
    walk(json, '');
    cached = { shape: shapeOf(json), variables };
    shapes.set(def.type, cached);
  }
  return cached;
}

/** Every variable a template of this type may use, with Polish descriptions (for the editor). */
export function templateVariables(def: DocumentTypeDef): TemplateVariable[] {
  return describeType(def).variables;
}

/** Why a variable path does not exist, or null when it does. */
function unknownPath(shape: Shape, segments: (string | number)[]): string | null {
  let node: Shape = shape;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const shown = segments.slice(0, i + 1).join('.');
    if (node.kind === 'array') {
      if (typeof seg === 'number' || /^\d+$/.test(String(seg))) node = node.item;
      else if (seg === 'first' || seg === 'last') node = node.item;
      else if (seg === 'size') return null;
      else return shown;
    } else if (node.kind === 'object') {
      const next = node.fields.get(String(seg));
      if (!next) return shown;
      node = next;
    } else {
      return seg === 'size' ? null : shown;
    }
  }
  return null;
}

/**
 * Checks a template for a document type: syntax, every variable known to the type, every filter known, and a
 * trial render with the type's sample data. Returns the problems (empty when the template is good).
 */
export function checkTemplate(
  def: DocumentTypeDef,
  template: TemplateText,
  sampleContext: TemplateContext,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { shape } = describeType(def);
  for (const part of ['subject', 'html', 'text'] as const) {
    const source = template[part];
    if (!source) continue;
    const engine = part === 'html' ? htmlEngine : textEngine;
    let templates: Template[];
    try {
      templates = parseTemplate(engine, source);
    } catch (e) {
      issues.push({ path: part, message: liquidMessage(e) });
      continue;
    }
    let variables: ReturnType<Liquid['globalVariableSegmentsSync']>;
    try {
      variables = engine.globalVariableSegmentsSync(templates);
    } catch (e) {
      issues.push({ path: part, message: liquidMessage(e) });
      continue;
    }
    let found = false;
    for (const segments of variables) {
      const bad = unknownPath(shape, segments as (string | number)[]);
      if (bad) {
        issues.push({ path: part, message: `Nieznana zmienna „${bad}” — wybierz ją z listy zmiennych.` });
        found = true;
      }
    }
    if (found) continue;
    let rendered: string;
    try {
      rendered = renderBounded(engine, templates, sampleContext);
    } catch (e) {
      issues.push({ path: part, message: liquidMessage(e) });
      continue;
    }
    const links = part === 'html' ? dropUnsafeLinks(rendered).dropped : [];
    if (links.length > 0) {
      issues.push({
        path: part,
        message: `Link lub styl z niedozwolonym adresem: ${links[0]!.slice(0, 80)}. Linki mogą prowadzić tylko do adresów http, https, mailto i tel, a style nie mogą pobierać plików (url).`,
      });
    }
  }
  if (!template.subject.trim()) issues.push({ path: 'subject', message: 'Temat jest wymagany.' });
  if (!template.html.trim() && !template.text.trim()) {
    issues.push({ path: 'html', message: 'Szablon nie ma treści — wpisz treść wiadomości.' });
  }
  return issues;
}

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/** A template parsed once for many messages: HTML sanitised, the text part made from the HTML when not written. */
export interface CompiledTemplate {
  subject: Template[];
  html: Template[] | null;
  text: Template[] | null;
  /** The per-message check of links and styles the template fills in; null when it fills in none. */
  linkCheck: ((html: string) => string) | null;
}

/**
 * Swaps each Liquid output and tag (`{{ … }}`, `{% … %}`) for what `mark` makes of it, in one pass. A lazy
 * regex did the same but scanned to the end again after every unclosed `{{`: 200 KB of them took seconds.
 */
function swapLiquid(html: string, mark: (markup: string) => string): string {
  const parts: string[] = [];
  let copied = 0;
  const mayClose: Record<string, boolean> = { '{': true, '%': true };
  let i = html.indexOf('{');
  while (i !== -1 && i + 1 < html.length) {
    const kind = html[i + 1]!;
    if (mayClose[kind]) {
      const end = html.indexOf(kind === '{' ? '}}' : '%}', i + 2);
      if (end === -1) mayClose[kind] = false;
      else {
        parts.push(html.slice(copied, i), mark(html.slice(i, end + 2)));
        copied = end + 2;
        i = html.indexOf('{', copied);
        continue;
      }
    }
    i = html.indexOf('{', i + 1);
  }
  parts.push(html.slice(copied));
  return parts.join('');
}

/**
 * Runs an HTML tool (the sanitiser, the HTML-to-text conversion) over a template with its Liquid markup kept as
 * written: the markup is swapped for plain-word markers the tools leave alone (in text and attributes), then put back.
 */
function keepingLiquid(html: string, tool: (html: string) => string): string {
  const markup: string[] = [];
  const marker = `liquid${randomBytes(6).toString('hex')}x`;
  // Kept from the sanitiser, which would escape `<`, `>` and `&` in them (`{% if a > b %}`).
  const marked = swapLiquid(html, (m) => `${marker}${markup.push(m) - 1}x`);
  return tool(marked).replace(new RegExp(`${marker}(\\d+)x`, 'g'), (_, i) => markup[Number(i)] ?? '');
}

const sanitizeTemplateHtml = (html: string) => keepingLiquid(html, sanitizeEmailHtml);

export function compileTemplate(template: TemplateText): CompiledTemplate {
  const html = template.html ? sanitizeTemplateHtml(template.html) : '';
  const text = template.text.trim() ? template.text : html ? keepingLiquid(html, htmlTemplateToText) : '';
  return {
    subject: parseTemplate(textEngine, template.subject),
    html: html ? parseTemplate(htmlEngine, html) : null,
    text: text ? parseTemplate(textEngine, text) : null,
    linkCheck: linkCheckFor(html),
  };
}

/**
 * Renders one message. Values are HTML-escaped in the HTML part (the template itself was sanitised when
 * compiled, and the `raw` filter is disabled), so the output needs no second sanitising pass per message — only
 * the links and styles values were filled into are checked. The subject loses line breaks and hidden
 * characters (bidi overrides …) from the data. Each part is bounded (TemplateLimitError).
 */
export function renderCompiled(compiled: CompiledTemplate, context: TemplateContext): RenderedMessage {
  const subject = cleanLine(renderPart('subject', textEngine, compiled.subject, context))
    .replace(/\s{2,}/g, ' ')
    .slice(0, 998);
  const filled = compiled.html ? renderPart('html', htmlEngine, compiled.html, context) : '';
  const html = compiled.linkCheck ? compiled.linkCheck(filled) : filled;
  const text = compiled.text
    ? renderPart('text', textEngine, compiled.text, context)
        .replace(/\n{3,}/g, '\n\n')
        .trim()
    : '';
  return { subject, html, text };
}

function renderPart(part: 'subject' | 'html' | 'text', engine: Liquid, templates: Template[], context: object) {
  try {
    return renderBounded(engine, templates, context);
  } catch (e) {
    if (e instanceof TemplateLimitError) e.part = part;
    throw e;
  }
}

/** Renders subject, HTML and text for one context (previews, checks); batches compile once and reuse. */
export function renderTemplate(template: TemplateText, context: TemplateContext): RenderedMessage {
  return renderCompiled(compileTemplate(template), context);
}

/** Sanitises a template's HTML on save (Liquid tags are plain text to the sanitiser and survive). */
export function cleanTemplate(template: TemplateText): TemplateText {
  return {
    subject: cleanLine(template.subject),
    html: template.html ? sanitizeTemplateHtml(template.html) : '',
    text: template.text,
  };
}

/** A complete context from the type's sample, for the editor's preview and for checking templates on save. */
export function sampleContext(def: DocumentTypeDef): TemplateContext {
  const data = def.schema.parse(def.sample()) as Record<string, unknown>;
  const parties = SAMPLE_PARTIES;
  return {
    recipient: { ...parties.recipient, email: 'jan.kowalski@example.pl' },
    unit: unitContext(parties.unit),
    property: {
      name: parties.issuer.name,
      street: parties.issuer.street,
      postalCode: parties.issuer.postalCode,
      city: parties.issuer.city,
    },
    account: {
      fromName: 'Administracja — Czynsze',
      fromAddress: 'czynsze@example.pl',
      feedbackAddress: 'biuro@example.pl',
    },
    document: { ...data, title: def.title(data, parties), period: def.period(data) },
  };
}

export const SAMPLE_PARTIES = {
  issuer: {
    name: 'Wspólnota Mieszkaniowa „Pod Lipami”',
    street: 'ul. Lipowa 7',
    postalCode: '31-042',
    city: 'Kraków',
    nip: '6762468021',
  },
  recipient: { name: 'Jan Kowalski', street: 'ul. Lipowa 7/12', postalCode: '31-042', city: 'Kraków', country: 'PL' },
  unit: { number: '12', address: 'ul. Lipowa 7/12, 31-042 Kraków', nrb: '34102010260000000000000001' },
};

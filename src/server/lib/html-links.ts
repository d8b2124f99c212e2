/**
 * Links and styles in HTML after a template was filled in. The template is sanitised once, before filling
 * (D19); values are escaped, so they cannot add tags or attributes — but a value inside `href="{{ … }}"` or
 * `style="color: {{ … }}"` can still make a `javascript:` link or a remote `url(…)`. This pass looks only at
 * attributes inside tags, in the form the sanitiser writes them (double quotes, `<`/`>` escaped), so it stays
 * cheap enough to run on every message of a batch.
 */

/** Schemes a link may use; anything else (javascript:, data:, vbscript:, file: …) is dropped. */
const LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
/** Schemes an image may use, as the sanitiser allows them (data: only for images). */
const IMAGE_SCHEMES = new Set(['https', 'cid']);
const DATA_IMAGE = /^data:image\/[a-z0-9.+-]+[;,]/i;
/** What a style may not contain once filled in: remote images, old IE script hooks, CSS escapes. */
const UNSAFE_STYLE = /url\s*\(|image-set|expression\s*\(|@import|behavior|-moz-binding|javascript:|\\/i;
/** Attributes that take a URL but that the sanitiser never lets through: present means injected. */
const NEVER = new Set([
  'srcset',
  'action',
  'formaction',
  'xlink:href',
  'background',
  'poster',
  'cite',
  'longdesc',
  'usemap',
  'ping',
  'lowsrc',
  'dynsrc',
  'codebase',
  'data',
  'manifest',
]);

const TAG = /<[a-z][^>]*>/gi;
const CHECKED_ATTRIBUTE =
  /(?:href|src|srcset|style|action|background|data|poster|cite|longdesc|ping|usemap|codebase|manifest)\s*=/i;
const ATTRIBUTE = /\s([^\s"'>/=]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)/g;
/** An attribute of a sanitised template whose value holds Liquid markup (the sanitiser writes `name="…"`). */
const FILLED_ATTRIBUTE = /\s([^\s"'>/=]+)="[^"]*?\{[{%]/g;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  tab: '\t',
  newline: '\n',
  nbsp: '\u00a0',
  sol: '/',
  lpar: '(',
  rpar: ')',
  bsol: '\\',
};

/** Character references as a browser reads them in an attribute; unknown names stay as written. */
function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Controls, spaces and invisible characters a browser ignores (or an attacker hides) inside a scheme. */
const IGNORED_IN_URL = /[\u0000-\u0020\u007f-\u00a0\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** The scheme of a URL as a browser would see it, lower-case; null for a relative URL. */
function schemeOf(url: string): string | null {
  const squeezed = url.replace(IGNORED_IN_URL, '');
  const colon = /^([^/?#]*?):/.exec(squeezed);
  return colon ? colon[1]!.toLowerCase() : null;
}

/** Whether a filled-in URL attribute value (as written in HTML, entities and all) may stay. */
export function allowedUrl(attribute: 'href' | 'src', written: string): boolean {
  const url = decodeEntities(written);
  const scheme = schemeOf(url);
  if (scheme === null) return true;
  if (attribute === 'href') return LINK_SCHEMES.has(scheme);
  if (scheme === 'data') return DATA_IMAGE.test(url.replace(IGNORED_IN_URL, ''));
  return IMAGE_SCHEMES.has(scheme);
}

function attributeAllowed(name: string, written: string): boolean {
  if (name === 'href' || name === 'src') return allowedUrl(name, written);
  if (name === 'style') return !UNSAFE_STYLE.test(decodeEntities(written));
  return !NEVER.has(name);
}

export interface LinkCheck {
  html: string;
  /** The attributes dropped, as written (for telling the template's author). */
  dropped: string[];
}

/** Drops every URL attribute with a scheme other than those allowed, and every style reaching outside. */
export function dropUnsafeLinks(html: string, tags: RegExp = TAG): LinkCheck {
  const dropped: string[] = [];
  const out = html.replace(tags, (tag) => {
    if (!CHECKED_ATTRIBUTE.test(tag)) return tag;
    return tag.replace(ATTRIBUTE, (attr, name: string, quoted: string) => {
      const value = quoted[0] === '"' || quoted[0] === "'" ? quoted.slice(1, -1) : quoted;
      if (attributeAllowed(name.toLowerCase(), value)) return attr;
      dropped.push(attr.trim());
      return '';
    });
  });
  return { html: dropped.length > 0 ? out : html, dropped };
}

/**
 * The check for every message of one sanitised template, or null when it needs none. Values are escaped, so a
 * message can differ from the sanitised template only in attribute values that hold Liquid markup: only tags with
 * such an attribute (href, src, style) are looked at. A template with none costs nothing per message.
 */
export function linkCheckFor(templateHtml: string): ((html: string) => string) | null {
  const names = new Set<string>();
  for (const m of templateHtml.matchAll(FILLED_ATTRIBUTE)) {
    const name = m[1]!.toLowerCase();
    if (name === 'href' || name === 'src' || name === 'style') names.add(name);
  }
  if (names.size === 0) return null;
  const tags = new RegExp(`<[a-z][^>]*?\\s(?:${[...names].join('|')})\\s*=[^>]*>`, 'gi');
  return (html) => dropUnsafeLinks(html, tags).html;
}

/**
 * A human reply's own words: the quoted history ("W dniu … napisał(a):", "On … wrote:", Outlook's "Od: / Wysłano:"
 * block, "-----Original Message-----", "> " lines) is cut off, and the rest bounded.
 */
export const MAX_REPLY_CHARS = 8000;

const ATTRIBUTION = [
  /^w dniu .{0,200}?(napisal\(a\)|napisal|napisala|pisze)\s*:?\s*$/,
  /^on .{0,200}?wrote\s*:?\s*$/,
  /^dnia .{0,200}?(napisal\(a\)|napisal|napisala|pisze)\s*:?\s*$/,
  /^-{2,}\s*(original message|oryginalna wiadomosc|wiadomosc oryginalna|forwarded message|wiadomosc przekazana)\s*-{2,}/,
  /^_{10,}$/,
];
const OUTLOOK_FROM = /^(od|from)\s*:\s+\S/;
const OUTLOOK_NEXT = /^(wyslano|wyslane|sent|data|date|do|to)\s*:\s/;

function fold(line: string): string {
  return line
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .trim();
}

export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const folded = fold(line);
    // An attribution line may be wrapped onto the next line by the mail program.
    const joined = `${folded} ${fold(lines[i + 1] ?? '')}`;
    if (ATTRIBUTION.some((re) => re.test(folded) || (folded.length > 0 && re.test(joined.trim())))) break;
    if (OUTLOOK_FROM.test(folded) && OUTLOOK_NEXT.test(fold(lines[i + 1] ?? ''))) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, MAX_REPLY_CHARS);
}

/** HTML to plain lines, enough to read a reply and match patterns; the quote containers are dropped first. */
export function htmlToText(html: string): string {
  const quoteAt = html.search(/<div[^>]+(gmail_quote|divrplyfwdmsg|moz-cite-prefix)|<blockquote|id="?appendonsend/i);
  const own = quoteAt >= 0 ? html.slice(0, quoteAt) : html;
  return own
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n) % 0x110000))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n');
}

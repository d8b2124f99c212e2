/**
 * Polish formatting for documents, templates, e-mails and the UI — the ONE place numbers are formatted (D40 in
 * docs/decisions.md). Money is always integer grosze.
 * Numbers: comma decimal, thousands grouped from 1 000 up with a no-break space (U+00A0): `1 205,97`, `11 177,17`.
 * Intl pl-PL leaves 4-digit numbers ungrouped (minimumGroupingDigits 2), so one column of a PDF showed `1205,97`
 * above `11 177,17`; the grouping is done here, not by Intl. The no-break space keeps an amount on one line; in the
 * PDFs' text layer it is the space glyph (pdftotext and copying give U+0020), browsers copy it as a space, and a
 * bank form given `1 205,97` or `1205,97` takes either. Dates `05.01.2026`.
 */
import { formatNrb, normalizeNrb } from './nrb.js';

/** The thousands separator: no-break space. */
export const GROUP_SEPARATOR = '\u00a0';

const plainFormatters = new Map<number, Intl.NumberFormat>();

function plain(minFraction: number, maxFraction: number): Intl.NumberFormat {
  const key = minFraction * 100 + maxFraction;
  let f = plainFormatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: minFraction,
      maximumFractionDigits: maxFraction,
      useGrouping: false,
    });
    plainFormatters.set(key, f);
  }
  return f;
}

/** A number with Polish separators: `1 234,5`; `minFraction`/`maxFraction` digits after the comma. */
export function formatNumber(value: number, maxFraction = 0, minFraction = 0): string {
  const s = plain(minFraction, Math.max(minFraction, maxFraction)).format(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s; // NaN, Infinity
  const [, sign, int = '', fraction] = m;
  const grouped = int.length < 4 ? int : int.replace(/\B(?=(\d{3})+$)/g, GROUP_SEPARATOR);
  const text = fraction ? `${grouped},${fraction}` : grouped;
  return sign && /[1-9]/.test(text) ? `-${text}` : text;
}

/** A file's size: `512 B`, `1 205 KB`, `3,4 MB`. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024)} KB`;
  return `${formatNumber(bytes / 1024 / 1024, 1)} MB`;
}

/** `12 345,67 zł` from grosze. */
export function formatMoney(grosze: number): string {
  return `${formatAmount(grosze)}${GROUP_SEPARATOR}zł`;
}

/** `12 345,67` (no currency) from grosze, for table cells. */
export function formatAmount(grosze: number): string {
  return formatNumber(grosze / 100, 2, 2);
}

/** A plain number with Polish separators, e.g. rates `2,2000` or quantities `54,3`. */
export function formatDecimal(value: number, minFraction = 0, maxFraction = 4): string {
  return formatNumber(value, maxFraction, minFraction);
}

/** `05.01.2026` from `2026-01-05` (a calendar date) or from an ISO instant (taken in Polish time). */
export function formatDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return `${m[3]}.${m[2]}.${m[1]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat('pl-PL', {
    timeZone: 'Europe/Warsaw',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(d);
}

/** Month names as in `5 stycznia`. */
export const MONTHS_GENITIVE = [
  'stycznia',
  'lutego',
  'marca',
  'kwietnia',
  'maja',
  'czerwca',
  'lipca',
  'sierpnia',
  'września',
  'października',
  'listopada',
  'grudnia',
];
const MONTHS_NOMINATIVE = [
  'styczeń',
  'luty',
  'marzec',
  'kwiecień',
  'maj',
  'czerwiec',
  'lipiec',
  'sierpień',
  'wrzesień',
  'październik',
  'listopad',
  'grudzień',
];

/** `5 stycznia 2026 r.` — the form used in letters. */
export function formatDateLong(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  return `${Number(m[3])} ${MONTHS_GENITIVE[Number(m[2]) - 1]} ${m[1]} r.`;
}

/** `kwiecień 2026` from `2026-04`. */
export function formatPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  return `${MONTHS_NOMINATIVE[Number(m[2]) - 1]} ${m[1]}`;
}

/** `XX XXXX …` grouped NRB; anything that is not 26 digits is returned as given. */
export function formatAccountNumber(value: string): string {
  return normalizeNrb(value) ? formatNrb(value) : value;
}

const UNITS = ['', 'jeden', 'dwa', 'trzy', 'cztery', 'pięć', 'sześć', 'siedem', 'osiem', 'dziewięć'];
const TEENS = [
  'dziesięć',
  'jedenaście',
  'dwanaście',
  'trzynaście',
  'czternaście',
  'piętnaście',
  'szesnaście',
  'siedemnaście',
  'osiemnaście',
  'dziewiętnaście',
];
const TENS = [
  '',
  '',
  'dwadzieścia',
  'trzydzieści',
  'czterdzieści',
  'pięćdziesiąt',
  'sześćdziesiąt',
  'siedemdziesiąt',
  'osiemdziesiąt',
  'dziewięćdziesiąt',
];
const HUNDREDS = [
  '',
  'sto',
  'dwieście',
  'trzysta',
  'czterysta',
  'pięćset',
  'sześćset',
  'siedemset',
  'osiemset',
  'dziewięćset',
];
/** [one, few (2–4), many] for each power of a thousand. */
const SCALES: [string, string, string][] = [
  ['', '', ''],
  ['tysiąc', 'tysiące', 'tysięcy'],
  ['milion', 'miliony', 'milionów'],
  ['miliard', 'miliardy', 'miliardów'],
];

/** Polish plural form: 1 → one, 2–4 (not 12–14) → few, else many. */
export function pluralForm<T>(n: number, [one, few, many]: [T, T, T]): T {
  if (n === 1) return one;
  const lastTwo = n % 100;
  const last = n % 10;
  if (last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14)) return few;
  return many;
}

function below1000(n: number): string[] {
  const words: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) words.push(HUNDREDS[h]!);
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]!);
  else {
    if (rest >= 20) words.push(TENS[Math.floor(rest / 10)]!);
    if (rest % 10) words.push(UNITS[rest % 10]!);
  }
  return words;
}

/** A whole number in Polish words: 1234 → "jeden tysiąc dwieście trzydzieści cztery". */
export function numberInWords(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('expected a non-negative integer');
  if (value === 0) return 'zero';
  const words: string[] = [];
  let scale = 0;
  let n = value;
  const groups: string[][] = [];
  while (n > 0) {
    const group = n % 1000;
    if (group) {
      const scaleWords = SCALES[scale];
      if (!scaleWords) throw new RangeError('number too large');
      const g = scale > 0 && group === 1 ? ['jeden'] : below1000(group);
      if (scale > 0) g.push(pluralForm(group, scaleWords));
      groups.unshift(g);
    }
    n = Math.floor(n / 1000);
    scale++;
  }
  for (const g of groups) words.push(...g);
  return words.join(' ');
}

/** Amount in words as on Polish payment slips: 12345 gr → "sto dwadzieścia trzy złote 45/100". */
export function moneyInWords(grosze: number): string {
  const negative = grosze < 0;
  const abs = Math.abs(grosze);
  const zl = Math.floor(abs / 100);
  const gr = abs % 100;
  const unit = pluralForm(zl, ['złoty', 'złote', 'złotych']);
  const text = `${numberInWords(zl)} ${unit} ${String(gr).padStart(2, '0')}/100`;
  return negative ? `minus ${text}` : text;
}

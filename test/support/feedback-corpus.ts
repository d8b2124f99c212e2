import { BOUNCES } from './feedback-corpus.bounces.js';
import { type CorpusMessage, type Ctx, crlf, pick, type Template } from './feedback-corpus.kit.js';
import { OTHERS } from './feedback-corpus.others.js';

/**
 * A deterministic corpus of feedback mail (D44): N labelled messages from templates of every kind and provider
 * style, with addresses, ids, providers and languages varied by a seeded generator. Used by the accuracy test,
 * `bench:feedback` and the exactly-once test; the same seed always gives the same bytes.
 */
export type { CorpusLabel, CorpusMessage } from './feedback-corpus.kit.js';

/** mulberry32: small, fast, good enough for test data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'jan',
  'anna',
  'piotr',
  'ewa',
  'tomasz',
  'agnieszka',
  'krzysztof',
  'malgorzata',
  'pawel',
  'zofia',
  'lukasz',
  'irena',
];
const LAST = [
  'kowalski',
  'nowak',
  'wisniewska',
  'wojcik',
  'kaminski',
  'lewandowska',
  'zielinski',
  'szymanska',
  'dabrowski',
  'krol',
];
const DOMAINS = [
  'wp.pl',
  'onet.pl',
  'interia.pl',
  'o2.pl',
  'gmail.com',
  'outlook.com',
  'poczta.fm',
  'vp.pl',
  'firma-abc.pl',
  'spoldzielnia-xyz.pl',
];
const OURS = ['wm-lipowa.pl', 'sm-zacisze.pl', 'zarzadca-nieruchomosci.com.pl', 'tbs-krakow.pl'];
const SUBJECTS = [
  'Zawiadomienie o wysokości opłat od 1 stycznia 2027',
  'Rozliczenie wody za II półrocze',
  'Faktura VAT 12/2026',
  'Zebranie wspólnoty 15 stycznia',
  'Kartoteka lokalu — saldo',
];

const TEMPLATES: Record<string, Template> = { ...BOUNCES, ...OTHERS };

/** Shares of each template in a mixed mailbox (bounces most, then replies and auto-replies). */
const MIX: [string, number][] = [
  ['postfixDsn', 20],
  ['exchangeDsn', 12],
  ['eximText', 8],
  ['qmailText', 8],
  ['delayDsn', 8],
  ['expiredDsn', 4],
  ['arf', 4],
  ['mdn', 8],
  ['autoReply', 12],
  ['reply', 10],
  ['unknown', 6],
];

export function feedbackCorpus(count: number, seed = 12): CorpusMessage[] {
  const rng = seeded(seed);
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  const out: CorpusMessage[] = [];
  for (let n = 0; n < count; n++) {
    let r = rng() * total;
    let name = MIX[0]?.[0] as string;
    for (const [template, weight] of MIX) {
      r -= weight;
      name = template;
      if (r < 0) break;
    }
    const hex = Math.floor(rng() * 0xffffffffffff)
      .toString(16)
      .padStart(12, '0');
    const c: Ctx = {
      rng,
      n,
      ours: pick(rng, OURS),
      tag: Math.floor(rng() * 36 ** 8)
        .toString(36)
        .padStart(8, '0'),
      id: `0193a4c2-7d1e-7b3a-9f10-${hex}`,
      rcpt: `${pick(rng, FIRST)}.${pick(rng, LAST)}${n % 7 === 0 ? n : ''}@${pick(rng, DOMAINS)}`,
      subject: pick(rng, SUBJECTS),
    };
    const { text, label } = (TEMPLATES[name] as Template)(c);
    out.push({ template: name, raw: crlf(text), label, id: c.id, rcpt: c.rcpt, tag: c.tag });
  }
  return out;
}

/**
 * Notice periods for fee notices (D68). Pure: dates are office-calendar days as `YYYY-MM-DD`.
 *
 * - Cooperative, member/owner: at least 3 months ahead to the end of a calendar month (art. 4 ust. 7 usm); for
 *   costs outside the cooperative's control (energy, gas, water, sewage, waste) at least 14 days before the payment
 *   deadline and no later than the last day of the month before it (art. 4 ust. 7¹ usm).
 * - Tenant (any property): 3 months to the end of a calendar month, in writing on pain of nullity (art. 8a ust. 1–2
 *   uopl); fees outside the owner's control are excluded from art. 8a ust. 1, so no period applies to them.
 * - Wspólnota, owner: what the community's resolution sets (a setting per property); none by default.
 * - Own or managed stock, owner: no statutory period.
 *
 * The notice counts from the day it is sent; the law counts from delivery, so the warning says so.
 */

export type LegalRelation = 'owner' | 'co_owner' | 'tenant' | 'member';
export type NoticePropertyKind = 'community' | 'cooperative' | 'own' | 'managed';

/** What a wspólnota's resolution sets: the notice ahead of the new fees' first day, or nothing. */
export type CommunityNotice = { unit: 'days' | 'months'; amount: number } | null;

export interface NoticeInput {
  relation: LegalRelation;
  propertyKind: NoticePropertyKind;
  /** Every changed component is a cost outside the manager's control (energy, gas, water, sewage, waste). */
  outsideControlOnly: boolean;
  communityNotice?: CommunityNotice;
  /** The day the notice is sent. */
  sentOn: string;
  /** The new fees' first day. */
  validFrom: string;
  /** Day of the month the fees are due (art. 4 ust. 7¹); 10 when the notice does not say. */
  paymentDay?: number;
}

export type NoticeRule = 'usm_4_7' | 'usm_4_7_1' | 'uopl_8a' | 'community_resolution' | 'none';

export type NoticeResult =
  | { ok: true; rule: NoticeRule; writtenForm: boolean }
  | { ok: false; rule: NoticeRule; writtenForm: boolean; earliest: string; reason: string };

interface Ymd {
  y: number;
  m: number; // 1–12
  d: number;
}

const parse = (s: string): Ymd => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return { y, m, d };
};
const pad = (n: number) => String(n).padStart(2, '0');
const fmt = ({ y, m, d }: Ymd) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** The first day of the month `n` months after `s`'s month. */
const firstOfMonthPlus = (s: Ymd, n: number): Ymd => {
  const i = s.y * 12 + (s.m - 1) + n;
  return { y: Math.floor(i / 12), m: (i % 12) + 1, d: 1 };
};
const addDays = (s: Ymd, n: number): Ymd => {
  const t = new Date(Date.UTC(s.y, s.m - 1, s.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
const addMonths = (s: Ymd, n: number): Ymd => {
  const f = firstOfMonthPlus(s, n);
  return { ...f, d: Math.min(s.d, daysIn(f.y, f.m)) };
};
/** The first day of a month on or after `s`. */
const firstOnOrAfter = (s: Ymd): Ymd => (s.d === 1 ? s : firstOfMonthPlus(s, 1));

const plDate = (s: string) => `${s.slice(8, 10)}.${s.slice(5, 7)}.${s.slice(0, 4)}`;

/** The earliest first day of the new fees a notice sent on `sentOn` allows, or null when no period applies. */
export function earliestValidFrom(input: Omit<NoticeInput, 'validFrom'>): {
  rule: NoticeRule;
  earliest: string | null;
} {
  const sent = parse(input.sentOn);
  const rule = ruleFor(input);
  switch (rule) {
    case 'usm_4_7':
    case 'uopl_8a':
      // Given in month M, the notice runs to the end of M + 3; the new fees start on the first day after it.
      return { rule, earliest: fmt(firstOfMonthPlus(sent, 4)) };
    case 'usm_4_7_1': {
      // Sent no later than the last day of the month before, and at least 14 days before that month's deadline.
      const day = input.paymentDay ?? 10;
      let next = firstOfMonthPlus(sent, 1);
      for (;;) {
        const deadline = { ...next, d: Math.min(day, daysIn(next.y, next.m)) };
        if (fmt(addDays(sent, 14)) <= fmt(deadline)) return { rule, earliest: fmt(next) };
        next = firstOfMonthPlus(next, 1);
      }
    }
    case 'community_resolution': {
      const c = input.communityNotice!;
      const after = c.unit === 'days' ? addDays(sent, c.amount) : addMonths(sent, c.amount);
      return { rule, earliest: fmt(firstOnOrAfter(after)) };
    }
    case 'none':
      return { rule, earliest: null };
  }
}

function ruleFor(input: Omit<NoticeInput, 'validFrom' | 'sentOn'>): NoticeRule {
  if (input.relation === 'tenant') return input.outsideControlOnly ? 'none' : 'uopl_8a';
  if (input.propertyKind === 'cooperative') return input.outsideControlOnly ? 'usm_4_7_1' : 'usm_4_7';
  if (input.propertyKind === 'community' && input.communityNotice && input.communityNotice.amount > 0)
    return 'community_resolution';
  return 'none';
}

const WHY: Record<Exclude<NoticeRule, 'none'>, string> = {
  usm_4_7:
    'spółdzielnia zawiadamia co najmniej na 3 miesiące naprzód na koniec miesiąca kalendarzowego (art. 4 ust. 7 usm)',
  usm_4_7_1:
    'przy kosztach niezależnych od spółdzielni zawiadomienie najpóźniej 14 dni przed terminem płatności i nie później niż ostatniego dnia poprzedniego miesiąca (art. 4 ust. 7¹ usm)',
  uopl_8a:
    'podwyżkę czynszu lub opłat wypowiada się najpóźniej na koniec miesiąca kalendarzowego z 3-miesięcznym terminem, na piśmie (art. 8a ust. 1–2 ustawy o ochronie praw lokatorów)',
  community_resolution: 'uchwała wspólnoty wymaga zawiadomienia z wyprzedzeniem',
};

/** Whether new fees from `validFrom` keep the notice period for a notice sent on `sentOn`; if not, from when. */
export function checkNoticePeriod(input: NoticeInput): NoticeResult {
  const writtenForm = input.relation === 'tenant' && !input.outsideControlOnly;
  const { rule, earliest } = earliestValidFrom(input);
  if (rule === 'none' || earliest === null || input.validFrom >= earliest) return { ok: true, rule, writtenForm };
  const ahead =
    rule === 'community_resolution'
      ? ` (${input.communityNotice!.amount} ${input.communityNotice!.unit === 'days' ? 'dni' : 'mies.'})`
      : '';
  return {
    ok: false,
    rule,
    writtenForm,
    earliest,
    reason:
      `Zmiana od ${plDate(input.validFrom)} jest za wczesna przy wysyłce ${plDate(input.sentOn)}: ` +
      `${WHY[rule]}${ahead}. Najwcześniej od ${plDate(earliest)} (licząc od wysyłki; liczy się doręczenie).`,
  };
}

const OUTSIDE_CONTROL = [
  'energi',
  'prąd',
  'gaz',
  'wod',
  'ścieki',
  'kanalizac',
  'odpad',
  'śmieci',
  'c.o.',
  'ciepł',
  'ogrzew',
  'cw',
  'zw',
];

/** A component name that reads as a cost outside the manager's control (energy, gas, water, sewage, waste). */
export function isOutsideControl(name: string): boolean {
  const n = name.toLowerCase();
  return OUTSIDE_CONTROL.some((w) => (w.length <= 2 ? new RegExp(`\\b${w}\\b`).test(n) : n.includes(w)));
}

/** The day of the month in a payment deadline such as "do 10. dnia każdego miesiąca"; null when none is given. */
export function paymentDayOf(text: string | undefined): number | null {
  const m = /(\d{1,2})/.exec(text ?? '');
  const d = m ? Number(m[1]) : Number.NaN;
  return d >= 1 && d <= 31 ? d : null;
}

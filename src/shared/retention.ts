import { formatDate } from './format.js';
import { z } from './zod.js';

/**
 * Retention (RODO art. 5 ust. 1 lit. e; issue 15, point 5; D76): how long each category of data is kept, counted
 * from sending (or from the event), then removed by the worker's daily job.
 */
export const RETENTION_CATEGORIES = [
  'taxDocuments',
  'correspondence',
  'proofs',
  'feedback',
  'events',
  'audit',
] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

/** Document types whose messages are tax documents (sales documents, invoices): art. 86 Ordynacji podatkowej. */
export const TAX_DOCUMENT_TYPES = ['sales_document'] as const;

export interface CategoryRule {
  defaultMonths: number;
  minMonths: number;
  maxMonths: number;
  /** Counted from the end of the calendar year of sending (tax and limitation periods); else from the date itself. */
  fromYearEnd: boolean;
  /** Why the minimum, in Polish: shown when a lower value is refused. */
  minReason: string;
}

const MAX = 20 * 12;

export const CATEGORY_RULES: Record<RetentionCategory, CategoryRule> = {
  taxDocuments: {
    defaultMonths: 60,
    minMonths: 60,
    maxMonths: MAX,
    fromYearEnd: true,
    minReason:
      'Dokumenty podatkowe (faktury, dokumenty sprzedaży) trzeba przechowywać 5 lat od końca roku, w którym powstał obowiązek podatkowy (art. 86 Ordynacji podatkowej, art. 112 ustawy o VAT).',
  },
  correspondence: {
    defaultMonths: 36,
    minMonths: 36,
    maxMonths: MAX,
    fromYearEnd: true,
    minReason:
      'Roszczenia o opłaty i rozliczenia przedawniają się po 3 latach, z końcem roku (art. 118 Kodeksu cywilnego) — krócej nie udowodnisz, co i kiedy wysłano.',
  },
  proofs: {
    defaultMonths: 60,
    minMonths: 36,
    maxMonths: MAX,
    fromYearEnd: true,
    minReason:
      'Dowód wysyłki trzeba mieć co najmniej tak długo jak pismo, którego dowodzi (roszczenia: 3 lata, art. 118 KC); dowody dokumentów podatkowych zostają i tak 5 lat.',
  },
  feedback: {
    defaultMonths: 36,
    minMonths: 12,
    maxMonths: MAX,
    fromYearEnd: false,
    minReason:
      'Odpowiedzi adresatów i zwrotki bywają dowodem w sporze (np. sprzeciw wobec opłat) — przechowuj je co najmniej rok.',
  },
  events: {
    defaultMonths: 13,
    minMonths: 1,
    maxMonths: MAX,
    fromYearEnd: false,
    minReason: 'Systemy czynszowe odbierają zdarzenia z opóźnieniem — zostaw im co najmniej miesiąc.',
  },
  audit: {
    defaultMonths: 60,
    minMonths: 12,
    maxMonths: MAX,
    fromYearEnd: false,
    minReason:
      'Dziennik zdarzeń pokazuje, kto co zrobił z danymi (rozliczalność, art. 5 ust. 2 RODO) — przechowuj go co najmniej rok.',
  },
};

const months = (c: RetentionCategory) => {
  const r = CATEGORY_RULES[c];
  return z
    .number()
    .int('Podaj pełną liczbę miesięcy.')
    .min(r.minMonths, r.minReason)
    .max(r.maxMonths, `Najwyżej ${r.maxMonths / 12} lat.`);
};

/** Months to keep each category. */
export const RetentionPolicy = z.strictObject({
  taxDocuments: months('taxDocuments'),
  correspondence: months('correspondence'),
  proofs: months('proofs'),
  feedback: months('feedback'),
  events: months('events'),
  audit: months('audit'),
});
export type RetentionPolicy = z.infer<typeof RetentionPolicy>;

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = Object.fromEntries(
  RETENTION_CATEGORIES.map((c) => [c, CATEGORY_RULES[c].defaultMonths]),
) as RetentionPolicy;

/** What one run removed, per kind of row (counts only: nothing personal). */
export const RetentionCounts = z.object({
  /** Messages whose body, attachments and frozen .eml went (the row stays as a trace). */
  contents: z.number(),
  /** Source documents (their data and PDF) of messages whose content went. */
  documents: z.number(),
  /** Message rows removed altogether (their proof period ended). */
  proofs: z.number(),
  feedbackMessages: z.number(),
  feedbackEvents: z.number(),
  feedbackReplies: z.number(),
  events: z.number(),
  audit: z.number(),
  blobs: z.number(),
});
export type RetentionCounts = z.infer<typeof RetentionCounts>;

export const RetentionSettings = z.object({
  policy: RetentionPolicy,
  defaults: RetentionPolicy,
  /** The last run of the daily job: when and what it removed; null before the first. */
  lastRun: z.object({ at: z.string(), counts: RetentionCounts }).nullable(),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

/** What "Usuń dane adresata" removes and keeps, said before it is confirmed. */
export const ErasurePreview = z.object({
  recipientId: z.string(),
  name: z.string(),
  emails: z.array(z.string()),
  /** Drafts and unsent messages deleted, and sent messages whose content goes now (no duty to keep it). */
  removedMessages: z.number(),
  /** Sent messages kept (tax documents, proofs for claims) until their retention ends. */
  keptMessages: z.number(),
  keptTaxMessages: z.number(),
  replies: z.number(),
  /** Blocked addresses kept as a hash so they stay blocked. */
  suppressions: z.number(),
  /** The date the last kept message goes (dd.mm.rrrr in the UI), null when nothing is kept. */
  keptUntil: z.string().nullable(),
});
export type ErasurePreview = z.infer<typeof ErasurePreview>;

/** What a message whose content retention removed shows instead of it (and says when asked for the .eml). */
export function contentRemovedText(at: string): string {
  return `Treść usunięta zgodnie z zasadami przechowywania (${formatDate(at)})`;
}

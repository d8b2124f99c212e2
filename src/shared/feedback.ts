import { Id, z } from './zod.js';

/** Feedback read from a feedback mailbox, as the message view shows it (issue 12, D48). */
export const FeedbackKind = z.enum([
  'hard_bounce',
  'soft_bounce',
  'policy_block',
  'delay',
  'complaint',
  'auto_reply',
  'read_receipt',
  'reply',
  'unknown',
]);
export type FeedbackKind = z.infer<typeof FeedbackKind>;

/** The badges a message in a list carries. */
export const FeedbackBadge = z.enum(['bounce', 'read', 'auto_reply', 'complaint']);
export type FeedbackBadge = z.infer<typeof FeedbackBadge>;

export const FeedbackEventView = z.object({
  id: Id,
  kind: FeedbackKind,
  /** A code (report.ts FeedbackReason); the UI says it in Polish (feedback.reason.<code>). */
  reason: z.string(),
  /** How it was tied to the message: verp, envid, message_id… (only the first three may block an address). */
  confidence: z.string(),
  /** A VERP tag was there but failed its signature. */
  forged: z.boolean(),
  /** What it did: bounced, blocked, suspect, reset, complaint, alarm, auto_reply, receipt, reply, info, none… */
  effect: z.string(),
  occurredAt: z.string(),
  /** The raw report kept beside the proof (a blob). */
  rawSha256: z.string().nullable(),
});
export type FeedbackEventView = z.infer<typeof FeedbackEventView>;

/** The badges for a message's events: a bounce that acted, a read receipt, an auto-reply, a complaint. */
export function feedbackBadges(events: { kind: string; effect: string }[]): FeedbackBadge[] {
  const out = new Set<FeedbackBadge>();
  for (const e of events) {
    if (e.kind === 'hard_bounce' && e.effect !== 'none') out.add('bounce');
    if (e.kind === 'read_receipt') out.add('read');
    if (e.kind === 'auto_reply') out.add('auto_reply');
    if (e.kind === 'complaint') out.add('complaint');
  }
  return FeedbackBadge.options.filter((b) => out.has(b));
}

import { Cursor, Id, Limit, z } from './zod.js';

/** Unknown feedback mail waiting for a person (issue 12 point 8, D50): the triage list "Do przejrzenia". */
export const TriageQuery = z.object({ cursor: Cursor, limit: Limit });
export type TriageQuery = z.infer<typeof TriageQuery>;

export const TriageItem = z.object({
  id: Id,
  fromAddress: z.string().nullable(),
  fromName: z.string().nullable(),
  subject: z.string(),
  receivedAt: z.string(),
  /** The classifier's reason code (unrecognised, too_large, delivered); the UI says it in Polish. */
  reason: z.string(),
  /** The feedback mailbox it was read from (its name), when it still exists. */
  mailboxName: z.string().nullable(),
});
export type TriageItem = z.infer<typeof TriageItem>;

/**
 * Why the classifier could not say what the mail is, as codes the UI says in Polish (`triage.why.<code>`):
 * too_large, delivered, bulk, not_threaded, no_report, not_tied, tied_weakly.
 */
export const TriageWhy = z.enum([
  'too_large',
  'delivered',
  'bulk',
  'not_threaded',
  'no_report',
  'not_tied',
  'tied_weakly',
]);
export type TriageWhy = z.infer<typeof TriageWhy>;

export const TriageMessageRef = z.object({
  id: Id,
  subject: z.string(),
  toAddress: z.string(),
  status: z.string(),
  sentAt: z.string().nullable(),
});
export type TriageMessageRef = z.infer<typeof TriageMessageRef>;

export const TriageDetail = TriageItem.extend({
  /** The plain text (or the HTML's text when there is none), bounded. */
  text: z.string(),
  /** Sanitised HTML (lib/html.ts), shown in a sandboxed frame; empty when the mail has none. */
  html: z.string(),
  why: z.array(TriageWhy),
  /** A message the classifier tied it to by a weak clue (the address, In-Reply-To), offered as the first choice. */
  message: TriageMessageRef.nullable(),
  /** Whether the whole mail could be read (false: too large, only its headers were kept). */
  complete: z.boolean(),
});
export type TriageDetail = z.infer<typeof TriageDetail>;

/** What a person decides: a tenant's reply (optionally to a message), a bounce of a message, or nothing to do. */
export const TriageDecisionInput = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('reply'), messageId: Id.optional() }),
  z.object({ decision: z.literal('bounce'), messageId: Id }),
  z.object({ decision: z.literal('nothing') }),
]);
export type TriageDecisionInput = z.infer<typeof TriageDecisionInput>;

export const TriageDecisionResult = z.object({
  id: Id,
  decision: z.enum(['reply', 'bounce', 'nothing']),
  /** bounce: whether the message became bounced / its address blocked (false: it already was). */
  changed: z.boolean(),
});
export type TriageDecisionResult = z.infer<typeof TriageDecisionResult>;

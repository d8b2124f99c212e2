import { FeedbackAlarm } from './accounts.js';
import { Id, z } from './zod.js';

export const DailyQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(30) });

export const DailyStats = z.object({
  /** Calendar days in Poland, oldest first, `YYYY-MM-DD`. */
  days: z.array(z.string()),
  accounts: z.array(
    z.object({
      accountId: Id,
      name: z.string(),
      /** One number per day, aligned with `days`. */
      sent: z.array(z.number().int()),
      failed: z.array(z.number().int()),
    }),
  ),
});
export type DailyStats = z.infer<typeof DailyStats>;

/** Pulpit's "Wymaga uwagi": what is wrong now, within the user's accounts. `allFine` only when nothing is. */
export const Attention = z.object({
  allFine: z.boolean(),
  /** Messages that finally failed and were not repaired since (Błędy, "nierozwiązane"). */
  failed: z.number().int(),
  /** Messages bounced after sending (the address does not exist) and not repaired since (Błędy, D48). */
  bounced: z.number().int(),
  /** Tenants' replies (Odebrane) this user has not read yet (D50). */
  unreadReplies: z.number().int(),
  /** Unknown mail from the feedback mailboxes waiting for a person ("Do przejrzenia", D50). */
  triage: z.number().int(),
  /** Batches that came without a person and wait in Robocze for a clerk's approval ("Do zatwierdzenia", D61). */
  awaitingApproval: z.array(z.object({ batchId: Id, name: z.string(), drafts: z.number().int(), since: z.string() })),
  /** Messages waiting in `held`, by why. */
  held: z.object({ account: z.number().int(), paused: z.number().int(), suppressed: z.number().int() }),
  /** Messages due more than a quarter of an hour ago and still not sent (is the sender running?). */
  overdue: z.number().int(),
  /** Messages waiting for a retry (a recipient's full mailbox, a server's passing refusal…). */
  retrying: z.number().int(),
  /** When the first of them is tried again (null when none waits). */
  nextRetryAt: z.string().nullable(),
  /** Accounts that cannot send now, or whose last attempt failed. */
  accounts: z.array(
    z.object({
      id: Id,
      name: z.string(),
      state: z.enum(['closed', 'open', 'half_open', 'paused']),
      /** The problem in a few words ("Nie można połączyć się z serwerem smtp.example.pl:587"). */
      problem: z.string().nullable(),
      /** When the problem began. */
      since: z.string().nullable(),
      /** When the sender tries the account again by itself (an open circuit). */
      nextTryAt: z.string().nullable(),
      /** The account's messages waiting on it (held for it, or waiting for a retry). */
      waiting: z.number().int(),
      /** A bounce said a recipient's server refused the account's mail (spam, SPF/DKIM/DMARC…): D48. */
      feedbackAlarm: FeedbackAlarm.nullable(),
    }),
  ),
});
export type Attention = z.infer<typeof Attention>;

import { type RawBuilder, sql } from 'kysely';
import type { AttemptOutcome, HeldReason, Mailbox, MessageStatus } from '../db/schema.js';

/** One outcome to write: the message's new state, fenced by the worker (`owner`) that holds its lease. */
export interface FinishRow {
  id: string;
  owner: string;
  status: MessageStatus;
  mailbox: Mailbox;
  next_attempt_at: string | null;
  last_outcome: AttemptOutcome;
  last_error: string | null;
  error_hint: string | null;
  held_reason: HeldReason | null;
  sent_at: string | null;
  smtp_response: string | null;
  smtp_queue_id: string | null;
  /** 1 gives the attempt back (account-level failures never use up a message's attempts). */
  refund: 0 | 1;
  /** Reaper only: write only if the lease is still expired at this time (the owner did not renew meanwhile). */
  expired_before: string | null;
}

/** The outcomes as the common table `v` that `finishUpdate` reads (one row per message). */
export function finishValues(rows: FinishRow[]) {
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${r.id}, ${r.owner}, ${r.status}, ${r.mailbox}, ${r.next_attempt_at}, ${r.last_outcome}, ${r.last_error}, ${r.error_hint}, ${r.held_reason}, ${r.sent_at}, ${r.smtp_response}, ${r.smtp_queue_id}, ${r.refund}, ${r.expired_before})`,
    ),
  );
  return sql`v (id, owner, status, mailbox, next_attempt_at, last_outcome, last_error, error_hint, held_reason, sent_at,
    smtp_response, smtp_queue_id, refund, expired_before) as (values ${values})`;
}

/**
 * The fenced UPDATE of the messages from the VALUES table `v`: each outcome is written only while its worker still
 * holds the lease (the reaper's only while the lease is still expired); the lease ends, the attempt is given back on
 * refund. `returning` names what the statement hands back of each message written.
 */
export const finishUpdate = (nowIso: string, returning: RawBuilder<unknown>) => sql`
  update messages set
    status = v.status, mailbox = v.mailbox, lease_owner = null, lease_expires_at = null,
    next_attempt_at = v.next_attempt_at, last_outcome = v.last_outcome, last_error = v.last_error,
    error_hint = v.error_hint, held_reason = v.held_reason, sent_at = coalesce(v.sent_at, messages.sent_at),
    smtp_response = coalesce(v.smtp_response, messages.smtp_response),
    smtp_queue_id = coalesce(v.smtp_queue_id, messages.smtp_queue_id),
    attempts = messages.attempts - cast(v.refund as integer), updated_at = ${nowIso}
  from v
  where messages.id = v.id and messages.lease_owner = v.owner and messages.status = 'sending'
    and (v.expired_before is null or messages.lease_expires_at < v.expired_before)
  returning ${returning}`;

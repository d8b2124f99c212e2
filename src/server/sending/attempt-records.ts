import { mailboxOf } from '../../shared/messages.js';
import type { MessageStatus, NewRow } from '../db/schema.js';
import { newId } from '../lib/ids.js';
import type { FinishRow } from './finish-sql.js';
import { type Decision, queueIdOf } from './outcome.js';
import type { AttemptRecord, AttemptReport } from './ports.js';

/** What the observer is told about attempts a worker reported (D74); `written`: the ids whose outcome was written. */
export function reportedAttempts(
  workerId: string,
  decided: { report: AttemptReport; d: Decision }[],
  written: Set<string>,
): AttemptRecord[] {
  return decided.map(({ report, d }) => {
    const m = report.message;
    const failure = report.result.ok ? null : report.result.failure;
    return {
      id: m.id,
      accountId: m.accountId,
      batchId: m.batchId,
      workerId,
      outcome: d.outcome,
      status: d.status,
      failureClass: d.classification?.class ?? null,
      reason: failure?.code === 'ESHUTDOWN' ? 'shutdown' : (d.classification?.reason ?? null),
      smtpCode: report.result.ok ? 250 : (failure?.responseCode ?? null),
      seconds: (report.finishedAt.getTime() - report.startedAt.getTime()) / 1000,
      written: written.has(m.id),
    };
  });
}

/** What the observer is told about sends the reaper closed (their worker stopped mid-send; nobody timed them). */
export function reapedAttempts(
  rows: {
    id: string;
    account_id: string;
    batch_id: string | null;
    lease_owner: string | null;
    status: MessageStatus;
  }[],
): AttemptRecord[] {
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    batchId: row.batch_id,
    workerId: row.lease_owner ?? '',
    outcome: 'unknown',
    status: row.status,
    failureClass: null,
    reason: 'lease_expired',
    smtpCode: null,
    seconds: null,
    written: true,
  }));
}

/** The attempt row of a reported send (written whether or not its outcome is: it really happened). */
export function attemptRow(workerId: string, report: AttemptReport, d: Decision): NewRow<'message_attempts'> {
  const m = report.message;
  return {
    id: newId(),
    message_id: m.id,
    series: m.series,
    attempt_no: m.attempts,
    account_id: m.accountId,
    worker_id: workerId,
    started_at: report.startedAt.toISOString(),
    finished_at: report.finishedAt.toISOString(),
    outcome: d.outcome,
    smtp_code: report.result.ok ? 250 : (report.result.failure.responseCode ?? null),
    enhanced_status: d.classification?.enhanced ?? null,
    response: report.result.ok ? report.result.response : (d.lastError ?? null),
    error_code: report.result.ok ? null : (report.result.failure.code ?? null),
  };
}

/** The row to write for a decision; `accepted` carries the server's 250 reply when the message went out. */
export function finishRow(
  id: string,
  owner: string,
  d: Decision,
  accepted: { response: string; at: Date } | null,
  expiredBefore: string | null = null,
): FinishRow {
  return {
    id,
    owner,
    status: d.status,
    mailbox: mailboxOf(d.status),
    next_attempt_at: d.nextAttemptAt?.toISOString() ?? null,
    last_outcome: d.outcome,
    last_error: d.lastError,
    error_hint: d.hint,
    held_reason: d.heldReason,
    sent_at: accepted?.at.toISOString() ?? null,
    smtp_response: accepted?.response ?? null,
    smtp_queue_id: accepted ? queueIdOf(accepted.response) : null,
    refund: d.refundAttempt ? 1 : 0,
    expired_before: expiredBefore,
  };
}

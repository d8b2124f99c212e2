import { mailboxKey } from '../../shared/email-address.js';
import type { BlobReader } from '../db/blob-reader.js';
import type { DialectName } from '../db/dialect.js';
import type { Db, NewRow, SmtpUtf8Support } from '../db/schema.js';
import type { MessageEventInput, MessageEventLog } from '../events/message-events.js';
import type { Clock } from '../lib/clock.js';
import type { SecretBox } from '../lib/crypto.js';
import { newId } from '../lib/ids.js';
import { attemptRow, finishRow, reapedAttempts, reportedAttempts } from './attempt-records.js';
import type { FinishRow } from './finish-sql.js';
import type { OutboxRepository } from './outbox.repository.js';
import { type Decision, decide } from './outcome.js';
import { outcomeEvent } from './outcome-events.js';
import { writePlainOutcomes } from './outcome-statement.js';
import type { AttemptReport, ClaimedMessage, MessageStore, SendingObserver } from './ports.js';
import { NO_OBSERVER } from './ports.js';
import { type Bucket, giveBack, take } from './rate-limit.js';
import { circuitOpenMs, type RetryPolicy } from './retry-policy.js';
import { toSendable } from './sendable.js';

export interface OutboxStoreDeps {
  db: Db;
  repo: OutboxRepository;
  /** The message event log (D60): one event per written outcome, in the outcome's transaction. */
  events: MessageEventLog;
  /** Where the frozen .eml files are read from (outside the claim's transaction). */
  blobs: BlobReader;
  secrets: SecretBox;
  clock: Clock;
  policy: RetryPolicy;
  leaseMs: number;
  random?: () => number;
  /**
   * PostgreSQL writes plain outcomes in one statement (D89), SQLite in a transaction of several: it runs in the
   * process, so its statements cost no round trip, and it has no data-modifying WITH.
   */
  dialect: DialectName;
  /** Told about every attempt after its outcome is written (metrics, logs; D74). */
  observer?: SendingObserver;
}

/** The message store port over the database: claims, completions, the reaper. */
export function createOutboxStore(deps: OutboxStoreDeps): MessageStore {
  const { db, repo, events, blobs, secrets, clock, policy, leaseMs } = deps;
  const random = deps.random ?? Math.random;
  const observer = deps.observer ?? NO_OBSERVER;
  /** Each account's SMTPUTF8 support as stored, so an EHLO saying the same again costs no write. */
  const knownSmtpUtf8 = new Map<string, SmtpUtf8Support | null>();

  /** What the connections' EHLO said about SMTPUTF8, per account, where it differs from what is stored. */
  function smtpUtf8Changes(reports: AttemptReport[]): Map<string, SmtpUtf8Support> {
    const seen = new Map<string, SmtpUtf8Support>();
    for (const { message, result } of reports) {
      if (result.ok && result.smtpUtf8 !== undefined) {
        seen.set(message.accountId, result.smtpUtf8 ? 'offered' : 'not_offered');
      }
    }
    for (const [accountId, support] of seen) if (knownSmtpUtf8.get(accountId) === support) seen.delete(accountId);
    return seen;
  }

  type ClaimedRow = Awaited<ReturnType<OutboxRepository['claim']>>[number];

  type Tagged = ClaimedRow & { from: ClaimedMessage['claimedFrom'] };
  const tag = (rows: ClaimedRow[], from: ClaimedMessage['claimedFrom']): Tagged[] => rows.map((r) => ({ ...r, from }));

  async function withEml(rows: Tagged[], trial: boolean): Promise<ClaimedMessage[]> {
    const bySha = await blobs.read(rows.map((r) => r.eml_sha256 as string));
    return rows.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      toAddress: r.to_address,
      envelopeFrom: r.envelope_from as string,
      messageId: r.message_id_header,
      batchId: r.batch_id,
      raw: bySha.get(r.eml_sha256 as string) as Buffer,
      attempts: r.attempts,
      series: r.series,
      firstAttemptAt: new Date(r.first_attempt_at as string),
      trial,
      claimedFrom: r.from,
    }));
  }

  /**
   * An account-level failure: the circuit opens (or stays open) and the account's waiting messages are held. The
   * back-off grows once per failed trial, not once per message of the same wave; `last_error_at` is when the
   * problem began ("od 07:14"), kept while it lasts.
   */
  async function openCircuit(tx: Db, accountId: string, problem: string, hint: string, nowIso: string) {
    const current = await repo.findAccountCircuit(tx, accountId);
    const state = current?.circuit_state ?? 'closed';
    if (state === 'paused') {
      // A circuit paused by an administrator stays paused.
      await repo.holdWaiting(tx, { accountId }, 'paused', nowIso, hint);
      return;
    }
    if (state !== 'open') {
      const failures = (current?.circuit_failures ?? 0) + 1;
      const ongoing = state === 'half_open' && current?.last_error_at;
      await repo.setCircuit(tx, accountId, {
        circuit_state: 'open',
        circuit_failures: failures,
        circuit_retry_at: new Date(clock.now().getTime() + circuitOpenMs(failures)).toISOString(),
        last_error: problem,
        last_error_at: ongoing ? current.last_error_at : nowIso,
      });
    } else if (current?.last_error !== problem) {
      await repo.setCircuit(tx, accountId, { last_error: problem });
    }
    await repo.holdWaiting(tx, { accountId }, 'account', nowIso, hint);
  }

  /** A message went out: a trial closes the circuit and releases the held mail; any success clears the alarm. */
  async function accountWorked(tx: Db, accountId: string, trial: boolean, nowIso: string) {
    if (trial) {
      const current = await repo.findAccountCircuit(tx, accountId);
      if (current?.circuit_state === 'half_open') {
        await repo.setCircuit(tx, accountId, {
          circuit_state: 'closed',
          circuit_failures: 0,
          circuit_retry_at: null,
          last_error: null,
          last_error_at: null,
        });
        await repo.releaseHeld(tx, { accountId }, ['account'], nowIso);
        return;
      }
    }
    await repo.clearAccountAlarm(tx, accountId);
  }

  /**
   * Any group of outcomes in one transaction of several statements: the fenced update, circuits opened or closed,
   * addresses suppressed, the alarm of each account that worked cleared, attempts, events. Returns the ids written.
   */
  async function writeOutcomes(
    tx: Db,
    o: {
      decided: { m: ClaimedMessage; d: Decision }[];
      finish: FinishRow[];
      attempts: NewRow<'message_attempts'>[];
      outcomeEvents: MessageEventInput[];
      utf8: Map<string, SmtpUtf8Support>;
      nowIso: string;
    },
  ): Promise<Set<string>> {
    const { decided, nowIso } = o;
    const written = await repo.finishMany(tx, o.finish, nowIso);
    const failedAccounts = new Set<string>();
    const workedAccounts = new Map<string, boolean>();
    for (const { m, d } of decided) {
      if (!written.has(m.id)) continue; // the lease was lost: a newer owner decides this message's state
      if (d.openCircuit) {
        failedAccounts.add(m.accountId);
        const problem = d.accountProblem ?? d.lastError ?? '';
        await openCircuit(tx, m.accountId, problem, d.hint ?? problem, nowIso);
      } else if (d.status === 'sent') {
        workedAccounts.set(m.accountId, (workedAccounts.get(m.accountId) ?? false) || m.trial);
      }
      if (d.suppress) {
        await repo.insertSuppression(tx, {
          // Keyed by mailbox: `Jan@żółw.pl` bouncing also stops `jan@xn--w-uga1v8h.pl`.
          address: mailboxKey(m.toAddress),
          reason: d.lastError ?? '',
          message_id: m.id,
          created_at: nowIso,
        });
        await repo.holdWaiting(tx, { toAddress: m.toAddress }, 'suppressed', nowIso);
      }
    }
    for (const [accountId, trial] of workedAccounts) {
      // In the same batch an account-level failure wins: its alarm stays.
      if (!failedAccounts.has(accountId)) await accountWorked(tx, accountId, trial, nowIso);
    }
    for (const [accountId, support] of o.utf8) await repo.recordSmtpUtf8(tx, accountId, support);
    await repo.insertAttempts(tx, o.attempts);
    await events.record(
      tx,
      o.outcomeEvents.filter((e) => written.has(e.messageId)),
      nowIso,
    );
    return written;
  }

  return {
    leaseMs,

    async renewLeases(workerId, messageIds) {
      const until = new Date(clock.now().getTime() + leaseMs).toISOString();
      for (let i = 0; i < messageIds.length; i += 500) {
        await repo.renewLeases(db, messageIds.slice(i, i + 500), workerId, until);
      }
    },

    async sendableAccounts() {
      const rows = await repo.sendableAccounts(db, clock.now().toISOString());
      for (const r of rows) knownSmtpUtf8.set(r.id, r.smtputf8);
      return rows.map((r) => toSendable(r, secrets));
    },

    async claim(workerId, account, max) {
      const now = clock.now();
      const nowIso = now.toISOString();
      const base = {
        workerId,
        nowIso,
        leaseExpiresIso: new Date(now.getTime() + leaseMs).toISOString(),
        accountId: account.id,
      };
      let waitMs = 0;
      const rows = await db.transaction().execute(async (tx): Promise<Tagged[]> => {
        if (account.circuit === 'open') {
          // The circuit's pause is over: one trial message decides whether the account works again.
          if (!(await repo.markHalfOpen(tx, account.id, nowIso))) return [];
          const held = await repo.claim(tx, { ...base, status: 'held', heldReason: 'account', limit: 1 });
          if (held.length > 0) return tag(held, 'held');
          return tag(await repo.claim(tx, { ...base, status: 'queued', limit: 1 }), 'queued');
        }
        let granted = max;
        let buckets: Bucket[] = [];
        if (account.limits.length > 0) {
          // Two workers meeting an account for the first time must not both count a full bucket: the rows exist
          // before they are locked, so the second waits for the first.
          await repo.ensureBuckets(
            tx,
            account.limits.map(([scale, limit]) => ({
              account_id: account.id,
              scale,
              tokens: limit,
              updated_at: nowIso,
            })),
          );
          buckets = (await repo.lockBuckets(tx, account.id)).map((b) => ({
            scale: b.scale,
            tokens: Number(b.tokens),
            updatedAt: new Date(b.updated_at),
          }));
          const taken = take(buckets, account.limits, max, now);
          granted = taken.granted;
          buckets = taken.after;
          waitMs = taken.waitMs;
          if (granted === 0) return [];
        }
        // Fairness: half the batch may go to due retries, the rest to fresh mail; either fills what the other leaves.
        const retries = await repo.claim(tx, { ...base, status: 'retry_wait', limit: Math.floor(granted / 2) });
        const fresh = await repo.claim(tx, { ...base, status: 'queued', limit: granted - retries.length });
        const more =
          retries.length + fresh.length < granted
            ? await repo.claim(tx, { ...base, status: 'retry_wait', limit: granted - retries.length - fresh.length })
            : [];
        const claimed = [...tag(retries, 'retry_wait'), ...tag(fresh, 'queued'), ...tag(more, 'retry_wait')];
        if (account.limits.length > 0) {
          const kept = giveBack(buckets, account.limits, granted - claimed.length);
          await repo.saveBuckets(
            tx,
            kept.map((b) => ({ account_id: account.id, scale: b.scale, tokens: b.tokens, updated_at: nowIso })),
          );
        }
        return claimed;
      });
      return { messages: rows.length > 0 ? await withEml(rows, account.circuit === 'open') : [], waitMs };
    },

    async complete(workerId, reports) {
      if (reports.length === 0) return;
      const now = clock.now();
      const nowIso = now.toISOString();
      // Rows are always written in id order, here and in the reaper, so two transactions never deadlock.
      const ordered = [...reports].sort((a, b) => (a.message.id < b.message.id ? -1 : 1));
      const decided = ordered.map((report) => {
        const m = report.message;
        const d = decide(
          report.result,
          { attempts: m.attempts, firstAttemptAt: m.firstAttemptAt, now, random: random() },
          policy,
        );
        return { report, m, d };
      });
      const finish = decided.map(({ report, m, d }) =>
        finishRow(
          m.id,
          workerId,
          d,
          report.result.ok ? { response: report.result.response, at: report.finishedAt } : null,
        ),
      );
      // Every attempt is recorded, written or fenced out: it really happened.
      const attempts = decided.map(({ report, d }) => attemptRow(workerId, report, d));
      const outcomeEvents = decided.flatMap(({ report, m, d }) =>
        outcomeEvent(m.id, m.toAddress, d, report.result.ok ? report.result.response : null),
      );
      const utf8 = smtpUtf8Changes(ordered);
      // Plain outcomes (no circuit to open or close, no address to suppress): one statement on PostgreSQL (D89).
      const plain =
        utf8.size === 0 &&
        decided.every(({ m, d }) => !d.openCircuit && !d.suppress && !(m.trial && d.status === 'sent'));
      const written =
        plain && deps.dialect === 'postgres'
          ? await writePlainOutcomes(db, { finish, attempts, events: outcomeEvents, nowIso })
          : await db
              .transaction()
              .execute((tx) => writeOutcomes(tx, { decided, finish, attempts, outcomeEvents, utf8, nowIso }));
      for (const [accountId, support] of utf8) knownSmtpUtf8.set(accountId, support);
      observer.attempts(reportedAttempts(workerId, decided, written));
    },

    async release(workerId, messages) {
      let released = 0;
      for (const status of ['queued', 'retry_wait', 'held'] as const) {
        const ids = messages
          .filter((m) => m.claimedFrom === status)
          .map((m) => m.id)
          .sort();
        for (let i = 0; i < ids.length; i += 500) {
          released += await repo.releaseClaims(db, { ids: ids.slice(i, i + 500), workerId, status });
        }
      }
      // A trial that never went out decides nothing: its circuit waits for the next one instead of staying half-open.
      const nowIso = clock.now().toISOString();
      for (const accountId of new Set(messages.filter((m) => m.trial).map((m) => m.accountId))) {
        await repo.reopenHalfOpen(db, accountId, nowIso);
      }
      return released;
    },

    async reapExpiredLeases() {
      const now = clock.now();
      const nowIso = now.toISOString();
      const expired = await repo.expiredLeases(db, nowIso, 500);
      if (expired.length === 0) return 0;
      const failure = { code: 'ELEASE', message: 'Worker stopped while sending (lease expired)' };
      const decided = expired.map((row) => ({
        row,
        d: decide(
          { ok: false, ambiguous: true, failure },
          { attempts: row.attempts, firstAttemptAt: new Date(row.first_attempt_at ?? nowIso), now, random: random() },
          policy,
        ),
      }));
      const reaped = await db.transaction().execute(async (tx) => {
        const written = await repo.finishMany(
          tx,
          decided.map(({ row, d }) => finishRow(row.id, row.lease_owner as string, d, null, nowIso)),
          nowIso,
        );
        await repo.insertAttempts(
          tx,
          decided
            .filter(({ row }) => written.has(row.id))
            .map(({ row }) => ({
              id: newId(),
              message_id: row.id,
              series: row.series,
              attempt_no: row.attempts,
              account_id: row.account_id,
              worker_id: row.lease_owner as string,
              started_at: new Date(new Date(row.lease_expires_at as string).getTime() - leaseMs).toISOString(),
              finished_at: nowIso,
              outcome: 'unknown' as const,
              smtp_code: null,
              enhanced_status: null,
              response: 'Lease expired: the worker stopped while sending; the message may have been delivered.',
              error_code: 'ELEASE',
            })),
        );
        await events.record(
          tx,
          decided.flatMap(({ row, d }) => (written.has(row.id) ? outcomeEvent(row.id, row.to_address, d, null) : [])),
          nowIso,
        );
        return written;
      });
      observer.attempts(
        reapedAttempts(
          decided.filter(({ row }) => reaped.has(row.id)).map(({ row, d }) => ({ ...row, status: d.status })),
        ),
      );
      return reaped.size;
    },
  };
}

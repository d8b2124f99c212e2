import { type SqlBool, sql } from 'kysely';
import type { DialectSql } from '../db/dialect.js';
import type { AttemptOutcome, Db, HeldReason, NewRow, RateScale, RowUpdate, SmtpUtf8Support } from '../db/schema.js';
import { findSuppressionRows } from '../db/suppression-lookup.js';
import { type FinishRow, finishUpdate, finishValues } from './finish-sql.js';

/**
 * Conditions that match the partial indexes' WHERE clauses word for word, with literals: SQLite uses a partial
 * index only when it can prove the query implies the index's condition, which it cannot with bound parameters.
 */
const IS_DUE = sql<SqlBool>`${sql.ref('status')} in ('queued', 'retry_wait')`;
const IS_SENDING = sql<SqlBool>`${sql.ref('status')} = 'sending'`;
const IS_HELD = sql<SqlBool>`${sql.ref('status')} = 'held'`;
/** Outcomes of a message's own last attempt that explain its waiting better than its account's problem. */
const OWN_OUTCOMES: AttemptOutcome[] = ['transient', 'recipient', 'message'];

/**
 * Multi-row statements in chunks of 64, 32, 16, 8, 4, 2 and 1 rows: the SQL text repeats (seven shapes) and the
 * prepared statements are reused, where any row count would need a new one; up to 127 rows take ≤ 7 statements.
 */
export function inRepeatableChunks<T>(rows: T[]): T[][] {
  const chunks: T[][] = [];
  let i = 0;
  for (const size of [64, 32, 16, 8, 4, 2, 1]) {
    while (rows.length - i >= size) {
      chunks.push(rows.slice(i, i + size));
      i += size;
    }
  }
  return chunks;
}

/** What a claim hands the sender about each message (the batch only for its log lines, D74). */
const CLAIMED_COLUMNS = [
  ...['id', 'account_id', 'to_address', 'envelope_from', 'eml_sha256', 'attempts', 'series'],
  ...['first_attempt_at', 'message_id_header', 'batch_id'],
] as const;

export interface ClaimFilter {
  accountId: string;
  status: 'queued' | 'retry_wait' | 'held';
  heldReason?: HeldReason;
  limit: number;
  workerId: string;
  nowIso: string;
  leaseExpiresIso: string;
}

/** The sender's SQL: claims with leases, fenced completion, the reaper, circuits, rate buckets, suppression. */
export function createOutboxRepository(dialect: DialectSql) {
  return {
    /** Active accounts whose circuit lets mail through now (closed, or open and due for a trial). */
    sendableAccounts(db: Db, nowIso: string) {
      return db
        .selectFrom('smtp_accounts')
        .selectAll()
        .where('status', '=', 'active')
        .where((eb) =>
          eb.or([
            eb('circuit_state', '=', 'closed'),
            eb.and([eb('circuit_state', '=', 'open'), eb('circuit_retry_at', '<=', nowIso)]),
          ]),
        )
        .orderBy('id')
        .execute();
    },

    /** Creates missing buckets (full), so that there is always a row to lock before tokens are counted. */
    async ensureBuckets(db: Db, rows: { account_id: string; scale: RateScale; tokens: number; updated_at: string }[]) {
      if (rows.length === 0) return;
      await db
        .insertInto('rate_buckets')
        .values(rows)
        .onConflict((oc) => oc.columns(['account_id', 'scale']).doNothing())
        .execute();
    },

    /** The account's rate buckets, locked until the transaction ends (PostgreSQL). */
    lockBuckets(db: Db, accountId: string) {
      return dialect
        .forUpdate(db.selectFrom('rate_buckets').selectAll().where('account_id', '=', accountId).orderBy('scale'))
        .execute();
    },

    async saveBuckets(db: Db, rows: { account_id: string; scale: RateScale; tokens: number; updated_at: string }[]) {
      if (rows.length === 0) return;
      await db
        .insertInto('rate_buckets')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['account_id', 'scale']).doUpdateSet((eb) => ({
            tokens: eb.ref('excluded.tokens'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },

    /** Claims up to `limit` messages of one account and status in one statement, setting the lease. */
    claim(db: Db, f: ClaimFilter) {
      let pick = db
        .selectFrom('messages')
        .select('id')
        .where('account_id', '=', f.accountId)
        .where('status', '=', f.status)
        .orderBy('priority')
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(f.limit);
      pick =
        f.status === 'held'
          ? pick.where('held_reason', '=', f.heldReason ?? 'account')
          : pick.where(IS_DUE).where('next_attempt_at', '<=', f.nowIso);
      return db
        .updateTable('messages')
        .set((eb) => ({
          status: 'sending',
          lease_owner: f.workerId,
          lease_expires_at: f.leaseExpiresIso,
          attempts: eb('attempts', '+', 1),
          first_attempt_at: eb.fn.coalesce('first_attempt_at', eb.val(f.nowIso)),
          held_reason: null,
          // updated_at is left alone: a claim is not a change anyone sees, and it would rewrite an index entry.
        }))
        .where(dialect.idInClaimed(pick))
        .where('status', '=', f.status)
        .returning(CLAIMED_COLUMNS)
        .execute();
    },

    /** Moves an open circuit to half-open; true only for the one worker that did it. */
    async markHalfOpen(db: Db, accountId: string, nowIso: string): Promise<boolean> {
      const r = await db
        .updateTable('smtp_accounts')
        .set({ circuit_state: 'half_open' })
        .where('id', '=', accountId)
        .where('circuit_state', '=', 'open')
        .where('circuit_retry_at', '<=', nowIso)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** A half-open circuit whose trial was given back unsent: open again, due for a trial now. */
    async reopenHalfOpen(db: Db, accountId: string, nowIso: string) {
      await db
        .updateTable('smtp_accounts')
        .set({ circuit_state: 'open', circuit_retry_at: nowIso })
        .where('id', '=', accountId)
        .where('circuit_state', '=', 'half_open')
        .execute();
    },

    /**
     * Writes outcomes in one statement, each only if its worker still holds the message's lease (fencing); returns
     * the ids written. Same SQL on SQLite (≥ 3.33) and PostgreSQL: UPDATE … FROM a VALUES list.
     */
    async finishMany(db: Db, rows: FinishRow[], nowIso: string): Promise<Set<string>> {
      const done = new Set<string>();
      for (const chunk of inRepeatableChunks(rows)) {
        const result = await sql<{ id: string }>`
          with ${finishValues(chunk)}
          ${finishUpdate(nowIso, sql`messages.id`)}`.execute(db);
        for (const row of result.rows) done.add(row.id);
      }
      return done;
    },

    async renewLeases(db: Db, ids: string[], workerId: string, leaseExpiresIso: string) {
      if (ids.length === 0) return;
      await db
        .updateTable('messages')
        .set({ lease_expires_at: leaseExpiresIso })
        .where('id', 'in', ids)
        .where('lease_owner', '=', workerId)
        .where('status', '=', 'sending')
        .execute();
    },

    /** Claims this worker gives back unsent: the status they came from, no lease, the claim's attempt refunded. */
    async releaseClaims(
      db: Db,
      r: { ids: string[]; workerId: string; status: 'queued' | 'retry_wait' | 'held' },
    ): Promise<number> {
      if (r.ids.length === 0) return 0;
      const result = await db
        .updateTable('messages')
        .set((eb) => ({
          status: r.status,
          held_reason: r.status === 'held' ? 'account' : null,
          lease_owner: null,
          lease_expires_at: null,
          attempts: eb('attempts', '-', 1),
        }))
        .where('id', 'in', r.ids)
        .where('lease_owner', '=', r.workerId)
        .where(IS_SENDING)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async insertAttempts(db: Db, rows: NewRow<'message_attempts'>[]) {
      for (const chunk of inRepeatableChunks(rows)) await db.insertInto('message_attempts').values(chunk).execute();
    },

    findAccountCircuit(db: Db, accountId: string) {
      return db
        .selectFrom('smtp_accounts')
        .select(['circuit_state', 'circuit_failures', 'last_error', 'last_error_at'])
        .where('id', '=', accountId)
        .executeTakeFirst();
    },

    /** A send or a connection test worked: the account's alarm (its last error) goes, if it was there. */
    async clearAccountAlarm(db: Db, accountId: string) {
      await db
        .updateTable('smtp_accounts')
        .set({ last_error: null, last_error_at: null })
        .where('id', '=', accountId)
        .where('last_error', 'is not', null)
        .where('circuit_state', '=', 'closed')
        .execute();
    },

    /** "Spróbuj teraz": the account's messages waiting for a retry are due now. */
    async retryWaitingNow(db: Db, accountId: string, nowIso: string) {
      const r = await db
        .updateTable('messages')
        .set({ next_attempt_at: nowIso, updated_at: nowIso })
        .where('account_id', '=', accountId)
        .where('status', '=', 'retry_wait')
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async setCircuit(db: Db, accountId: string, patch: RowUpdate<'smtp_accounts'>) {
      await db.updateTable('smtp_accounts').set(patch).where('id', '=', accountId).execute();
    },

    /** What the account's server said about SMTPUTF8 in its EHLO (not a settings change: `updated_at` stays). */
    async recordSmtpUtf8(db: Db, accountId: string, support: SmtpUtf8Support) {
      await db.updateTable('smtp_accounts').set({ smtputf8: support }).where('id', '=', accountId).execute();
    },

    /** Parks an account's waiting messages (or those to one address) in `held`. */
    async holdWaiting(
      db: Db,
      where: { accountId?: string; toAddress?: string },
      reason: HeldReason,
      nowIso: string,
      /**
       * Why, for the clerk (an account's problem). It replaces an older explanation of the account's or none, but a
       * message waiting for its own reason (a full mailbox, a passing refusal of it) keeps that: the hold shows the
       * account's problem beside it.
       */
      hint?: string,
    ) {
      let q = db
        .updateTable('messages')
        .set((eb) => ({
          status: 'held' as const,
          held_reason: reason,
          updated_at: nowIso,
          ...(hint
            ? {
                error_hint: eb
                  .case()
                  .when(eb.and([eb('last_outcome', 'in', OWN_OUTCOMES), eb('error_hint', 'is not', null)]))
                  .then(eb.ref('error_hint'))
                  .else(hint)
                  .end(),
              }
            : {}),
        }))
        .where(IS_DUE);
      if (where.accountId) q = q.where('account_id', '=', where.accountId);
      if (where.toAddress) q = q.where('to_address', '=', where.toAddress);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** Sends held messages back to the queue, due now. */
    async releaseHeld(
      db: Db,
      where: { accountId?: string; toAddress?: string },
      reasons: HeldReason[],
      nowIso: string,
    ) {
      let q = db
        .updateTable('messages')
        .set({ status: 'queued', held_reason: null, next_attempt_at: nowIso, updated_at: nowIso })
        .where(IS_HELD)
        .where('held_reason', 'in', reasons);
      if (where.accountId) q = q.where('account_id', '=', where.accountId);
      if (where.toAddress) q = q.where('to_address', '=', where.toAddress);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async insertSuppression(db: Db, row: NewRow<'suppressions'>) {
      await db
        .insertInto('suppressions')
        .values(row)
        .onConflict((oc) => oc.column('address').doNothing())
        .execute();
    },

    async deleteSuppression(db: Db, address: string) {
      await db.deleteFrom('suppressions').where('address', '=', address).execute();
    },

    /** Blocked entries of these mailbox keys (an erased recipient's hashed one too, D76). */
    findSuppressions: findSuppressionRows,

    /** Messages whose worker stopped answering: the lease ran out while sending. */
    expiredLeases(db: Db, nowIso: string, limit: number) {
      return db
        .selectFrom('messages')
        .select(['id', 'account_id', 'batch_id', 'to_address', 'lease_owner', 'attempts', 'series'])
        .select(['first_attempt_at', 'lease_expires_at'])
        .where(IS_SENDING)
        .where('lease_expires_at', '<', nowIso)
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    /** Time of the earliest due message of the active accounts, to know how long a worker may sleep. */
    async nextDueAt(db: Db) {
      const row = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where(IS_DUE)
        .executeTakeFirst();
      return (row?.at as string | null | undefined) ?? null;
    },

    /** Tests and the engine's drain: how many messages are still waiting or being sent. */
    async countUnfinished(db: Db) {
      const row = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb.or([IS_DUE, IS_SENDING]))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;

import type { DialectSql } from '../db/dialect.js';
import type { Db, HeldReason, MessageStatus, NewRow, RateScale, RowUpdate } from '../db/schema.js';

/** Statuses a worker claims from; repeated in queries so SQLite can use the partial index `messages_due`. */
const DUE: MessageStatus[] = ['queued', 'retry_wait'];

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
          : pick.where('status', 'in', DUE).where('next_attempt_at', '<=', f.nowIso);
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
        .returning([
          'id',
          'account_id',
          'to_address',
          'envelope_from',
          'eml_sha256',
          'attempts',
          'series',
          'first_attempt_at',
          'message_id_header',
        ])
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

    /** Writes an attempt's outcome only if this worker still holds the message's lease. */
    async finish(db: Db, id: string, workerId: string, patch: RowUpdate<'messages'>, refundAttempt: boolean) {
      const r = await db
        .updateTable('messages')
        .set((eb) => ({ ...patch, ...(refundAttempt ? { attempts: eb('attempts', '-', 1) } : {}) }))
        .where('id', '=', id)
        .where('lease_owner', '=', workerId)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
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

    async insertAttempts(db: Db, rows: NewRow<'message_attempts'>[]) {
      if (rows.length > 0) await db.insertInto('message_attempts').values(rows).execute();
    },

    findAccountCircuit(db: Db, accountId: string) {
      return db
        .selectFrom('smtp_accounts')
        .select(['circuit_state', 'circuit_failures'])
        .where('id', '=', accountId)
        .executeTakeFirst();
    },

    async setCircuit(db: Db, accountId: string, patch: RowUpdate<'smtp_accounts'>) {
      await db.updateTable('smtp_accounts').set(patch).where('id', '=', accountId).execute();
    },

    /** Parks an account's waiting messages (or those to one address) in `held`. */
    async holdWaiting(db: Db, where: { accountId?: string; toAddress?: string }, reason: HeldReason, nowIso: string) {
      let q = db
        .updateTable('messages')
        .set({ status: 'held', held_reason: reason, updated_at: nowIso })
        .where('status', 'in', DUE);
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
        .where('status', '=', 'held')
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

    findSuppressions(db: Db, addresses: string[]) {
      if (addresses.length === 0) return Promise.resolve([]);
      return db.selectFrom('suppressions').selectAll().where('address', 'in', addresses).execute();
    },

    /** Messages whose worker stopped answering: the lease ran out while sending. */
    expiredLeases(db: Db, nowIso: string, limit: number) {
      return db
        .selectFrom('messages')
        .select(['id', 'account_id', 'lease_owner', 'attempts', 'series', 'first_attempt_at', 'lease_expires_at'])
        .where('status', '=', 'sending')
        .where('lease_expires_at', '<', nowIso)
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    emlData(db: Db, shas: string[]) {
      if (shas.length === 0) return Promise.resolve([]);
      return db.selectFrom('blobs').select(['sha256', 'data']).where('sha256', 'in', shas).execute();
    },

    /** Time of the earliest due message of the active accounts, to know how long a worker may sleep. */
    async nextDueAt(db: Db) {
      const row = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', 'in', DUE)
        .executeTakeFirst();
      return (row?.at as string | null | undefined) ?? null;
    },

    /** Used by tests and the engine's drain: how many messages are still waiting or being sent. */
    async countUnfinished(db: Db) {
      const row = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', 'in', [...DUE, 'sending'])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;

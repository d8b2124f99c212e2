import type { DialectSql } from '../../db/dialect.js';
import type { Db, NewRow, RowUpdate } from '../../db/schema.js';

export function createAccountsRepository(_dialect: DialectSql) {
  return {
    findById(db: Db, id: string) {
      return db.selectFrom('smtp_accounts').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findByIds(db: Db, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('smtp_accounts').selectAll().where('id', 'in', ids).execute();
    },

    findByName(db: Db, name: string) {
      return db.selectFrom('smtp_accounts').selectAll().where('name', '=', name).executeTakeFirst();
    },

    findCapture(db: Db) {
      return db.selectFrom('smtp_accounts').selectAll().where('kind', '=', 'capture').executeTakeFirst();
    },

    /** Every account, or only those with the given ids. */
    list(db: Db, onlyIds: string[] | null) {
      let q = db.selectFrom('smtp_accounts').selectAll();
      if (onlyIds) {
        if (onlyIds.length === 0) return Promise.resolve([]);
        q = q.where('id', 'in', onlyIds);
      }
      return q.orderBy('name').execute();
    },

    /** Accounts a user may use: those bound to any of the user's positions. */
    async accountIdsForUser(db: Db, userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('position_accounts')
        .innerJoin('user_positions', 'user_positions.position_id', 'position_accounts.position_id')
        .select('position_accounts.account_id')
        .distinct()
        .where('user_positions.user_id', '=', userId)
        .orderBy('position_accounts.account_id')
        .execute();
      return rows.map((r) => r.account_id);
    },

    /** Accounts bound to one position. */
    async accountIdsForPosition(db: Db, positionId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('position_accounts')
        .select('account_id')
        .where('position_id', '=', positionId)
        .orderBy('account_id')
        .execute();
      return rows.map((r) => r.account_id);
    },

    positionLinks(db: Db, accountIds: string[]) {
      if (accountIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('position_accounts')
        .select(['account_id', 'position_id'])
        .where('account_id', 'in', accountIds)
        .orderBy('position_id')
        .execute();
    },

    async feedbackMailboxExists(db: Db, mailboxId: string): Promise<boolean> {
      const row = await db.selectFrom('feedback_mailboxes').select('id').where('id', '=', mailboxId).executeTakeFirst();
      return row !== undefined;
    },

    async insert(db: Db, row: NewRow<'smtp_accounts'>) {
      await db.insertInto('smtp_accounts').values(row).execute();
    },

    async update(db: Db, id: string, patch: RowUpdate<'smtp_accounts'>) {
      await db.updateTable('smtp_accounts').set(patch).where('id', '=', id).execute();
    },

    /**
     * The account works again (a connection test passed): a circuit its failures opened closes, and the messages
     * held for it are due now. A pause set by an administrator stays.
     */
    async recovered(db: Db, id: string, nowIso: string) {
      await db
        .updateTable('smtp_accounts')
        .set({ circuit_state: 'closed', circuit_failures: 0, circuit_retry_at: null })
        .where('id', '=', id)
        .where('circuit_state', 'in', ['open', 'half_open'])
        .execute();
      const r = await db
        .updateTable('messages')
        .set({ status: 'queued', held_reason: null, next_attempt_at: nowIso, updated_at: nowIso })
        .where('account_id', '=', id)
        .where('status', '=', 'held')
        .where('held_reason', '=', 'account')
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async delete(db: Db, id: string) {
      await db.deleteFrom('smtp_accounts').where('id', '=', id).execute();
    },

    async hasMessages(db: Db, id: string): Promise<boolean> {
      const row = await db.selectFrom('messages').select('id').where('account_id', '=', id).limit(1).executeTakeFirst();
      return row !== undefined;
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;

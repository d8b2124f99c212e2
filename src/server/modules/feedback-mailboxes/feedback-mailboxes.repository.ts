import type { DialectSql } from '../../db/dialect.js';
import type { Db, NewRow, RowUpdate } from '../../db/schema.js';

export function createFeedbackMailboxesRepository(_dialect: DialectSql) {
  return {
    findById(db: Db, id: string) {
      return db.selectFrom('feedback_mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findByName(db: Db, name: string) {
      return db.selectFrom('feedback_mailboxes').selectAll().where('name', '=', name).executeTakeFirst();
    },

    list(db: Db) {
      return db.selectFrom('feedback_mailboxes').selectAll().orderBy('name').orderBy('id').execute();
    },

    /** Which sending accounts use which of these mailboxes. */
    accountLinks(db: Db, mailboxIds: string[]) {
      if (mailboxIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('smtp_accounts')
        .select(['id', 'name', 'feedback_mailbox_id'])
        .where('feedback_mailbox_id', 'in', mailboxIds)
        .orderBy('name')
        .execute();
    },

    /** The reader's status rows of these mailboxes (D47). */
    readerLeases(db: Db, mailboxIds: string[]) {
      if (mailboxIds.length === 0) return Promise.resolve([]);
      return db.selectFrom('feedback_reader_leases').selectAll().where('mailbox_id', 'in', mailboxIds).execute();
    },

    async insert(db: Db, row: NewRow<'feedback_mailboxes'>) {
      await db.insertInto('feedback_mailboxes').values(row).execute();
    },

    async update(db: Db, id: string, patch: RowUpdate<'feedback_mailboxes'>) {
      await db.updateTable('feedback_mailboxes').set(patch).where('id', '=', id).execute();
    },

    /**
     * A refresh token the provider rotated replaces the one it was issued for — only while that one is still stored
     * (an administrator may have pasted a new token meanwhile: theirs wins). `updated_at` stays: the reader's
     * connection (its `version`) need not restart for it. Whether it was stored.
     */
    async replaceRefreshToken(db: Db, id: string, previousSealed: string, nextSealed: string) {
      const r = await db
        .updateTable('feedback_mailboxes')
        .set({ oauth_refresh_token_enc: nextSealed })
        .where('id', '=', id)
        .where('oauth_refresh_token_enc', '=', previousSealed)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Accounts that used the mailbox no longer do (before it is deleted); returns how many. */
    async detachAccounts(db: Db, id: string, nowIso: string) {
      const r = await db
        .updateTable('smtp_accounts')
        .set({ feedback_mailbox_id: null, updated_at: nowIso })
        .where('feedback_mailbox_id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** Messages the reader recorded from this mailbox (evidence: the mailbox cannot be deleted while any exist). */
    async recordedCount(db: Db, id: string) {
      const row = await db
        .selectFrom('feedback_messages')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('mailbox_id', '=', id)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async delete(db: Db, id: string) {
      await db.deleteFrom('feedback_mailboxes').where('id', '=', id).execute();
    },
  };
}

export type FeedbackMailboxesRepository = ReturnType<typeof createFeedbackMailboxesRepository>;

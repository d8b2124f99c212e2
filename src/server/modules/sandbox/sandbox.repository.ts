import { sql } from 'kysely';
import type { DialectSql } from '../../db/dialect.js';
import { keysetPage } from '../../db/keyset.js';
import type { Db, NewRow } from '../../db/schema.js';
import { likeEscaped } from '../../db/sql.js';
import type { KeysetCursor } from '../../lib/keyset.js';

export function createSandboxRepository(_dialect: DialectSql) {
  return {
    async insert(db: Db, row: NewRow<'captured_messages'>) {
      await db.insertInto('captured_messages').values(row).execute();
    },

    findById(db: Db, id: string) {
      return db.selectFrom('captured_messages').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The message a captured e-mail belongs to, found by its Message-ID header. */
    findMessageByHeader(db: Db, messageIdHeader: string) {
      return db
        .selectFrom('messages')
        .select(['id', 'account_id'])
        .where('message_id_header', '=', messageIdHeader)
        .executeTakeFirst();
    },

    /**
     * Newest first; all captured mail, or only mail of the given accounts; `search` finds a piece of the subject or
     * of an address (headers or envelope), whatever the letter case.
     */
    list(db: Db, f: { accountIds: string[] | null; search?: string; after: KeysetCursor | null; limit: number }) {
      let q = db.selectFrom('captured_messages').selectAll();
      if (f.search) {
        const haystack = sql`lower(subject || ' ' || to_header || ' ' || from_header || ' ' || mail_from || ' ' || rcpt_to)`;
        q = q.where(likeEscaped(haystack, f.search.toLowerCase(), 'contains'));
      }
      if (f.accountIds) {
        if (f.accountIds.length === 0) return Promise.resolve([]);
        q = q.where('account_id', 'in', f.accountIds);
      }
      return keysetPage(q, { sort: 'received_at', id: 'id', dir: 'desc' }, f.after, f.limit).execute();
    },
  };
}

export type SandboxRepository = ReturnType<typeof createSandboxRepository>;

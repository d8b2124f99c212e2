import type { DialectSql } from '../../db/dialect.js';
import type { Db, NewRow } from '../../db/schema.js';

/** Stored templates: the installation's default per document type (account_id null) and per-account overrides. */
export function createTemplatesRepository(_dialect: DialectSql) {
  return {
    /** The account's own template and the installation default for the type (either may be missing). */
    findForType(db: Db, documentType: string, accountId: string | null) {
      return db
        .selectFrom('templates')
        .selectAll()
        .where('document_type', '=', documentType)
        .where((eb) =>
          accountId
            ? eb.or([eb('account_id', 'is', null), eb('account_id', '=', accountId)])
            : eb('account_id', 'is', null),
        )
        .execute();
    },

    listAll(db: Db) {
      return db.selectFrom('templates').selectAll().orderBy('document_type').orderBy('account_id').execute();
    },

    async upsert(db: Db, row: NewRow<'templates'>) {
      const existing = await db
        .selectFrom('templates')
        .select('id')
        .where('document_type', '=', row.document_type)
        .where((eb) => (row.account_id ? eb('account_id', '=', row.account_id) : eb('account_id', 'is', null)))
        .executeTakeFirst();
      if (existing) {
        await db
          .updateTable('templates')
          .set({
            subject: row.subject,
            html: row.html,
            text: row.text,
            updated_by: row.updated_by,
            updated_at: row.updated_at,
          })
          .where('id', '=', existing.id)
          .execute();
        return existing.id;
      }
      await db.insertInto('templates').values(row).execute();
      return row.id;
    },

    async remove(db: Db, documentType: string, accountId: string | null) {
      const result = await db
        .deleteFrom('templates')
        .where('document_type', '=', documentType)
        .where((eb) => (accountId ? eb('account_id', '=', accountId) : eb('account_id', 'is', null)))
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

export type TemplatesRepository = ReturnType<typeof createTemplatesRepository>;

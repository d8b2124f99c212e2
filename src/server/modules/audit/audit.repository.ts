import type { DialectSql } from '../../db/dialect.js';
import { keysetPage } from '../../db/keyset.js';
import type { Db, NewRow } from '../../db/schema.js';
import { likeEscaped } from '../../db/sql.js';
import type { KeysetCursor } from '../../lib/keyset.js';

export interface AuditFilter {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  fromIso?: string;
  toIso?: string;
  after: KeysetCursor | null;
  limit: number;
}

/** Where a name can be found for an id that an entry mentions: the table and the column people know it by. */
const NAMED = [
  ['users', 'display_name'],
  ['messages', 'subject'],
  ['recipients', 'name'],
  ['smtp_accounts', 'name'],
  ['positions', 'name'],
  ['properties', 'name'],
] as const;

export function createAuditRepository(_dialect: DialectSql) {
  return {
    /** The names of these ids, from users, messages (subject), recipients, accounts, positions and properties. */
    async namesOf(db: Db, ids: string[]): Promise<Map<string, string>> {
      const names = new Map<string, string>();
      if (ids.length === 0) return names;
      for (const [table, column] of NAMED) {
        const rows = (await db
          .selectFrom(table)
          .select(['id', `${column} as name`] as never)
          .where('id', 'in', ids)
          .execute()) as unknown as { id: string; name: string }[];
        for (const r of rows) names.set(r.id, r.name);
      }
      return names;
    },

    async insert(db: Db, row: NewRow<'audit_log'>) {
      await db.insertInto('audit_log').values(row).execute();
    },

    /** Many entries, 100 per statement (a queueing chunk's). */
    async insertMany(db: Db, rows: NewRow<'audit_log'>[]) {
      for (let i = 0; i < rows.length; i += 100) {
        await db
          .insertInto('audit_log')
          .values(rows.slice(i, i + 100))
          .execute();
      }
    },

    /** Newest first; `action` matches a prefix so "account." finds every account action. */
    async list(db: Db, f: AuditFilter) {
      let q = db.selectFrom('audit_log').selectAll();
      if (f.actorId) q = q.where('actor_id', '=', f.actorId);
      if (f.action) q = q.where((eb) => likeEscaped(eb.ref('action'), f.action as string, 'prefix'));
      if (f.entityType) q = q.where('entity_type', '=', f.entityType);
      if (f.entityId) q = q.where('entity_id', '=', f.entityId);
      if (f.fromIso) q = q.where('at', '>=', f.fromIso);
      if (f.toIso) q = q.where('at', '<', f.toIso);
      return keysetPage(q, { sort: 'at', id: 'id', dir: 'desc' }, f.after, f.limit).execute();
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;

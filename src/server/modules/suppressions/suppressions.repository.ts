import { type SqlBool, sql } from 'kysely';
import { keysetPage } from '../../db/keyset.js';
import type { Db } from '../../db/schema.js';
import { findSuppressionRows } from '../../db/suppression-lookup.js';
import { suppressionLookup } from '../../lib/erased-address.js';
import type { KeysetCursor } from '../../lib/keyset.js';

const LINK_COLUMNS = [
  'id',
  'link_kind',
  'to_address',
  'status',
  'message_id_header',
  'created_at',
  'parent_id',
] as const;

/** SQL for blocked addresses (the suppression list) and the links between a message and its repeats. */
export function createSuppressionsRepository() {
  return {
    /** Newest first; `q` (lower-case) matches any part of the address. */
    list(db: Db, f: { q?: string; after: KeysetCursor | null; limit: number }) {
      let q = db.selectFrom('suppressions').selectAll();
      if (f.q) {
        // `!` escapes the pattern's own wildcards, the same way in SQLite and PostgreSQL.
        const pattern = `%${f.q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
        q = q.where(sql<SqlBool>`${sql.ref('address')} like ${pattern} escape '!'`);
      }
      return keysetPage(q, { sort: 'created_at', id: 'address', dir: 'desc' }, f.after, f.limit).execute();
    },

    /** Blocked entries of these mailbox keys (an erased recipient's hashed one too, D76). */
    find: findSuppressionRows,

    /** Addresses made suspect by soft bounces (D48), of these mailbox keys. */
    suspects(db: Db, addresses: string[]) {
      if (addresses.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('address_states')
        .select(['address', 'suspect_at'])
        .where('address', 'in', addresses)
        .where('suspect_at', 'is not', null)
        .execute();
    },

    /** When a complaint (ARF) flagged the recipient, if one did. */
    async complainedAt(db: Db, recipientId: string) {
      const row = await db
        .selectFrom('recipients')
        .select('complained_at')
        .where('id', '=', recipientId)
        .executeTakeFirst();
      return row?.complained_at ?? null;
    },

    async remove(db: Db, address: string) {
      const r = await db
        .deleteFrom('suppressions')
        .where('address', 'in', suppressionLookup([address]).all)
        .executeTakeFirst();
      return Number(r.numDeletedRows) >= 1;
    },

    /** Messages held because their address is blocked (few: the caller picks those of one mailbox). */
    heldForBlocked(db: Db) {
      return db
        .selectFrom('messages')
        .select(['id', 'to_address'])
        .where('status', '=', 'held')
        .where('held_reason', '=', 'suppressed')
        .execute();
    },

    /** Held messages back to the queue, due now. */
    async release(db: Db, ids: string[], nowIso: string) {
      if (ids.length === 0) return 0;
      const r = await db
        .updateTable('messages')
        .set({ status: 'queued', mailbox: 'outbox', held_reason: null, next_attempt_at: nowIso, updated_at: nowIso })
        .where('id', 'in', ids)
        .where('status', '=', 'held')
        .where('held_reason', '=', 'suppressed')
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** A recipient's messages on the given accounts (null = all), newest first. */
    recipientMessages(db: Db, recipientId: string, accountIds: string[] | null, limit: number) {
      if (accountIds?.length === 0) return Promise.resolve([]);
      let q = db
        .selectFrom('messages')
        .select(['id', 'to_address', 'subject', 'status', 'held_reason', 'created_at', 'sent_at', 'parent_id'])
        .where('recipient_id', '=', recipientId);
      if (accountIds) q = q.where('account_id', 'in', accountIds);
      return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },

    /** The message a message repeats, and those made from it. */
    linked(db: Db, id: string, parentId: string | null) {
      return db
        .selectFrom('messages')
        .select([...LINK_COLUMNS])
        .where((eb) =>
          parentId ? eb.or([eb('parent_id', '=', id), eb('id', '=', parentId)]) : eb('parent_id', '=', id),
        )
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },
  };
}

export type SuppressionsRepository = ReturnType<typeof createSuppressionsRepository>;

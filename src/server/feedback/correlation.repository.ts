import { sql } from 'kysely';
import type { CorrelationLookups } from './correlation.js';

/**
 * The queries behind correlation, one per method, each on an index: the primary key, the unique
 * `message_id_header`, and `messages_to_address_folded` (lower(to_address), sent_at; migration 0013).
 */
export function createCorrelationRepository(): CorrelationLookups {
  return {
    async existingIds(db, ids, accountIds) {
      if (ids.length === 0 || accountIds?.length === 0) return [];
      let q = db.selectFrom('messages').select('id').where('id', 'in', ids);
      if (accountIds) q = q.where('account_id', 'in', accountIds);
      return (await q.execute()).map((r) => r.id);
    },

    async byMessageIdHeaders(db, headers, accountIds) {
      if (headers.length === 0 || accountIds.length === 0) return [];
      const rows = await db
        .selectFrom('messages')
        .select(['id', 'message_id_header'])
        .where('message_id_header', 'in', headers)
        .where('account_id', 'in', accountIds)
        .execute();
      return rows.map((r) => ({ id: r.id, header: r.message_id_header }));
    },

    async latestSentTo(db, addresses, accountIds) {
      if (addresses.length === 0 || accountIds.length === 0) return null;
      const row = await db
        .selectFrom('messages')
        .select('id')
        .where(sql<string>`lower(to_address)`, 'in', [...new Set(addresses.map((a) => a.toLowerCase()))])
        .where('account_id', 'in', accountIds)
        .where('sent_at', 'is not', null)
        .orderBy('sent_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.id ?? null;
    },
  };
}

import type { Db } from '../../db/schema.js';
import type { DownloadLinkMode } from '../../db/schema-download-links.js';

/** SQL for download links and their record (D70). */
export function createDownloadLinksRepository() {
  return {
    /** The batch's override of the account's mode and lifetime (nulls: as the account; no batch: nulls). */
    async batchChoice(db: Db, batchId: string | null) {
      if (!batchId) return { mode: null, days: null };
      const row = await db
        .selectFrom('batches')
        .select(['download_link_mode', 'download_link_days'])
        .where('id', '=', batchId)
        .executeTakeFirst();
      return { mode: row?.download_link_mode ?? null, days: row?.download_link_days ?? null };
    },

    /** Positions and names of a message's attachments, in order. */
    attachmentsOf(db: Db, messageId: string) {
      return db
        .selectFrom('message_attachments')
        .select(['position', 'filename'])
        .where('message_id', '=', messageId)
        .orderBy('position')
        .execute();
    },

    /** Records the links a message was built with; building it again (a re-queue) renews them. */
    async saveLinks(
      db: Db,
      messageId: string,
      links: { position: number; filename: string; expiresAt: string }[],
      nowIso: string,
    ) {
      for (const l of links) {
        await db
          .insertInto('download_links')
          .values({
            message_id: messageId,
            position: l.position,
            filename: l.filename,
            expires_at: l.expiresAt,
            created_at: nowIso,
            revoked_at: null,
            revoked_by: null,
          })
          .onConflict((oc) =>
            oc.columns(['message_id', 'position']).doUpdateSet({ filename: l.filename, expires_at: l.expiresAt }),
          )
          .execute();
      }
    },

    linksOf(db: Db, messageId: string) {
      return db
        .selectFrom('download_links')
        .selectAll()
        .where('message_id', '=', messageId)
        .orderBy('position')
        .execute();
    },

    findLink(db: Db, messageId: string, position: number) {
      return db
        .selectFrom('download_links')
        .selectAll()
        .where('message_id', '=', messageId)
        .where('position', '=', position)
        .executeTakeFirst();
    },

    /** Revokes every live link of a message; the number revoked. */
    async revoke(db: Db, messageId: string, by: string | null, nowIso: string) {
      const r = await db
        .updateTable('download_links')
        .set({ revoked_at: nowIso, revoked_by: by })
        .where('message_id', '=', messageId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** What a tenant's page shows: the message, its sender and the file at that position. */
    pageOf(db: Db, messageId: string, position: number) {
      return db
        .selectFrom('messages')
        .innerJoin('smtp_accounts', 'smtp_accounts.id', 'messages.account_id')
        .innerJoin('message_attachments', 'message_attachments.message_id', 'messages.id')
        .select([
          'messages.id',
          'messages.subject',
          'messages.to_name',
          'messages.status',
          'smtp_accounts.from_name',
          'smtp_accounts.from_address',
          'smtp_accounts.feedback_address',
          'message_attachments.filename',
          'message_attachments.content_type',
          'message_attachments.size',
          'message_attachments.blob_sha256',
        ])
        .where('messages.id', '=', messageId)
        .where('message_attachments.position', '=', position)
        .executeTakeFirst();
    },

    async recordEvent(
      db: Db,
      e: {
        id: string;
        messageId: string;
        position: number;
        kind: 'download' | 'acknowledged';
        at: string;
        network: string | null;
        userAgent: string | null;
      },
    ) {
      await db
        .insertInto('download_events')
        .values({
          id: e.id,
          message_id: e.messageId,
          position: e.position,
          kind: e.kind,
          occurred_at: e.at,
          network: e.network,
          user_agent: e.userAgent,
        })
        .execute();
    },

    /** The newest events of a message (bounded), newest first. */
    eventsOf(db: Db, messageId: string, limit: number) {
      return db
        .selectFrom('download_events')
        .select(['kind', 'position', 'occurred_at', 'network', 'user_agent'])
        .where('message_id', '=', messageId)
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    /** Downloads counted, the last one, and the first acknowledgement. */
    async summaryOf(db: Db, messageId: string) {
      const rows = await db
        .selectFrom('download_events')
        .select((eb) => [
          'kind',
          eb.fn.countAll<string | number>().as('n'),
          eb.fn.min('occurred_at').as('first'),
          eb.fn.max('occurred_at').as('last'),
        ])
        .where('message_id', '=', messageId)
        .groupBy('kind')
        .execute();
      const dl = rows.find((r) => r.kind === 'download');
      const ack = rows.find((r) => r.kind === 'acknowledged');
      return {
        downloads: Number(dl?.n ?? 0),
        lastDownloadAt: (dl?.last as string | null | undefined) ?? null,
        acknowledgedAt: (ack?.first as string | null | undefined) ?? null,
      };
    },

    accountSettings(db: Db, accountId: string) {
      return db
        .selectFrom('smtp_accounts')
        .select(['id', 'download_link_mode', 'download_link_days'])
        .where('id', '=', accountId)
        .executeTakeFirst();
    },

    async setAccountSettings(db: Db, accountId: string, mode: DownloadLinkMode, days: number, nowIso: string) {
      await db
        .updateTable('smtp_accounts')
        .set({ download_link_mode: mode, download_link_days: days, updated_at: nowIso })
        .where('id', '=', accountId)
        .execute();
    },
  };
}

export type DownloadLinksRepository = ReturnType<typeof createDownloadLinksRepository>;

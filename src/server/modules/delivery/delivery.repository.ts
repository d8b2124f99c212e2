import type { DialectSql } from '../../db/dialect.js';
import type { Db, HeldReason } from '../../db/schema.js';

/** SQL for queueing (freezing) messages. */
export function createDeliveryRepository(_dialect: DialectSql) {
  return {
    /** Attachments with their bytes, in order, for composing the MIME. */
    attachmentsWithData(db: Db, messageId: string) {
      return db
        .selectFrom('message_attachments')
        .innerJoin('blobs', 'blobs.sha256', 'message_attachments.blob_sha256')
        .select([
          'message_attachments.filename',
          'message_attachments.content_type',
          'message_attachments.size',
          'message_attachments.blob_sha256',
          'blobs.data',
        ])
        .where('message_attachments.message_id', '=', messageId)
        .orderBy('message_attachments.position')
        .execute();
    },

    /** A batch's read-receipt choice: 'yes' / 'no', or null to follow the account (also for no batch at all). */
    async batchReadReceipt(db: Db, batchId: string | null): Promise<'yes' | 'no' | null> {
      if (!batchId) return null;
      const row = await db.selectFrom('batches').select('read_receipt').where('id', '=', batchId).executeTakeFirst();
      return row?.read_receipt ?? null;
    },

    /** Recipient and account of each message (the queue-time address check). */
    addressesOf(db: Db, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('messages').select(['id', 'account_id', 'to_address']).where('id', 'in', ids).execute();
    },

    /** Draft → queued (or held), with its frozen MIME; false when it was no longer a draft. */
    async markQueued(
      db: Db,
      id: string,
      q: {
        status: 'queued' | 'held';
        heldReason: HeldReason | null;
        emlSha256: string;
        emlSize: number;
        envelopeFrom: string;
        nextAttemptAt: string;
        sendAt: string | null;
        nowIso: string;
      },
    ) {
      const r = await db
        .updateTable('messages')
        .set({
          status: q.status,
          mailbox: 'outbox',
          held_reason: q.heldReason,
          eml_sha256: q.emlSha256,
          eml_size: q.emlSize,
          envelope_from: q.envelopeFrom,
          next_attempt_at: q.nextAttemptAt,
          send_at: q.sendAt,
          queued_at: q.nowIso,
          attempts: 0,
          series: 0,
          first_attempt_at: null,
          updated_at: q.nowIso,
        })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;

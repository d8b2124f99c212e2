import { sql } from 'kysely';
import type { DialectSql } from '../../db/dialect.js';
import type { Db, HeldReason } from '../../db/schema.js';

/** What differs between the messages of one queueing chunk when they are marked queued (markQueuedMany). */
export interface QueuedRow {
  id: string;
  status: 'queued' | 'held';
  heldReason: HeldReason | null;
  emlSha256: string;
  emlSize: number;
  envelopeFrom: string;
}

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

    /** Messages by id, whole rows (a queueing chunk: read at once, composed one by one). */
    rowsOf(db: Db, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('messages').selectAll().where('id', 'in', ids).execute();
    },

    /** Bodies of many messages. */
    bodiesOf(db: Db, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('message_bodies')
        .select(['message_id', 'html', 'text'])
        .where('message_id', 'in', ids)
        .execute();
    },

    /**
     * Attachments of many messages, each message's in order, without their bytes (read by the blob reader, which
     * on PostgreSQL avoids bytea's hex text). Only those whose blob exists, as attachmentsWithData's join.
     */
    attachmentsOfMany(db: Db, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('message_attachments')
        .innerJoin('blobs', 'blobs.sha256', 'message_attachments.blob_sha256')
        .select([
          'message_attachments.message_id',
          'message_attachments.filename',
          'message_attachments.content_type',
          'message_attachments.size',
          'message_attachments.blob_sha256',
        ])
        .where('message_attachments.message_id', 'in', ids)
        .orderBy('message_attachments.message_id')
        .orderBy('message_attachments.position')
        .execute();
    },

    /** Read-receipt choices of many batches (batchReadReceipt for each). */
    batchReadReceipts(db: Db, batchIds: string[]) {
      if (batchIds.length === 0) return Promise.resolve([]);
      return db.selectFrom('batches').select(['id', 'read_receipt']).where('id', 'in', batchIds).execute();
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

    /**
     * markQueued for many messages in one statement: the ids of those that were still drafts (and are now queued
     * or held). The rows travel as a VALUES list (as the event log's insert), one round trip for a whole chunk.
     */
    async markQueuedMany(
      db: Db,
      rows: QueuedRow[],
      q: { nextAttemptAt: string; sendAt: string | null; nowIso: string },
    ): Promise<Set<string>> {
      const updated = new Set<string>();
      for (let i = 0; i < rows.length; i += MARK_CHUNK) {
        const values = sql.join(
          rows
            .slice(i, i + MARK_CHUNK)
            .map(
              (r) =>
                sql`(${r.id}, ${r.status}, ${r.heldReason}, ${r.emlSha256}, cast(${r.emlSize} as integer), ${r.envelopeFrom})`,
            ),
        );
        const result = await sql<{ id: string }>`
          with v (id, status, held_reason, eml_sha256, eml_size, envelope_from) as (values ${values})
          update messages set
            status = v.status, mailbox = 'outbox', held_reason = v.held_reason, eml_sha256 = v.eml_sha256,
            eml_size = v.eml_size, envelope_from = v.envelope_from, next_attempt_at = ${q.nextAttemptAt},
            send_at = ${q.sendAt}, queued_at = ${q.nowIso}, attempts = 0, series = 0, first_attempt_at = null,
            updated_at = ${q.nowIso}
          from v
          where messages.id = v.id and messages.status = 'draft'
          returning messages.id`.execute(db);
        for (const r of result.rows) updated.add(r.id);
      }
      return updated;
    },
  };
}

/** Messages marked queued per statement: 6 parameters each, well under SQLite's and PostgreSQL's limits. */
const MARK_CHUNK = 250;

export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;

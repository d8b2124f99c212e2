import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { TAX_DOCUMENT_TYPES } from '../../../shared/retention.js';
import { keysetOrder } from '../../db/keyset.js';
import type { Database, Db } from '../../db/schema.js';

const TAX = [...TAX_DOCUMENT_TYPES] as string[];
const FINAL_UNSENT = ['failed', 'cancelled'] as const;
/**
 * The mailboxes as literals, not parameters: the indexes these queries read are partial on them (migration 0033),
 * and a planner can use a partial index only when the query itself says what the index's condition says.
 */
const SENT_MAILBOX = sql<SqlBool>`${sql.ref('mailbox')} = 'sent'`;
const UNSENT_MAILBOXES = sql<SqlBool>`${sql.ref('mailbox')} in ('failed', 'cancelled')`;

/** Tax documents' messages, or every other message (no document type counts as correspondence). */
function ofKind(eb: ExpressionBuilder<Database, 'messages'>, tax: boolean) {
  return tax
    ? eb('messages.document_type', 'in', TAX)
    : eb.or([eb('messages.document_type', 'is', null), eb('messages.document_type', 'not in', TAX)]);
}

/**
 * A blob still used by something: every column that holds a blob's SHA-256 (`feedback_messages.sha256` is only the
 * reader's duplicate check; the raw report is the event's `raw_sha256`). A removed message's .eml hash stays as proof
 * of what was sent, but no longer keeps the bytes.
 */
function blobUnused(eb: ExpressionBuilder<Database, 'blobs'>) {
  const ref = eb.ref('blobs.sha256');
  const none = (q: Parameters<typeof eb.exists>[0]) => eb.not(eb.exists(q));
  // NOT EXISTS joined by AND (not NOT (… OR …)): PostgreSQL turns each into an anti-join it can probe by index.
  return eb.and([
    none(
      eb
        .selectFrom('messages')
        .select(sql.lit(1).as('x'))
        .where('messages.eml_sha256', '=', ref)
        .where('messages.content_removed_at', 'is', null),
    ),
    none(eb.selectFrom('message_attachments').select(sql.lit(1).as('x')).where('blob_sha256', '=', ref)),
    none(eb.selectFrom('documents').select(sql.lit(1).as('x')).where('pdf_sha256', '=', ref)),
    none(eb.selectFrom('batches').select(sql.lit(1).as('x')).where('paper_pack_sha256', '=', ref)),
    none(eb.selectFrom('batch_attachments').select(sql.lit(1).as('x')).where('blob_sha256', '=', ref)),
    none(eb.selectFrom('captured_messages').select(sql.lit(1).as('x')).where('blob_sha256', '=', ref)),
    none(eb.selectFrom('feedback_events').select(sql.lit(1).as('x')).where('raw_sha256', '=', ref)),
  ]);
}

/**
 * SQL of the retention job (D76). Each `…Due` query picks at most `limit` keys by an indexed date predicate; the
 * matching delete removes just those keys, so each chunk is a short transaction and no table is locked for long.
 */
export function createRetentionRepository() {
  return {
    /** Sent messages (mailbox Wysłane) of one kind, sent before the cutoff, whose content is still there. */
    async contentDueSent(db: Db, c: { tax: boolean; beforeIso: string; limit: number }) {
      const rows = await db
        .selectFrom('messages')
        .select('id')
        .where('content_removed_at', 'is', null)
        .where('sent_at', '<', c.beforeIso)
        .where(SENT_MAILBOX)
        .where((eb) => ofKind(eb, c.tax))
        .limit(c.limit)
        .execute();
      return rows.map((r) => r.id);
    },

    /** Messages that ended unsent (failed, cancelled) before the cutoff, whose content is still there. */
    async contentDueUnsent(db: Db, c: { tax: boolean; beforeIso: string; limit: number }) {
      const rows = await db
        .selectFrom('messages')
        .select('id')
        .where('content_removed_at', 'is', null)
        .where(UNSENT_MAILBOXES)
        .where('updated_at', '<', c.beforeIso)
        .where((eb) => ofKind(eb, c.tax))
        .limit(c.limit)
        .execute();
      return rows.map((r) => r.id);
    },

    /** Body and attachments deleted, the .eml's hash kept (its bytes go with the orphaned blobs); the row stays. */
    async removeContent(db: Db, ids: string[], nowIso: string): Promise<number> {
      if (ids.length === 0) return 0;
      await db.deleteFrom('message_bodies').where('message_id', 'in', ids).execute();
      await db.deleteFrom('message_attachments').where('message_id', 'in', ids).execute();
      const res = await db
        .updateTable('messages')
        .set({ content_removed_at: nowIso })
        .where('id', 'in', ids)
        .where('content_removed_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    /** Messages of one kind whose proof period ended: sent (by sending time) or ended unsent (by last change). */
    async proofsDue(db: Db, c: { tax: boolean; beforeIso: string; limit: number }) {
      const sent = await db
        .selectFrom('messages')
        .select('id')
        .where('sent_at', '<', c.beforeIso)
        .where(SENT_MAILBOX)
        .where((eb) => ofKind(eb, c.tax))
        .limit(c.limit)
        .execute();
      if (sent.length >= c.limit) return sent.map((r) => r.id);
      const unsent = await db
        .selectFrom('messages')
        .select('id')
        .where('mailbox', 'in', FINAL_UNSENT)
        .where('updated_at', '<', c.beforeIso)
        .where((eb) => ofKind(eb, c.tax))
        .limit(c.limit - sent.length)
        .execute();
      return [...sent, ...unsent].map((r) => r.id);
    },

    /** The message rows go; their body, attachments and attempts with them (foreign keys cascade). */
    async deleteMessages(db: Db, ids: string[]): Promise<number> {
      if (ids.length === 0) return 0;
      const res = await db.deleteFrom('messages').where('id', 'in', ids).executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    /**
     * Source documents of one kind made before the cutoff that no message still shows (every message made from
     * it had its content removed, or there was none: the paper pack's).
     */
    async documentsDue(db: Db, c: { tax: boolean; beforeIso: string; limit: number }) {
      const rows = await db
        .selectFrom('documents')
        .select('id')
        .where('created_at', '<', c.beforeIso)
        .where((eb) => (c.tax ? eb('type', 'in', TAX) : eb('type', 'not in', TAX)))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('messages')
                .select(sql.lit(1).as('x'))
                .whereRef('messages.document_id', '=', 'documents.id')
                .where('messages.content_removed_at', 'is', null),
            ),
          ),
        )
        .limit(c.limit)
        .execute();
      return rows.map((r) => r.id);
    },

    async deleteDocuments(db: Db, ids: string[]): Promise<number> {
      if (ids.length === 0) return 0;
      await db.updateTable('messages').set({ document_id: null }).where('document_id', 'in', ids).execute();
      const res = await db.deleteFrom('documents').where('id', 'in', ids).executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    async feedbackRepliesDue(db: Db, beforeIso: string, limit: number) {
      const rows = await db
        .selectFrom('feedback_replies')
        .select('id')
        // Both kinds named, so the (kind, received_at) index serves the date range.
        .where('kind', 'in', ['reply', 'unknown'])
        .where('received_at', '<', beforeIso)
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },

    async deleteFeedbackReplies(db: Db, ids: string[]): Promise<number> {
      if (ids.length === 0) return 0;
      const res = await db.deleteFrom('feedback_replies').where('id', 'in', ids).executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    async feedbackEventsDue(db: Db, beforeIso: string, limit: number) {
      const rows = await db
        .selectFrom('feedback_events')
        .select('id')
        .where('occurred_at', '<', beforeIso)
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },

    async deleteFeedbackEvents(db: Db, ids: string[]): Promise<number> {
      if (ids.length === 0) return 0;
      const res = await db.deleteFrom('feedback_events').where('id', 'in', ids).executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    async feedbackMessagesDue(db: Db, beforeIso: string, limit: number) {
      const rows = await db
        .selectFrom('feedback_messages')
        .select('id')
        .where('created_at', '<', beforeIso)
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },

    async deleteFeedbackMessages(db: Db, ids: string[]): Promise<number> {
      if (ids.length === 0) return 0;
      const res = await db.deleteFrom('feedback_messages').where('id', 'in', ids).executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    async eventsDue(db: Db, beforeIso: string, limit: number) {
      const rows = await db
        .selectFrom('message_events')
        .select('id')
        .where('occurred_at', '<', beforeIso)
        .limit(limit)
        .execute();
      return rows.map((r) => Number(r.id));
    },

    /** The events and the webhook deliveries made of them (a delivery refers to its event). */
    async deleteEvents(db: Db, ids: number[]): Promise<number> {
      if (ids.length === 0) return 0;
      await db.deleteFrom('webhook_deliveries').where('event_id', 'in', ids).execute();
      const res = await db.deleteFrom('message_events').where('id', 'in', ids).executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    async auditDue(db: Db, beforeIso: string, limit: number) {
      const rows = await db.selectFrom('audit_log').select('id').where('at', '<', beforeIso).limit(limit).execute();
      return rows.map((r) => r.id);
    },

    async deleteAudit(db: Db, ids: string[]): Promise<number> {
      if (ids.length === 0) return 0;
      const res = await db.deleteFrom('audit_log').where('id', 'in', ids).executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    /**
     * Blobs stored before `beforeIso` (the safety margin), in (created_at, sha256) order after `after`: the caller
     * walks on from the last one, so each blob is looked at once per run. Which are unused, `usedAmong` tells.
     */
    orphanCandidates(db: Db, beforeIso: string, limit: number, after: { createdAt: string; sha256: string } | null) {
      const q = db.selectFrom('blobs').select(['sha256', 'created_at']).where('created_at', '<', beforeIso);
      const from = after ? { value: after.createdAt, id: after.sha256 } : null;
      return keysetOrder(q, { sort: 'created_at', id: 'sha256', dir: 'asc' }, from).limit(limit).execute();
    },

    /** Which of these blobs something refers to: one index probe per column that holds a blob's SHA-256. */
    async usedAmong(db: Db, shas: string[]): Promise<Set<string>> {
      const used = new Set<string>();
      if (shas.length === 0) return used;
      const add = (rows: { sha: string | null }[]) => {
        for (const r of rows) if (r.sha) used.add(r.sha);
      };
      add(
        await db
          .selectFrom('messages')
          .select('eml_sha256 as sha')
          .where('eml_sha256', 'in', shas)
          .where('content_removed_at', 'is', null)
          .execute(),
      );
      add(
        await db
          .selectFrom('message_attachments')
          .select('blob_sha256 as sha')
          .where('blob_sha256', 'in', shas)
          .execute(),
      );
      add(await db.selectFrom('documents').select('pdf_sha256 as sha').where('pdf_sha256', 'in', shas).execute());
      add(
        await db
          .selectFrom('batches')
          .select('paper_pack_sha256 as sha')
          .where('paper_pack_sha256', 'in', shas)
          .execute(),
      );
      add(
        await db
          .selectFrom('batch_attachments')
          .select('blob_sha256 as sha')
          .where('blob_sha256', 'in', shas)
          .execute(),
      );
      add(
        await db
          .selectFrom('captured_messages')
          .select('blob_sha256 as sha')
          .where('blob_sha256', 'in', shas)
          .execute(),
      );
      add(await db.selectFrom('feedback_events').select('raw_sha256 as sha').where('raw_sha256', 'in', shas).execute());
      return used;
    },

    /** Deletes those blobs, checking again in the same statement that nothing took them meanwhile. */
    async deleteOrphanBlobs(db: Db, shas: string[], beforeIso: string): Promise<number> {
      if (shas.length === 0) return 0;
      const res = await db
        .deleteFrom('blobs')
        .where('sha256', 'in', shas)
        .where('created_at', '<', beforeIso)
        .where((eb) => blobUnused(eb as unknown as ExpressionBuilder<Database, 'blobs'>))
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    async lastRun(db: Db, name: string) {
      return db
        .selectFrom('job_leases')
        .select(['last_run_at', 'last_result'])
        .where('name', '=', name)
        .executeTakeFirst();
    },

    /**
     * Takes the job for this worker when nobody holds it and its last run is older than `dueBeforeIso` (one
     * statement: two workers cannot both take it). True when taken.
     */
    async claim(
      db: Db,
      c: { name: string; owner: string; nowIso: string; leaseUntilIso: string; dueBeforeIso: string },
    ) {
      await db
        .insertInto('job_leases')
        .values({ name: c.name, lease_owner: null, lease_expires_at: null, last_run_at: null, last_result: null })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const res = await db
        .updateTable('job_leases')
        .set({ lease_owner: c.owner, lease_expires_at: c.leaseUntilIso })
        .where('name', '=', c.name)
        .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', c.nowIso)]))
        .where((eb) => eb.or([eb('last_run_at', 'is', null), eb('last_run_at', '<', c.dueBeforeIso)]))
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Records the run and gives the lease back (only the worker that holds it). */
    async finish(db: Db, c: { name: string; owner: string; nowIso: string; result: string | null }) {
      await db
        .updateTable('job_leases')
        .set({ lease_owner: null, lease_expires_at: null, last_run_at: c.nowIso, last_result: c.result })
        .where('name', '=', c.name)
        .where('lease_owner', '=', c.owner)
        .execute();
    },

    async release(db: Db, name: string, owner: string) {
      await db
        .updateTable('job_leases')
        .set({ lease_owner: null, lease_expires_at: null })
        .where('name', '=', name)
        .where('lease_owner', '=', owner)
        .execute();
    },
  };
}

export type RetentionRepository = ReturnType<typeof createRetentionRepository>;

import type { DialectSql } from '../../db/dialect.js';
import { keysetPage } from '../../db/keyset.js';
import type { BatchStatus, Db, NewRow, RowUpdate } from '../../db/schema.js';
import { chunks } from '../../lib/chunks.js';
import type { KeysetCursor } from '../../lib/keyset.js';

export interface DocumentSelection {
  type: string;
  period?: string;
  propertyId?: string;
  importId?: string;
  documentIds?: string[];
  /** Only documents of the properties this position serves (a batch sends for its position's properties). */
  positionId?: string;
  /** Only documents of the properties these positions serve (an empty list matches nothing). */
  positionIds?: string[];
  /** Only documents that existed at this time: a run read page by page keeps the selection it started with (D88). */
  createdUpTo?: string;
}

/** Where a document stands in a run's order (documentIdsPage). */
export interface DocumentOrderKey {
  id: string;
  property_id: string | null;
  recipient_key: string;
}

/** The documents a selection names: the filters only, the caller picks the columns. */
function selectedDocuments(db: Db, s: DocumentSelection) {
  let q = db.selectFrom('documents').where('type', '=', s.type);
  if (s.period) q = q.where('period', '=', s.period);
  if (s.propertyId) q = q.where('property_id', '=', s.propertyId);
  if (s.importId) q = q.where('import_id', '=', s.importId);
  if (s.documentIds) q = q.where('id', 'in', s.documentIds);
  if (s.createdUpTo) q = q.where('created_at', '<=', s.createdUpTo);
  if (s.positionId) {
    const positionId = s.positionId;
    q = q.where('property_id', 'in', (eb) =>
      eb.selectFrom('position_properties').select('property_id').where('position_id', '=', positionId),
    );
  }
  if (s.positionIds) {
    const ids = s.positionIds.length > 0 ? s.positionIds : [''];
    q = q.where('property_id', 'in', (eb) =>
      eb.selectFrom('position_properties').select('property_id').where('position_id', 'in', ids),
    );
  }
  return q;
}

export function createBatchesRepository(dialect: DialectSql) {
  return {
    /** After a run: fresh planner statistics of the tables it grew by much (PostgreSQL only, D64). */
    analyzeAfterRun(db: Db, written: number) {
      return dialect.analyzeAfterBulkWrite(db, ['messages', 'batch_items'], written);
    },

    async insert(db: Db, row: NewRow<'batches'>) {
      await db.insertInto('batches').values(row).execute();
    },

    findById(db: Db, id: string) {
      return db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst();
    },

    list(db: Db, f: { accountIds: string[] | null; after: KeysetCursor | null; limit: number }) {
      if (f.accountIds?.length === 0) return Promise.resolve([]);
      let q = db.selectFrom('batches').selectAll();
      if (f.accountIds) q = q.where('account_id', 'in', f.accountIds);
      return keysetPage(q, { sort: 'created_at', id: 'id', dir: 'desc' }, f.after, f.limit).execute();
    },

    async update(db: Db, id: string, patch: RowUpdate<'batches'>) {
      await db.updateTable('batches').set(patch).where('id', '=', id).execute();
    },

    /** Marks a batch running unless another run holds it (a run that stopped updating before `staleBefore` is taken over). */
    async claimRun(db: Db, id: string, nowIso: string, staleBefore: string) {
      const result = await db
        .updateTable('batches')
        .set({ status: 'running' as BatchStatus, error: null, updated_at: nowIso, finished_at: null })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('status', '!=', 'running'), eb('updated_at', '<', staleBefore)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Ends a run that stopped with an error: failed, with the reason (only if it is still marked running). */
    async failRunning(db: Db, id: string, patch: { error: string; updated_at: string }) {
      await db
        .updateTable('batches')
        .set({ status: 'failed' as BatchStatus, ...patch })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .execute();
    },

    /** The batch's messages by status. */
    countMessages(db: Db, batchId: string) {
      return db
        .selectFrom('messages')
        .select((eb) => ['status', 'resolution', eb.fn.countAll<number>().as('n')])
        .where('batch_id', '=', batchId)
        .groupBy(['status', 'resolution'])
        .execute();
    },

    /** A message's document put in the paper pack after its address was refused; false when it already was there. */
    async addPaperItem(db: Db, row: NewRow<'batch_items'>) {
      const result = await db
        .insertInto('batch_items')
        .values(row)
        .onConflict((oc) => oc.columns(['batch_id', 'document_id', 'recipient_id', 'address']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    /** The paper items changed: the count follows and the pack is made again when next downloaded. */
    async paperChanged(db: Db, batchId: string, nowIso: string) {
      await db
        .updateTable('batches')
        .set((eb) => ({
          paper_count: eb
            .selectFrom('batch_items')
            .select(eb.fn.countAll<number>().as('n'))
            .where('batch_items.batch_id', '=', batchId)
            .where('batch_items.channel', '=', 'paper'),
          paper_pack_sha256: null,
          updated_at: nowIso,
        }))
        .where('id', '=', batchId)
        .execute();
    },

    /** Stores a pack made after a change, unless the paper items changed again meanwhile. */
    async storePaperPack(db: Db, batchId: string, sha256: string, paperCount: number) {
      await db
        .updateTable('batches')
        .set({ paper_pack_sha256: sha256 })
        .where('id', '=', batchId)
        .where('paper_pack_sha256', 'is', null)
        .where('paper_count', '=', paperCount)
        .execute();
    },

    /** Batches left running by a process that stopped (resumed at start-up). */
    staleRunning(db: Db, staleBefore: string) {
      return db
        .selectFrom('batches')
        .select('id')
        .where('status', '=', 'running')
        .where('updated_at', '<', staleBefore)
        .execute();
    },

    /** Ids of the documents a selection takes, in a stable order (property, unit key, creation). */
    selectDocumentIds(db: Db, s: DocumentSelection) {
      return selectedDocuments(db, s)
        .select(['id', 'period'])
        .orderBy('property_id')
        .orderBy('recipient_key')
        .orderBy('id')
        .execute();
    },

    /**
     * How many documents a selection names, and the newest one's creation time: a run reads only documents created
     * up to it, so the selection it started with stays the same while it reads page by page (D88).
     */
    async selectionSnapshot(db: Db, s: DocumentSelection): Promise<{ total: number; createdUpTo: string | null }> {
      const row = await selectedDocuments(db, s)
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('created_at').as('newest')])
        .executeTakeFirstOrThrow();
      return { total: Number(row.n), createdUpTo: (row.newest as string | null) ?? null };
    },

    /**
     * A run's documents a page at a time, in the order of selectDocumentIds, after `after` (the last row of the page
     * before; null for the first). For a position's selection only: its documents all have a property, so the
     * (property, recipient key, id) row value is never null and both databases order it alike (D88).
     */
    documentIdsPage(
      db: Db,
      s: DocumentSelection & { positionId: string },
      after: DocumentOrderKey | null,
      limit: number,
    ): Promise<(DocumentOrderKey & { period: string })[]> {
      let q = selectedDocuments(db, s).select(['id', 'property_id', 'recipient_key', 'period']);
      if (after) {
        q = q.where((eb) =>
          eb(
            eb.refTuple('property_id', 'recipient_key', 'id'),
            '>',
            eb.tuple(after.property_id, after.recipient_key, after.id),
          ),
        );
      }
      return q.orderBy('property_id').orderBy('recipient_key').orderBy('id').limit(limit).execute();
    },

    documentsByIds(db: Db, ids: string[]) {
      return db
        .selectFrom('documents')
        .select([
          'id',
          'source',
          'unit_id',
          'recipient_id',
          'title',
          'period',
          'data',
          'parties',
          'pdf_sha256',
          'pdf_size',
          'filename',
        ])
        .where('id', 'in', ids)
        .execute();
    },

    async existingItems(db: Db, batchId: string, documentIds: string[]) {
      const out = [];
      for (const part of chunks(documentIds, 500)) {
        out.push(
          ...(await db
            .selectFrom('batch_items')
            .select(['document_id', 'recipient_id', 'address'])
            .where('batch_id', '=', batchId)
            .where('document_id', 'in', part)
            .execute()),
        );
      }
      return out;
    },

    async insertItems(db: Db, rows: NewRow<'batch_items'>[]) {
      for (const part of chunks(rows, 100)) await db.insertInto('batch_items').values(part).execute();
    },

    /** Counts per channel and paper reason. */
    countItems(db: Db, batchId: string) {
      return db
        .selectFrom('batch_items')
        .select((eb) => ['channel', 'reason', eb.fn.countAll<number>().as('n')])
        .where('batch_id', '=', batchId)
        .groupBy(['channel', 'reason'])
        .execute();
    },

    listItems(db: Db, f: { batchId: string; channel?: 'email' | 'paper'; after: KeysetCursor | null; limit: number }) {
      let q = db
        .selectFrom('batch_items')
        .innerJoin('recipients', 'recipients.id', 'batch_items.recipient_id')
        .innerJoin('documents', 'documents.id', 'batch_items.document_id')
        .select([
          'batch_items.document_id',
          'batch_items.recipient_id',
          'batch_items.address',
          'batch_items.channel',
          'batch_items.reason',
          'batch_items.message_id',
          'recipients.name as recipient_name',
          'recipients.sort_name',
          'documents.title',
        ])
        .where('batch_items.batch_id', '=', f.batchId);
      if (f.channel) q = q.where('batch_items.channel', '=', f.channel);
      return keysetPage(
        q,
        { sort: 'recipients.sort_name', id: 'batch_items.document_id', dir: 'asc' },
        f.after,
        f.limit,
      ).execute();
    },

    /** The paper pack's contents: each paper item's document and who it is for, in print order. */
    paperItems(db: Db, batchId: string) {
      return db
        .selectFrom('batch_items')
        .innerJoin('recipients', 'recipients.id', 'batch_items.recipient_id')
        .innerJoin('documents', 'documents.id', 'batch_items.document_id')
        .select([
          'batch_items.document_id',
          'batch_items.reason',
          'recipients.name',
          'recipients.street',
          'recipients.postal_code',
          'recipients.city',
          'recipients.country',
          'documents.title',
          'documents.pdf_sha256',
          'documents.recipient_key',
        ])
        .where('batch_items.batch_id', '=', batchId)
        .where('batch_items.channel', '=', 'paper')
        .orderBy('documents.property_id')
        .orderBy('documents.recipient_key')
        .orderBy('recipients.sort_name')
        .execute();
    },

    async insertAttachment(db: Db, row: NewRow<'batch_attachments'>) {
      await db.insertInto('batch_attachments').values(row).execute();
    },

    attachmentsOf(db: Db, batchId: string) {
      return db
        .selectFrom('batch_attachments')
        .selectAll()
        .where('batch_id', '=', batchId)
        .orderBy('position')
        .execute();
    },

    async deleteAttachment(db: Db, batchId: string, id: string) {
      const r = await db
        .deleteFrom('batch_attachments')
        .where('batch_id', '=', batchId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },

    async hasMessages(db: Db, batchId: string) {
      const row = await db
        .selectFrom('messages')
        .select('id')
        .where('batch_id', '=', batchId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async delete(db: Db, id: string) {
      await db.deleteFrom('batches').where('id', '=', id).execute();
    },
  };
}

export type BatchesRepository = ReturnType<typeof createBatchesRepository>;

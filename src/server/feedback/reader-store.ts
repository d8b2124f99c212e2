import { sql } from 'kysely';
import type { Db, Row } from '../db/schema.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import {
  type FeedbackFolder,
  type FeedbackKind,
  type FeedbackRecord,
  LeaseLostError,
  type ReaderStore,
} from './ports.js';

export interface ReaderStoreDeps {
  db: Db;
  clock: Clock;
  /** How long a mailbox lease lasts without renewal (the reader renews it every third of this). */
  leaseMs?: number;
}

const toRecord = (row: Row<'feedback_messages'>): FeedbackRecord => ({
  id: row.id,
  mailboxId: row.mailbox_id,
  folder: row.folder,
  uidvalidity: row.uidvalidity,
  uid: Number(row.uid),
  sha256: row.sha256,
  messageId: row.message_id,
  size: Number(row.size),
  kind: row.kind as FeedbackKind,
  targetFolder: row.target_folder as FeedbackFolder | null,
  duplicateOf: row.duplicate_of,
  receivedAt: row.received_at,
  processedAt: row.processed_at,
  movedAt: row.moved_at,
  details: JSON.parse(row.details) as Record<string, unknown>,
});

/**
 * The reader's storage over the database (D47). The lease is one row per mailbox, claimed by a single UPDATE
 * (atomic on SQLite and PostgreSQL: a concurrent claimer re-checks the condition after the row lock). Fenced
 * writes start with a no-op UPDATE of our own unexpired lease row in the same transaction: it takes the row lock
 * (PostgreSQL) or the write lock (SQLite), so a claim by another worker cannot slip in between check and write.
 */
export function createReaderStore(deps: ReaderStoreDeps): ReaderStore {
  const { db, clock } = deps;
  const leaseMs = deps.leaseMs ?? 60_000;
  const now = () => clock.now().toISOString();

  async function fenced<T>(mailboxId: string, owner: string, work: (tx: Db) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (tx) => {
      const held = await tx
        .updateTable('feedback_reader_leases')
        .set((eb) => ({ lease_owner: eb.ref('lease_owner') }))
        .where('mailbox_id', '=', mailboxId)
        .where('lease_owner', '=', owner)
        .where('lease_expires_at', '>', now())
        .executeTakeFirst();
      if (Number(held.numUpdatedRows) !== 1) throw new LeaseLostError(mailboxId);
      return work(tx);
    });
  }

  const findAt: ReaderStore['findAt'] = async (mailboxId, folder, uidvalidity, uid) => {
    const row = await db
      .selectFrom('feedback_messages')
      .selectAll()
      .where('mailbox_id', '=', mailboxId)
      .where('folder', '=', folder)
      .where('uidvalidity', '=', uidvalidity)
      .where('uid', '=', uid)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  };

  return {
    leaseMs,
    async claimLease(mailboxId, owner) {
      const at = now();
      await db
        .insertInto('feedback_reader_leases')
        .values({ mailbox_id: mailboxId, status: 'idle', updated_at: at })
        .onConflict((oc) => oc.column('mailbox_id').doNothing())
        .execute();
      const result = await db
        .updateTable('feedback_reader_leases')
        .set({ lease_owner: owner, lease_expires_at: new Date(clock.now().getTime() + leaseMs).toISOString() })
        .where('mailbox_id', '=', mailboxId)
        .where((eb) =>
          eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_expires_at', '<=', at)]),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async renewLease(mailboxId, owner) {
      const result = await db
        .updateTable('feedback_reader_leases')
        .set({ lease_expires_at: new Date(clock.now().getTime() + leaseMs).toISOString() })
        .where('mailbox_id', '=', mailboxId)
        .where('lease_owner', '=', owner)
        .where('lease_expires_at', '>', now())
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async releaseLease(mailboxId, owner) {
      await db
        .updateTable('feedback_reader_leases')
        .set({ lease_owner: null, lease_expires_at: null })
        .where('mailbox_id', '=', mailboxId)
        .where('lease_owner', '=', owner)
        .execute();
    },
    async reportStatus(mailboxId, owner, error) {
      const at = now();
      await db
        .updateTable('feedback_reader_leases')
        .set(
          error === null
            ? {
                status: 'ok',
                last_error: null,
                last_error_detail: null,
                error_since: null,
                last_ok_at: at,
                updated_at: at,
              }
            : {
                status: 'error',
                last_error: error.message.slice(0, 2000),
                last_error_detail: error.detail?.slice(0, 2000) ?? null,
                error_since: sql<string>`case when status = 'error' and error_since is not null then error_since else ${at} end`,
                updated_at: at,
              },
        )
        .where('mailbox_id', '=', mailboxId)
        .where('lease_owner', '=', owner)
        .execute();
    },
    folderState(mailboxId, owner, folder, uidvalidity) {
      return fenced(mailboxId, owner, async (tx) => {
        const row = await tx
          .selectFrom('feedback_mailbox_state')
          .select(['uidvalidity', 'last_uid'])
          .where('mailbox_id', '=', mailboxId)
          .where('folder', '=', folder)
          .executeTakeFirst();
        if (row && row.uidvalidity === uidvalidity) return { lastUid: Number(row.last_uid), reset: false };
        const values = { uidvalidity, last_uid: 0, updated_at: now() };
        await tx
          .insertInto('feedback_mailbox_state')
          .values({ mailbox_id: mailboxId, folder, ...values })
          .onConflict((oc) => oc.columns(['mailbox_id', 'folder']).doUpdateSet(values))
          .execute();
        return { lastUid: 0, reset: row !== undefined };
      });
    },
    advance(mailboxId, owner, folder, uidvalidity, lastUid) {
      return fenced(mailboxId, owner, async (tx) => {
        await tx
          .updateTable('feedback_mailbox_state')
          .set({ last_uid: lastUid, updated_at: now() })
          .where('mailbox_id', '=', mailboxId)
          .where('folder', '=', folder)
          .where('uidvalidity', '=', uidvalidity)
          .where('last_uid', '<', lastUid)
          .execute();
      });
    },
    findAt,
    async findAll(mailboxId, folder, uidvalidity, uids) {
      if (uids.length === 0) return [];
      const rows = await db
        .selectFrom('feedback_messages')
        .selectAll()
        .where('mailbox_id', '=', mailboxId)
        .where('folder', '=', folder)
        .where('uidvalidity', '=', uidvalidity)
        .where('uid', 'in', uids)
        .execute();
      return rows.map(toRecord);
    },
    async findSame(mailboxId, sha256, messageId) {
      const row = await db
        .selectFrom('feedback_messages')
        .selectAll()
        .where('mailbox_id', '=', mailboxId)
        .where('sha256', '=', sha256)
        .where((eb) => (messageId === null ? eb('message_id', 'is', null) : eb('message_id', '=', messageId)))
        .orderBy('created_at')
        .orderBy('id')
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async record(owner, entry) {
      const at = now();
      await fenced(entry.mailboxId, owner, (tx) =>
        tx
          .insertInto('feedback_messages')
          .values({
            id: newId(),
            mailbox_id: entry.mailboxId,
            folder: entry.folder,
            uidvalidity: entry.uidvalidity,
            uid: entry.uid,
            sha256: entry.sha256,
            message_id: entry.messageId,
            size: entry.size,
            kind: entry.kind,
            target_folder: entry.targetFolder,
            duplicate_of: entry.duplicateOf,
            received_at: entry.receivedAt,
            processed_at: entry.processed ? at : null,
            moved_at: null,
            details: JSON.stringify(entry.details),
            created_at: at,
          })
          .onConflict((oc) => oc.columns(['mailbox_id', 'folder', 'uidvalidity', 'uid']).doNothing())
          .execute(),
      );
      const stored = await findAt(entry.mailboxId, entry.folder, entry.uidvalidity, entry.uid);
      if (!stored) throw new Error(`The feedback record at UID ${entry.uid} was not stored.`);
      return stored;
    },
    async markProcessed(owner, record) {
      await fenced(record.mailboxId, owner, (tx) =>
        tx
          .updateTable('feedback_messages')
          .set({ processed_at: now() })
          .where('id', '=', record.id)
          .where('processed_at', 'is', null)
          .execute(),
      );
    },
    async markMoved(owner, record) {
      await fenced(record.mailboxId, owner, (tx) =>
        tx
          .updateTable('feedback_messages')
          .set({ moved_at: now() })
          .where('id', '=', record.id)
          .where('moved_at', 'is', null)
          .execute(),
      );
    },
    async markAllMoved(owner, mailboxId, ids) {
      if (ids.length === 0) return;
      await fenced(mailboxId, owner, (tx) =>
        tx
          .updateTable('feedback_messages')
          .set({ moved_at: now() })
          .where('mailbox_id', '=', mailboxId)
          .where('id', 'in', ids)
          .where('moved_at', 'is', null)
          .execute(),
      );
    },
  };
}

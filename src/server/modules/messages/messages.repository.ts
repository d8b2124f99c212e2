import { sql } from 'kysely';
import { MAILBOX_COUNT_CAP, Mailbox as MailboxName } from '../../../shared/messages.js';
import type { DialectSql } from '../../db/dialect.js';
import { keysetPage } from '../../db/keyset.js';
import type { Db, Mailbox, MessageResolution, MessageStatus, NewRow, RowUpdate } from '../../db/schema.js';
import type { KeysetCursor } from '../../lib/keyset.js';

/** Column each sort option orders by; every one has a (mailbox, column, id) index. */
export const SORT_COLUMNS = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  recipient: 'sort_name',
  subject: 'sort_subject',
} as const;
export type SortKey = keyof typeof SORT_COLUMNS;

export interface MailboxFilter {
  mailbox: Mailbox;
  /** null = every account; otherwise only these (an empty list matches nothing). */
  accountIds: string[] | null;
  status?: MessageStatus;
  /** Repaired failed messages only, or only those still needing the clerk (D41). */
  resolved?: 'open' | 'resolved';
  documentType?: string;
  batchId?: string;
  /** A property (nieruchomość): its documents' messages, and messages without a document to people of its units. */
  propertyId?: string;
  /** Folded search term. */
  q?: string;
  createdFromIso?: string;
  createdToIso?: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
  after: KeysetCursor | null;
  limit: number;
}

const SUMMARY_COLUMNS = [
  'id',
  'account_id',
  'recipient_id',
  'to_name',
  'to_address',
  'subject',
  'status',
  'mailbox',
  'document_type',
  'send_at',
  'sent_at',
  'last_error',
  'error_hint',
  'held_reason',
  'attempts',
  'created_at',
  'updated_at',
  'sort_name',
  'sort_subject',
  'batch_id',
  'resolved_at',
  'resolution',
  'resolved_by',
] as const;

/** What narrows a mailbox: everything of MailboxFilter but the page. */
export type SelectionFilter = Omit<MailboxFilter, 'sort' | 'dir' | 'after' | 'limit'>;

export function createMessagesRepository(dialect: DialectSql) {
  /** The mailbox and its filters, shared by the page query and bulk selection. */
  async function filtered(db: Db, f: Omit<SelectionFilter, 'mailbox'> & { mailbox?: Mailbox }) {
    let q = db.selectFrom('messages');
    if (f.mailbox) q = q.where('mailbox', '=', f.mailbox);
    if (f.accountIds) q = q.where('account_id', 'in', f.accountIds);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.resolved) q = q.where('resolved_at', f.resolved === 'open' ? 'is' : 'is not', null);
    if (f.documentType) q = q.where('document_type', '=', f.documentType);
    if (f.batchId) q = q.where('batch_id', '=', f.batchId);
    if (f.propertyId) {
      const propertyId = f.propertyId;
      q = q.where((eb) =>
        eb.or([
          eb(
            'document_id',
            'in',
            eb.selectFrom('documents').select('documents.id').where('documents.property_id', '=', propertyId),
          ),
          eb.and([
            eb('document_id', 'is', null),
            eb(
              'recipient_id',
              'in',
              eb
                .selectFrom('recipient_units')
                .innerJoin('units', 'units.id', 'recipient_units.unit_id')
                .select('recipient_units.recipient_id')
                .where('units.property_id', '=', propertyId),
            ),
          ]),
        ]),
      );
    }
    if (f.createdFromIso) q = q.where('created_at', '>=', f.createdFromIso);
    if (f.createdToIso) q = q.where('created_at', '<', f.createdToIso);
    if (f.q) q = q.where(await dialect.searchTextContains(db, 'messages', f.q));
    return q;
  }

  return {
    findById(db: Db, id: string) {
      return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insert(db: Db, row: NewRow<'messages'>) {
      await db.insertInto('messages').values(row).execute();
    },

    /** Drafts made in bulk (a batch): messages, bodies and attachments, a few dozen rows per statement. */
    async insertMany(
      db: Db,
      rows: {
        messages: NewRow<'messages'>[];
        bodies: NewRow<'message_bodies'>[];
        attachments: NewRow<'message_attachments'>[];
      },
    ) {
      for (let i = 0; i < rows.messages.length; i += 25) {
        await db
          .insertInto('messages')
          .values(rows.messages.slice(i, i + 25))
          .execute();
      }
      for (let i = 0; i < rows.bodies.length; i += 100) {
        await db
          .insertInto('message_bodies')
          .values(rows.bodies.slice(i, i + 100))
          .execute();
      }
      for (let i = 0; i < rows.attachments.length; i += 100) {
        await db
          .insertInto('message_attachments')
          .values(rows.attachments.slice(i, i + 100))
          .execute();
      }
    },

    findBody(db: Db, messageId: string) {
      return db
        .selectFrom('message_bodies')
        .select(['html', 'text'])
        .where('message_id', '=', messageId)
        .executeTakeFirst();
    },

    async insertBody(db: Db, row: NewRow<'message_bodies'>) {
      await db.insertInto('message_bodies').values(row).execute();
    },

    async updateBody(db: Db, messageId: string, body: { html: string; text: string }) {
      await db.updateTable('message_bodies').set(body).where('message_id', '=', messageId).execute();
    },

    /**
     * Marks a failed message repaired (resend, corrected address, paper) unless it already is; returns whether it
     * did. The condition makes two repairs racing for one message end with one winner.
     */
    async markResolved(db: Db, id: string, mark: { at: string; resolution: MessageResolution; by: string | null }) {
      const result = await db
        .updateTable('messages')
        .set({ resolved_at: mark.at, resolution: mark.resolution, resolved_by: mark.by })
        .where('id', '=', id)
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Updates a message only while it still has the expected status; returns whether it did. */
    async updateWhereStatus(db: Db, id: string, expected: readonly MessageStatus[], patch: RowUpdate<'messages'>) {
      const result = await db
        .updateTable('messages')
        .set(patch)
        .where('id', '=', id)
        .where('status', 'in', [...expected])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async deleteWhereStatus(db: Db, id: string, expected: MessageStatus) {
      const result = await db
        .deleteFrom('messages')
        .where('id', '=', id)
        .where('status', '=', expected)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** One keyset page of a mailbox (limit + 1 rows, to know whether another page follows). */
    async list(db: Db, f: MailboxFilter) {
      if (f.accountIds?.length === 0) return [];
      const col = SORT_COLUMNS[f.sort];
      const q = (await filtered(db, f)).select(SUMMARY_COLUMNS);
      return keysetPage(q, { sort: col, id: 'id', dir: f.dir }, f.after, f.limit).execute();
    },

    /** Every message a filter matches (for bulk actions), oldest first, up to `limit`. */
    async selectIds(db: Db, f: SelectionFilter, limit: number) {
      if (f.accountIds?.length === 0) return [];
      return (await filtered(db, f))
        .select(['id', 'status', 'account_id'])
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    /** Whether a message was repeated (a resend or a corrected send made from it). */
    async hasChildren(db: Db, id: string) {
      const row = await db.selectFrom('messages').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
      return row !== undefined;
    },

    /** The given messages, restricted to some accounts (for bulk actions on listed ids). */
    findManyForAccounts(db: Db, ids: string[], accountIds: string[] | null) {
      if (ids.length === 0 || accountIds?.length === 0) return Promise.resolve([]);
      let q = db.selectFrom('messages').select(['id', 'status', 'account_id']).where('id', 'in', ids);
      if (accountIds) q = q.where('account_id', 'in', accountIds);
      return q.orderBy('created_at').orderBy('id').execute();
    },

    /**
     * Messages per mailbox under the same filters as the list (every mailbox at once; no status filter), each
     * counted up to MAILBOX_COUNT_CAP + 1 rows (D81): a count never reads more than that many index entries.
     */
    async countByMailbox(db: Db, f: Omit<SelectionFilter, 'mailbox' | 'status'>) {
      if (f.accountIds?.length === 0) return [];
      const parts = [];
      for (const mailbox of MailboxName.options) {
        const capped = (await filtered(db, { ...f, mailbox }))
          .select(sql.lit(1).as('one'))
          .limit(MAILBOX_COUNT_CAP + 1)
          .as('capped');
        parts.push(
          db
            .selectFrom(capped)
            .select((eb) => [sql.lit(mailbox).$castTo<Mailbox>().as('mailbox'), eb.fn.countAll<number>().as('n')]),
        );
      }
      const [first, ...rest] = parts;
      return first ? rest.reduce((q, part) => q.unionAll(part), first).execute() : [];
    },

    attachmentsOf(db: Db, messageId: string) {
      return db
        .selectFrom('message_attachments')
        .selectAll()
        .where('message_id', '=', messageId)
        .orderBy('position')
        .execute();
    },

    attemptsOf(db: Db, messageId: string) {
      return db
        .selectFrom('message_attempts')
        .selectAll()
        .where('message_id', '=', messageId)
        .orderBy('started_at')
        .orderBy('id')
        .execute();
    },

    findAttachment(db: Db, messageId: string, attachmentId: string) {
      return db
        .selectFrom('message_attachments')
        .selectAll()
        .where('message_id', '=', messageId)
        .where('id', '=', attachmentId)
        .executeTakeFirst();
    },

    async nextAttachmentPosition(db: Db, messageId: string): Promise<number> {
      const row = await db
        .selectFrom('message_attachments')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row?.p === null || row?.p === undefined ? 0 : Number(row.p) + 1;
    },

    async insertAttachment(db: Db, row: NewRow<'message_attachments'>) {
      await db.insertInto('message_attachments').values(row).execute();
    },

    async deleteAttachment(db: Db, messageId: string, attachmentId: string) {
      await db
        .deleteFrom('message_attachments')
        .where('message_id', '=', messageId)
        .where('id', '=', attachmentId)
        .execute();
    },
  };
}

export type MessagesRepository = ReturnType<typeof createMessagesRepository>;

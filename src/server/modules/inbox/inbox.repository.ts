import { sql } from 'kysely';
import { keysetPage } from '../../db/keyset.js';
import type { Db } from '../../db/schema.js';
import { likeEscaped } from '../../db/sql.js';
import type { KeysetCursor } from '../../lib/keyset.js';
import { type MailScope, visibleMail } from '../feedback/mail-scope.js';

export interface InboxFilter {
  /** null = all (admin); otherwise the actor's accounts and their feedback mailboxes (D50). */
  scope: MailScope | null;
  userId: string;
  unread?: boolean;
  search?: string;
  messageId?: string;
}

/** The SQL of Odebrane (D49): tenants' replies (kind 'reply'), read per user, and the answers sent to them. */
export function createInboxRepository() {
  /** Replies with this user's read time and the first answer's time; scoped, never the triage kind. */
  function base(db: Db, f: InboxFilter) {
    let q = db
      .selectFrom('feedback_replies as r')
      .innerJoin('feedback_events as e', 'e.id', 'r.id')
      .leftJoin('feedback_reply_reads as rr', (j) =>
        j.onRef('rr.reply_id', '=', 'r.id').on('rr.user_id', '=', f.userId),
      )
      .where('r.kind', '=', 'reply')
      .where((eb) => visibleMail(eb, f.scope));
    if (f.unread) q = q.where('rr.read_at', 'is', null);
    if (f.messageId) q = q.where('r.message_id', '=', f.messageId);
    if (f.search) {
      const hay = sql`lower(r.subject || ' ' || coalesce(r.from_address, '') || ' ' || coalesce(r.from_name, '') || ' ' || r.text)`;
      q = q.where(likeEscaped(hay, f.search.toLowerCase(), 'contains'));
    }
    return q;
  }

  function rows(db: Db, f: InboxFilter) {
    return base(db, f).select((eb) => [
      'r.id',
      'r.message_id',
      'r.account_id',
      'e.mailbox_id',
      'r.recipient_id',
      'r.from_address',
      'r.from_name',
      'r.subject',
      'r.text',
      'r.received_at',
      'rr.read_at',
      eb
        .selectFrom('messages as a')
        .select((e) => e.fn.min('a.created_at').as('m'))
        .whereRef('a.inbox_reply_id', '=', 'r.id')
        .where('a.inbox_action', '=', 'reply')
        .as('answered_at'),
    ]);
  }

  return {
    /** Newest first, keyset by (received_at, id). */
    list(db: Db, f: InboxFilter & { after: KeysetCursor | null; limit: number }) {
      const q = rows(db, f);
      return keysetPage(q, { sort: 'r.received_at', id: 'r.id', dir: 'desc' }, f.after, f.limit).execute();
    },

    async counts(db: Db, f: InboxFilter) {
      const r = await base(db, f)
        .select((eb) => [
          eb.fn.countAll<string | number>().as('total'),
          eb.fn.count<string | number>('r.id').filterWhere('rr.read_at', 'is', null).as('unread'),
        ])
        .executeTakeFirstOrThrow();
      return { total: Number(r.total), unread: Number(r.unread) };
    },

    findOne(db: Db, id: string, userId: string) {
      return rows(db, { scope: null, userId }).where('r.id', '=', id).executeTakeFirst();
    },

    /** The replies' raw mail (the reader's record, same id) and the tenant's Message-ID. */
    rawOf(db: Db, id: string) {
      return db.selectFrom('feedback_events').select(['raw_sha256']).where('id', '=', id).executeTakeFirst();
    },

    answers(db: Db, replyId: string) {
      return db
        .selectFrom('messages')
        .select(['id', 'inbox_action', 'to_address', 'status', 'created_at'])
        .where('inbox_reply_id', '=', replyId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async markRead(db: Db, replyId: string, userId: string, at: string) {
      await db
        .insertInto('feedback_reply_reads')
        .values({ reply_id: replyId, user_id: userId, read_at: at })
        .onConflict((oc) => oc.columns(['reply_id', 'user_id']).doNothing())
        .execute();
    },

    async markUnread(db: Db, replyId: string, userId: string) {
      await db
        .deleteFrom('feedback_reply_reads')
        .where('reply_id', '=', replyId)
        .where('user_id', '=', userId)
        .execute();
    },

    recipient(db: Db, id: string) {
      return db.selectFrom('recipients').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    },

    /** The unit a message is about: its document's unit, else the recipient's first unit. */
    async unitOf(db: Db, documentId: string | null, recipientId: string | null) {
      const unitQuery = (unitId: string) =>
        db
          .selectFrom('units as u')
          .innerJoin('properties as p', 'p.id', 'u.property_id')
          .select(['u.id', 'u.number', 'u.address', 'p.name'])
          .where('u.id', '=', unitId)
          .executeTakeFirst();
      if (documentId) {
        const doc = await db.selectFrom('documents').select('unit_id').where('id', '=', documentId).executeTakeFirst();
        if (doc?.unit_id) return unitQuery(doc.unit_id);
      }
      if (!recipientId) return undefined;
      const link = await db
        .selectFrom('recipient_units')
        .select('unit_id')
        .where('recipient_id', '=', recipientId)
        .orderBy('unit_id')
        .executeTakeFirst();
      return link ? unitQuery(link.unit_id) : undefined;
    },
  };
}

export type InboxRepository = ReturnType<typeof createInboxRepository>;

import type { InboxCounts, InboxDetail, InboxQuery, InboxSummary } from '../../../shared/inbox.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { sanitizeEmailHtml } from '../../lib/html.js';
import { decodeCursor, toPage } from '../../lib/keyset.js';
import type { AccountScope } from '../accounts/accounts.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import { createMailScopeFor, mailInScope } from '../feedback/mail-scope.js';
import type { MessagesRepository } from '../messages/messages.repository.js';
import type { InboxRepository } from './inbox.repository.js';
import { parseStored } from './inbox-mail.js';

export interface InboxDeps {
  db: Db;
  repo: InboxRepository;
  messages: MessagesRepository;
  blobs: BlobStore;
  clock: Clock;
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
  /** The feedback mailboxes these accounts use (the triage repository's query). */
  mailboxesOf: (db: Db, accountIds: string[]) => Promise<string[]>;
}

type Row = NonNullable<Awaited<ReturnType<InboxRepository['findOne']>>>;

const NOT_YOURS = 'Ta odpowiedź dotyczy konta innego stanowiska.';
const EXCERPT = 160;

/** Who reads: a user's own read state; API keys and system actors share one. */
const readerOf = (actor: Actor) => actor.userId ?? `system:${actor.label}`;

export function toInboxSummary(r: Row): InboxSummary {
  const flat = r.text.replace(/\s+/g, ' ').trim();
  return {
    id: r.id,
    messageId: r.message_id,
    accountId: r.account_id,
    recipientId: r.recipient_id,
    fromAddress: r.from_address,
    fromName: r.from_name,
    subject: r.subject,
    excerpt: flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat,
    receivedAt: r.received_at,
    readAt: r.read_at ?? null,
    answeredAt: (r.answered_at as string | null) ?? null,
  };
}

/**
 * Odebrane (issue 12 points 6 and 8, D49): tenants' replies, scoped as all feedback mail (D50: a clerk sees replies
 * about their positions' accounts and those tied to no account read from those accounts' feedback mailboxes; an
 * admin all), read per user.
 */
export function createInboxService(deps: InboxDeps) {
  const { db, repo, messages, blobs, clock, scopeFor, mailboxesOf } = deps;

  const mailScope = createMailScopeFor({ db, scopeFor, mailboxesOf });

  /** A reply the actor may see, or 404 (absent, or triage mail) / 403 (another position's). */
  async function loadVisible(tx: Db, actor: Actor, id: string): Promise<Row> {
    const row = await repo.findOne(tx, id, readerOf(actor));
    if (!row) throw new NotFoundError('Nie znaleziono tej odpowiedzi.');
    if (!mailInScope(await mailScope(actor, tx), row)) throw new ForbiddenError(NOT_YOURS);
    return row;
  }

  async function parsedOf(tx: Db, id: string) {
    const ev = await repo.rawOf(tx, id);
    if (!ev?.raw_sha256) return { raw: null, parsed: null };
    const raw = await blobs.get(tx, ev.raw_sha256);
    return { raw, parsed: await parseStored(raw) };
  }

  return {
    loadVisible,
    parsedOf,
    readerOf,

    async assertVisible(actor: Actor, id: string): Promise<void> {
      await loadVisible(db, actor, id);
    },

    async list(actor: Actor, query: InboxQuery) {
      const rows = await repo.list(db, {
        scope: await mailScope(actor),
        userId: readerOf(actor),
        unread: query.filter === 'unread',
        search: query.q || undefined,
        messageId: query.messageId,
        after: decodeCursor(query.cursor, 'receivedAt:desc'),
        limit: query.limit,
      });
      return toPage(rows, query.limit, (r) => ({ value: r.received_at, id: r.id }), toInboxSummary, 'receivedAt:desc');
    },

    async counts(actor: Actor): Promise<InboxCounts> {
      return repo.counts(db, { scope: await mailScope(actor), userId: readerOf(actor) });
    },

    /** One reply with its thread; opening it marks it read for this user. */
    async get(actor: Actor, id: string): Promise<InboxDetail> {
      const row = await loadVisible(db, actor, id);
      const reader = readerOf(actor);
      if (!row.read_at) await repo.markRead(db, id, reader, clock.now().toISOString());
      const fresh = (await repo.findOne(db, id, reader)) as Row;
      const { raw, parsed } = await parsedOf(db, id);
      const original = row.message_id ? await messages.findById(db, row.message_id) : undefined;
      const recipient = row.recipient_id ? await repo.recipient(db, row.recipient_id) : undefined;
      const unit = await repo.unitOf(db, original?.document_id ?? null, row.recipient_id);
      const thread = row.message_id
        ? (await repo.list(db, { scope: null, userId: reader, messageId: row.message_id, after: null, limit: 50 }))
            .filter((r) => r.id !== id)
            .map(toInboxSummary)
        : [];
      const html = typeof parsed?.html === 'string' ? sanitizeEmailHtml(parsed.html) : null;
      return {
        ...toInboxSummary(fresh),
        text: parsed?.text?.trim() ? parsed.text : row.text,
        html: html?.trim() ? html : null,
        truncated: raw !== null && parsed === null,
        attachments: (parsed?.attachments ?? []).map((a, index) => ({
          index,
          filename: a.filename ?? `zalacznik-${index + 1}`,
          contentType: a.contentType || 'application/octet-stream',
          size: a.size,
        })),
        original: original
          ? {
              id: original.id,
              subject: original.subject,
              toAddress: original.to_address,
              sentAt: original.sent_at,
              status: original.status,
            }
          : null,
        recipient: recipient ? { id: recipient.id, name: recipient.name } : null,
        unit: unit
          ? { id: unit.id, label: `${unit.name}, lokal ${unit.number}${unit.address ? ` (${unit.address})` : ''}` }
          : null,
        thread,
        answers: (await repo.answers(db, id)).map((a) => ({
          id: a.id,
          action: a.inbox_action ?? 'reply',
          toAddress: a.to_address,
          status: a.status,
          createdAt: a.created_at,
        })),
      };
    },

    async setRead(actor: Actor, id: string, read: boolean): Promise<void> {
      await loadVisible(db, actor, id);
      if (read) await repo.markRead(db, id, readerOf(actor), clock.now().toISOString());
      else await repo.markUnread(db, id, readerOf(actor));
    },

    /** One attachment of the tenant's mail (by its place in the list, from 0). */
    async attachment(actor: Actor, id: string, index: number) {
      await loadVisible(db, actor, id);
      const { parsed } = await parsedOf(db, id);
      const found = parsed?.attachments[index];
      if (!found) throw new NotFoundError('Ta odpowiedź nie ma takiego załącznika.');
      return {
        filename: found.filename ?? `zalacznik-${index + 1}`,
        contentType: found.contentType || 'application/octet-stream',
        content: found.content,
      };
    },
  };
}

export type InboxService = ReturnType<typeof createInboxService>;

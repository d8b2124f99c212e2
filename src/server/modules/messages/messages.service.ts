import { feedbackBadges } from '../../../shared/feedback.js';
import type {
  DraftCreate,
  DraftUpdate,
  Mailbox,
  MailboxCountsQuery,
  MailboxQuery,
  Message,
  MessageSummary,
} from '../../../shared/messages.js';
import type { Db, Row, RowUpdate } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { htmlToPlainText, sanitizeEmailHtml } from '../../lib/html.js';
import { newId } from '../../lib/ids.js';
import { decodeCursor, pageRows, toPage } from '../../lib/keyset.js';
import { frozenBody } from '../../mail/frozen-body.js';
import { type AccountScope, inScope } from '../accounts/accounts.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import type { FeedbackRepository } from '../feedback/feedback.repository.js';
import type { RecipientsRepository } from '../recipients/recipients.repository.js';
import type { UploadQuota } from '../storage/upload-quota.js';
import {
  CANCELLABLE,
  checkAttachmentName,
  checkAttachmentSize,
  cleanContentType,
  cleanFilename,
  EDITABLE,
  messageIdHeader,
  messageSearchFields,
  selectionFilter,
  toMessage,
  toSummary,
  withFeedback,
} from './messages.js';
import { type MessagesRepository, SORT_COLUMNS } from './messages.repository.js';

export interface MessagesDeps {
  db: Db;
  repo: MessagesRepository;
  accounts: AccountsRepository;
  recipients: RecipientsRepository;
  blobs: BlobStore;
  audit: AuditLog;
  clock: Clock;
  /** Pass the transaction when inside one. */
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
  maxAttachmentBytes: number;
  quota: UploadQuota;
  /** Feedback events (D48): the message view's list and the badges. */
  feedback: FeedbackRepository;
}

const NOT_YOURS = 'Ta wiadomość należy do konta innego stanowiska.';

export function createMessagesService(deps: MessagesDeps) {
  const { db, repo, accounts, recipients, blobs, audit, clock, scopeFor, maxAttachmentBytes, quota } = deps;

  /** Loads a message the actor may see, or throws (404 when absent, 403 when another position's). */
  async function loadVisible(tx: Db, actor: Actor, id: string): Promise<Row<'messages'>> {
    const row = await repo.findById(tx, id);
    if (!row) throw new NotFoundError('Nie znaleziono wiadomości.');
    if (!inScope(await scopeFor(actor, tx), row.account_id)) throw new ForbiddenError(NOT_YOURS);
    return row;
  }

  async function assertUsableAccount(tx: Db, actor: Actor, accountId: string) {
    const account = await accounts.findById(tx, accountId);
    if (!account) {
      throw new ValidationError('Wybrane konto e-mail nie istnieje.', [
        { path: 'accountId', message: 'Nieznane konto.' },
      ]);
    }
    if (!inScope(await scopeFor(actor, tx), accountId)) {
      throw new ForbiddenError('Nie możesz wysyłać z konta, które nie należy do Twojego stanowiska.');
    }
    return account;
  }

  async function assertRecipientExists(tx: Db, recipientId: string | null) {
    if (recipientId && !(await recipients.findById(tx, recipientId))) {
      throw new ValidationError('Wybrany adresat nie istnieje.', [
        { path: 'recipientId', message: 'Nieznany adresat.' },
      ]);
    }
  }

  /** Sanitised HTML and a text part: the one written, or one made from the HTML. */
  function bodyOf(html: string, text: string) {
    const cleanHtml = html ? sanitizeEmailHtml(html) : '';
    return { html: cleanHtml, text: text.trim() ? text : cleanHtml ? htmlToPlainText(cleanHtml) : '' };
  }

  async function load(tx: Db, id: string): Promise<Message> {
    const row = await repo.findById(tx, id);
    if (!row) throw new NotFoundError('Nie znaleziono wiadomości.');
    const [body, attachments, attempts, events, sentBody] = await Promise.all([
      repo.findBody(tx, id),
      repo.attachmentsOf(tx, id),
      repo.attemptsOf(tx, id),
      deps.feedback.eventsOf(tx, [id]),
      sentBodyOf(tx, row),
    ]);
    return withFeedback(toMessage(row, body ?? { html: '', text: '' }, attachments, attempts, sentBody), events);
  }

  /** What the frozen .eml shows its reader; a draft's body is still to be composed (footer, links: D66, D70). */
  async function sentBodyOf(tx: Db, row: Row<'messages'>): Promise<Message['sentBody']> {
    if (row.status === 'draft' || !row.eml_sha256 || row.content_removed_at) return null;
    const raw = await blobs.get(tx, row.eml_sha256).catch((err: unknown) => {
      if (err instanceof NotFoundError) return null; // removed meanwhile: the draft's body is shown
      throw err;
    });
    return raw ? frozenBody(raw) : null;
  }

  async function requireEditable(tx: Db, actor: Actor, id: string) {
    const row = await loadVisible(tx, actor, id);
    if (!EDITABLE.includes(row.status)) {
      throw new ConflictError(
        'Wiadomość jest już w skrzynce nadawczej lub wysłana — można zmieniać tylko wersje robocze.',
      );
    }
    return row;
  }

  /** Restricts to the accounts the actor may see and to the requested account or position, if any. */
  async function accountFilter(actor: Actor, query: { accountId?: string; positionId?: string }) {
    const scope = await scopeFor(actor);
    let ids: string[] | null = scope.all ? null : [...scope.ids];
    const narrow = (wanted: string[]) => {
      ids = ids === null ? wanted : ids.filter((id) => wanted.includes(id));
    };
    if (query.accountId) narrow([query.accountId]);
    if (query.positionId) narrow(await accounts.accountIdsForPosition(db, query.positionId));
    return ids;
  }

  return {
    async list(actor: Actor, mailbox: Mailbox, query: MailboxQuery) {
      const order = `${query.sort}:${query.dir}`;
      const rows = await repo.list(db, {
        ...selectionFilter(mailbox, await accountFilter(actor, query), query),
        sort: query.sort,
        dir: query.dir,
        after: decodeCursor(query.cursor, order),
        limit: query.limit,
      });
      const col = SORT_COLUMNS[query.sort];
      const events = await deps.feedback.eventsOf(
        db,
        pageRows(rows, query.limit).map((r) => r.id),
      );
      return toPage<(typeof rows)[number], MessageSummary>(
        rows,
        query.limit,
        (r) => ({ value: r[col], id: r.id }),
        (r) => ({ ...toSummary(r), badges: feedbackBadges(events.filter((e) => e.message_id === r.id)) }),
        order,
      );
    },

    /** Messages per mailbox, under the list's filters (all but the status, which belongs to one mailbox). */
    async counts(actor: Actor, query: MailboxCountsQuery = {}): Promise<Record<Mailbox, number>> {
      const { mailbox: _m, status: _s, ...f } = selectionFilter('drafts', await accountFilter(actor, query), query);
      const rows = await repo.countByMailbox(db, f);
      const counts: Record<Mailbox, number> = { drafts: 0, outbox: 0, sent: 0, failed: 0, cancelled: 0 };
      for (const r of rows) counts[r.mailbox] = Number(r.n);
      return counts;
    },

    /** Before a request about one message is read: it exists and belongs to the actor's accounts. */
    async assertVisible(actor: Actor, id: string): Promise<void> {
      await loadVisible(db, actor, id);
    },

    async get(actor: Actor, id: string): Promise<Message> {
      await loadVisible(db, actor, id);
      return load(db, id);
    },

    async createDraft(actor: Actor, input: DraftCreate): Promise<Message> {
      const id = newId();
      const now = clock.now().toISOString();
      const body = bodyOf(input.html, input.text);
      if (!body.html && !body.text.trim()) {
        throw new ValidationError('Wiadomość nie ma treści — wpisz treść.', [
          { path: 'text', message: 'Wpisz treść.' },
        ]);
      }
      return db.transaction().execute(async (tx) => {
        const account = await assertUsableAccount(tx, actor, input.accountId);
        await assertRecipientExists(tx, input.recipientId);
        await repo.insert(tx, {
          id,
          account_id: input.accountId,
          recipient_id: input.recipientId,
          to_name: input.toName,
          to_address: input.toAddress,
          subject: input.subject,
          status: 'draft',
          mailbox: 'drafts',
          message_id_header: messageIdHeader(id, account.from_address),
          document_type: input.documentType,
          send_at: null,
          queued_at: null,
          sent_at: null,
          last_error: null,
          ...messageSearchFields(input),
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        await repo.insertBody(tx, { message_id: id, ...body });
        await audit.record(tx, actor, {
          action: 'message.create',
          entityType: 'message',
          entityId: id,
          details: { accountId: input.accountId, to: input.toAddress, subject: input.subject },
        });
        return load(tx, id);
      });
    },

    async updateDraft(actor: Actor, id: string, input: DraftUpdate): Promise<Message> {
      return db.transaction().execute(async (tx) => {
        const current = await requireEditable(tx, actor, id);
        if (input.accountId) await assertUsableAccount(tx, actor, input.accountId);
        if (input.recipientId !== undefined) await assertRecipientExists(tx, input.recipientId);
        const next = {
          subject: input.subject ?? current.subject,
          toName: input.toName ?? current.to_name,
          toAddress: input.toAddress ?? current.to_address,
        };
        const currentBody = (await repo.findBody(tx, id)) ?? { html: '', text: '' };
        const body = bodyOf(
          input.html ?? currentBody.html,
          input.text ?? (input.html !== undefined ? '' : currentBody.text),
        );
        const patch: RowUpdate<'messages'> = {
          ...(input.accountId ? { account_id: input.accountId } : {}),
          ...(input.recipientId !== undefined ? { recipient_id: input.recipientId } : {}),
          ...(input.documentType !== undefined ? { document_type: input.documentType } : {}),
          to_name: next.toName,
          to_address: next.toAddress,
          subject: next.subject,
          ...messageSearchFields(next),
          updated_at: clock.now().toISOString(),
        };
        if (!(await repo.updateWhereStatus(tx, id, EDITABLE, patch))) {
          throw new ConflictError('Wiadomość zmieniła stan w międzyczasie — odśwież widok.');
        }
        await repo.updateBody(tx, id, body);
        const { html: _h, text: _t, ...changed } = input;
        await audit.record(tx, actor, {
          action: 'message.update',
          entityType: 'message',
          entityId: id,
          details: changed,
        });
        return load(tx, id);
      });
    },

    async deleteDraft(actor: Actor, id: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const row = await requireEditable(tx, actor, id);
        if (!(await repo.deleteWhereStatus(tx, id, 'draft'))) {
          throw new ConflictError('Wiadomość zmieniła stan w międzyczasie — odśwież widok.');
        }
        await audit.record(tx, actor, {
          action: 'message.delete',
          entityType: 'message',
          entityId: id,
          details: { to: row.to_address, subject: row.subject },
        });
      });
    },

    async cancel(actor: Actor, id: string): Promise<Message> {
      return db.transaction().execute(async (tx) => {
        const row = await loadVisible(tx, actor, id);
        const cancelled = await repo.updateWhereStatus(tx, id, CANCELLABLE, {
          status: 'cancelled',
          mailbox: 'cancelled',
          updated_at: clock.now().toISOString(),
        });
        if (!cancelled) {
          throw new ConflictError(
            row.status === 'sending'
              ? 'Wiadomość jest właśnie wysyłana — nie można jej już anulować.'
              : 'Tej wiadomości nie można anulować, bo została już wysłana lub anulowana.',
          );
        }
        await audit.record(tx, actor, {
          action: 'message.cancel',
          entityType: 'message',
          entityId: id,
          details: { previousStatus: row.status },
        });
        return load(tx, id);
      });
    },

    async addAttachment(
      actor: Actor,
      id: string,
      file: { filename: string; contentType: string | undefined; data: Buffer },
    ): Promise<Message> {
      checkAttachmentSize(file.data, maxAttachmentBytes);
      checkAttachmentName(file.filename);
      return db.transaction().execute(async (tx) => {
        await requireEditable(tx, actor, id);
        await quota.charge(tx, actor, file.data.length);
        const blob = await blobs.put(tx, file.data);
        const attachmentId = newId();
        const filename = cleanFilename(file.filename);
        await repo.insertAttachment(tx, {
          id: attachmentId,
          message_id: id,
          blob_sha256: blob.sha256,
          filename,
          content_type: cleanContentType(file.contentType),
          size: blob.size,
          position: await repo.nextAttachmentPosition(tx, id),
        });
        await audit.record(tx, actor, {
          action: 'message.attachment_add',
          entityType: 'message',
          entityId: id,
          details: { attachmentId, filename, sha256: blob.sha256, size: blob.size },
        });
        return load(tx, id);
      });
    },

    async removeAttachment(actor: Actor, id: string, attachmentId: string): Promise<Message> {
      return db.transaction().execute(async (tx) => {
        await requireEditable(tx, actor, id);
        const attachment = await repo.findAttachment(tx, id, attachmentId);
        if (!attachment) throw new NotFoundError('Nie znaleziono załącznika.');
        await repo.deleteAttachment(tx, id, attachmentId);
        await audit.record(tx, actor, {
          action: 'message.attachment_remove',
          entityType: 'message',
          entityId: id,
          details: { attachmentId, filename: attachment.filename },
        });
        return load(tx, id);
      });
    },

    async attachmentContent(actor: Actor, id: string, attachmentId: string) {
      await loadVisible(db, actor, id);
      const attachment = await repo.findAttachment(db, id, attachmentId);
      if (!attachment) throw new NotFoundError('Nie znaleziono załącznika.');
      return {
        filename: attachment.filename,
        contentType: attachment.content_type,
        data: await blobs.get(db, attachment.blob_sha256),
      };
    },
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;

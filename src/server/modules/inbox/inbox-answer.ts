import { parseEmailAddress } from '../../../shared/email-address.js';
import type { InboxForwardInput, InboxReplyInput, InboxSent } from '../../../shared/inbox.js';
import type { Db, InboxAction, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import { ConflictError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { OutboxRepository } from '../../sending/outbox.repository.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import { composeMessage } from '../delivery/compose.js';
import type { DeliveryRepository } from '../delivery/delivery.repository.js';
import { entryState } from '../delivery/repeat.js';
import { cleanContentType, cleanFilename, messageIdHeader, messageSearchFields } from '../messages/messages.js';
import type { MessagesRepository } from '../messages/messages.repository.js';
import type { InboxService } from './inbox.service.js';
import { answerSubject, polishDateTime, quoted, threadHeaders } from './inbox-mail.js';

export interface AnswerDeps {
  db: Db;
  inbox: InboxService;
  messages: MessagesRepository;
  delivery: DeliveryRepository;
  accounts: AccountsRepository;
  outbox: OutboxRepository;
  blobs: BlobStore;
  secrets: SecretBox;
  audit: AuditLog;
  clock: Clock;
}

interface Outgoing {
  action: InboxAction;
  to: { name: string; address: string };
  recipientId: string | null;
  subject: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/**
 * Odpowiedz / Przekaż (D49): a NEW message from the account the original went from (never the clerk's choice),
 * written as a draft, frozen with its threading headers and queued in one transaction — so it goes through the
 * outbox and the worker like any other message (Nadawcze → Wysłane, attempts, proof, audit) and is linked to the
 * reply it answers or forwards.
 */
export function createInboxAnswers(deps: AnswerDeps) {
  const { db, inbox, messages, delivery, accounts, outbox, blobs, secrets, audit, clock } = deps;

  async function accountFor(tx: Db, accountId: string | null) {
    const account = accountId ? await accounts.findById(tx, accountId) : undefined;
    if (!account) {
      throw new ConflictError(
        'Tej odpowiedzi nie powiązano z żadną wysłaną wiadomością, więc nie wiadomo, z którego konta odpowiedzieć.',
      );
    }
    if (account.status !== 'active') {
      throw new ConflictError(`Konto „${account.name}” jest wyłączone — włącz je w Ustawieniach i spróbuj ponownie.`);
    }
    return account;
  }

  async function send(actor: Actor, replyId: string, account: Row<'smtp_accounts'>, out: Outgoing, tx: Db) {
    const id = newId();
    const nowIso = clock.now().toISOString();
    const header = messageIdHeader(id, account.from_address);
    await messages.insert(tx, {
      id,
      account_id: account.id,
      recipient_id: out.recipientId,
      to_name: out.to.name,
      to_address: out.to.address,
      subject: out.subject,
      status: 'draft',
      mailbox: 'drafts',
      message_id_header: header,
      document_type: null,
      send_at: null,
      queued_at: null,
      sent_at: null,
      last_error: null,
      ...messageSearchFields({ subject: out.subject, toName: out.to.name, toAddress: out.to.address }),
      in_reply_to: out.inReplyTo,
      references_header: out.references.length ? out.references.join(' ') : null,
      inbox_reply_id: replyId,
      inbox_action: out.action,
      created_by: actor.userId,
      created_at: nowIso,
      updated_at: nowIso,
    });
    await messages.insertBody(tx, { message_id: id, html: '', text: out.text });
    let position = 0;
    for (const a of out.attachments) {
      const blob = await blobs.put(tx, a.content);
      await messages.insertAttachment(tx, {
        id: newId(),
        message_id: id,
        blob_sha256: blob.sha256,
        filename: cleanFilename(a.filename),
        content_type: cleanContentType(a.contentType),
        size: blob.size,
        position: position++,
      });
    }
    const row = (await messages.findById(tx, id)) as Row<'messages'>;
    const { raw, envelopeFrom } = await composeMessage({ db: tx, messages, delivery, secrets }, row, account, {
      date: clock.now(),
    });
    const blob = await blobs.put(tx, raw);
    const state = await entryState(outbox, tx, account, out.to.address);
    await delivery.markQueued(tx, id, {
      ...state,
      emlSha256: blob.sha256,
      emlSize: blob.size,
      envelopeFrom,
      nextAttemptAt: nowIso,
      sendAt: null,
      nowIso,
    });
    await audit.record(tx, actor, {
      action: out.action === 'reply' ? 'message.reply' : 'message.forward',
      entityType: 'message',
      entityId: id,
      details: {
        replyId,
        to: out.to.address,
        subject: out.subject,
        messageIdHeader: header,
        sha256: blob.sha256,
        ...(state.heldReason ? { held: state.heldReason } : {}),
      },
    });
    return { messageId: id, status: state.status } satisfies InboxSent;
  }

  return {
    async reply(actor: Actor, replyId: string, input: { text: string; quote: boolean }): Promise<InboxSent> {
      return db.transaction().execute(async (tx) => {
        const r = await inbox.loadVisible(tx, actor, replyId);
        const account = await accountFor(tx, r.account_id);
        const to = r.from_address && parseEmailAddress(r.from_address).ok ? r.from_address : null;
        if (!to)
          throw new ConflictError('Adres nadawcy tej odpowiedzi jest nieprawidłowy — nie można na nią odpowiedzieć.');
        const { parsed } = await inbox.parsedOf(tx, replyId);
        const original = r.message_id ? await messages.findById(tx, r.message_id) : undefined;
        const thread = threadHeaders(parsed, original?.message_id_header ?? null);
        const who = r.from_name ? `${r.from_name} <${to}>` : to;
        const body = input.quote
          ? `${input.text.trimEnd()}\n\n${quoted(`${polishDateTime(r.received_at)}, ${who} pisze:`, r.text)}\n`
          : `${input.text.trimEnd()}\n`;
        return send(
          actor,
          replyId,
          account,
          {
            action: 'reply',
            to: { name: r.from_name ?? '', address: to },
            recipientId: r.recipient_id,
            subject: answerSubject('reply', r.subject, original?.subject ?? ''),
            text: body,
            inReplyTo: thread.inReplyTo,
            references: thread.references,
            attachments: [],
          },
          tx,
        );
      });
    },

    async forward(actor: Actor, replyId: string, input: Required<InboxForwardInput>): Promise<InboxSent> {
      return db.transaction().execute(async (tx) => {
        const r = await inbox.loadVisible(tx, actor, replyId);
        const account = await accountFor(tx, r.account_id);
        const { parsed } = await inbox.parsedOf(tx, replyId);
        const original = r.message_id ? await messages.findById(tx, r.message_id) : undefined;
        const from = r.from_name ? `${r.from_name} <${r.from_address ?? ''}>` : (r.from_address ?? '');
        const head = [
          '---------- Przekazana wiadomość ----------',
          `Od: ${from}`,
          `Data: ${polishDateTime(r.received_at)}`,
          `Temat: ${r.subject}`,
          '',
        ].join('\n');
        const text = parsed?.text?.trim() ? parsed.text : r.text;
        const note = input.text.trim() ? `${input.text.trimEnd()}\n\n` : '';
        return send(
          actor,
          replyId,
          account,
          {
            action: 'forward',
            to: { name: input.toName, address: input.toAddress },
            recipientId: null,
            subject: answerSubject('forward', r.subject, original?.subject ?? ''),
            text: `${note}${head}\n${text.trimEnd()}\n`,
            inReplyTo: null,
            references: [],
            attachments: (parsed?.attachments ?? []).map((a, i) => ({
              filename: a.filename ?? `zalacznik-${i + 1}`,
              contentType: a.contentType || 'application/octet-stream',
              content: a.content,
            })),
          },
          tx,
        );
      });
    },
  };
}

export type InboxAnswers = ReturnType<typeof createInboxAnswers>;
export type { InboxReplyInput };

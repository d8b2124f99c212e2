import { mailboxKey } from '../../../shared/email-address.js';
import type { Db, HeldReason, MessageLinkKind, Row } from '../../db/schema.js';
import type { MessageEventLog } from '../../events/message-events.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import type { OutboxRepository } from '../../sending/outbox.repository.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import type { LinkApplier } from '../download-links/download-links.service.js';
import { messageIdHeader, messageSearchFields } from '../messages/messages.js';
import type { MessagesRepository } from '../messages/messages.repository.js';
import { composeMessage } from './compose.js';
import type { DeliveryRepository } from './delivery.repository.js';

export interface RepeatDeps {
  db: Db;
  repo: DeliveryRepository;
  messages: MessagesRepository;
  outbox: OutboxRepository;
  /** The message event log (D60): the new message's `queued` event. */
  events: MessageEventLog;
  blobs: BlobStore;
  secrets: SecretBox;
  /** Signed download links put in at build time (D70); none without it. */
  links?: LinkApplier;
  audit: AuditLog;
  clock: Clock;
}

/** Where a message goes when it enters the queue: held if its account is stopped or its address suppressed. */
export async function entryState(outbox: OutboxRepository, tx: Db, account: Row<'smtp_accounts'>, toAddress: string) {
  let heldReason: HeldReason | null = null;
  if (account.circuit_state === 'paused') heldReason = 'paused';
  else if (account.circuit_state !== 'closed') heldReason = 'account';
  else if ((await outbox.findSuppressions(tx, [mailboxKey(toAddress)])).length > 0) heldReason = 'suppressed';
  return { status: heldReason ? ('held' as const) : ('queued' as const), heldReason };
}

export interface RepeatRequest {
  kind: MessageLinkKind;
  to: { name: string; address: string };
  priority: number;
  /** Audit action and extra details recorded on the original message. */
  action: string;
  details: Record<string, unknown>;
  /** Runs in the same transaction before the new message is queued (lift a suppression, cancel a held original). */
  before?: (tx: Db) => Promise<void>;
  /**
   * A bulk resend: an original already repaired (by another resend, a corrected address, paper) is not sent again —
   * the repeat throws AlreadyResolved and nothing is made. Otherwise a repeat of a repaired message is deliberate.
   */
  onlyUnresolved?: boolean;
}

/** Statuses of an original that a new message repairs (marks resolved): it did not reach, or waits on its address. */
const REPAIRED: readonly string[] = ['failed', 'bounced', 'held'];

/** The original was repaired meanwhile (a bulk resend skips it). */
export class AlreadyResolved extends Error {}

/**
 * A deliberate resend or a send to a corrected address (issue 11): a NEW message with its own Message-ID, the
 * original's content and attachments, `References` to the original, rendered for its To and queued at once. The
 * original keeps its status, attempts and proof; the two are linked (`parent_id`).
 */
export function createRepeater(deps: RepeatDeps) {
  const { db, repo, messages, outbox, events, blobs, secrets, links, audit, clock } = deps;

  return async function repeat(
    actor: Actor,
    source: Row<'messages'>,
    account: Row<'smtp_accounts'>,
    req: RepeatRequest,
  ): Promise<{ id: string; status: 'queued' | 'held' }> {
    const id = newId();
    const header = messageIdHeader(id, account.from_address);
    const { raw, envelopeFrom: sender } = await composeMessage(
      { db, messages, delivery: repo, secrets, links },
      source,
      account,
      {
        date: clock.now(),
        to: req.to,
        as: { id, messageIdHeader: header },
        references: [source.message_id_header],
      },
    );
    return db.transaction().execute(async (tx) => {
      const nowIso = clock.now().toISOString();
      if (REPAIRED.includes(source.status)) {
        const marked = await messages.markResolved(tx, source.id, { at: nowIso, resolution: req.kind, by: id });
        if (!marked && req.onlyUnresolved) throw new AlreadyResolved('Ta wiadomość została już naprawiona.');
      } else if (req.onlyUnresolved && source.resolved_at) {
        throw new AlreadyResolved('Ta wiadomość została już naprawiona.');
      }
      await req.before?.(tx);
      const blob = await blobs.put(tx, raw);
      const state = await entryState(outbox, tx, account, req.to.address);
      await messages.insert(tx, {
        id,
        account_id: account.id,
        recipient_id: source.recipient_id,
        to_name: req.to.name,
        to_address: req.to.address,
        subject: source.subject,
        status: state.status,
        mailbox: 'outbox',
        held_reason: state.heldReason,
        message_id_header: header,
        document_type: source.document_type,
        batch_id: source.batch_id,
        document_id: source.document_id,
        parent_id: source.id,
        link_kind: req.kind,
        send_at: null,
        queued_at: nowIso,
        sent_at: null,
        last_error: null,
        ...messageSearchFields({ subject: source.subject, toName: req.to.name, toAddress: req.to.address }),
        eml_sha256: blob.sha256,
        eml_size: blob.size,
        envelope_from: sender,
        next_attempt_at: nowIso,
        priority: req.priority,
        created_by: actor.userId,
        created_at: nowIso,
        updated_at: nowIso,
      });
      const data = { sendAt: null, held: state.heldReason, repeats: source.id };
      await events.record(tx, [{ messageId: id, to: req.to.address, type: 'queued', data }], nowIso);
      const body = await messages.findBody(tx, source.id);
      await messages.insertBody(tx, { message_id: id, html: body?.html ?? '', text: body?.text ?? '' });
      for (const a of await messages.attachmentsOf(tx, source.id)) {
        await messages.insertAttachment(tx, { ...a, id: newId(), message_id: id });
      }
      const details = { ...req.details, newMessageId: id, messageIdHeader: header, to: req.to.address };
      await audit.record(tx, actor, { action: req.action, entityType: 'message', entityId: source.id, details });
      await audit.record(tx, actor, {
        action: 'message.create',
        entityType: 'message',
        entityId: id,
        details: {
          from: source.id,
          kind: req.kind,
          sha256: blob.sha256,
          ...(state.heldReason ? { held: state.heldReason } : {}),
        },
      });
      return { id, status: state.status };
    });
  };
}

export type Repeat = ReturnType<typeof createRepeater>;

import { mailboxKey } from '../../../shared/email-address.js';
import type { LinkedMessage, Message } from '../../../shared/messages.js';
import type { Db, MessageStatus, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError } from '../../lib/errors.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { BatchesRepository } from '../batches/batches.repository.js';
import type { MessagesRepository } from '../messages/messages.repository.js';
import type { RecipientsRepository } from '../recipients/recipients.repository.js';
import type { SuppressionsRepository } from '../suppressions/suppressions.repository.js';
import type { SuppressionsService } from '../suppressions/suppressions.service.js';
import { type DeliveryService, PRIORITY } from './delivery.service.js';
import { createSendToPaper, refusedForAddress } from './paper.js';
import type { Repeat } from './repeat.js';
import { smtpUtf8Problems, smtpUtf8Refusal } from './smtputf8-check.js';

export interface RepairsDeps {
  db: Db;
  delivery: DeliveryService;
  repeat: Repeat;
  messages: MessagesRepository;
  accounts: AccountsRepository;
  recipients: RecipientsRepository;
  links: SuppressionsRepository;
  suppressions: SuppressionsService;
  batches: BatchesRepository;
  /** The recipients service's scope check (403/404 as on the recipient routes). */
  assertRecipientInScope: (actor: Actor, id: string) => Promise<void>;
  audit: AuditLog;
  clock: Clock;
}

/** Statuses a message is repaired from by sending it to a corrected address: it did not reach the old one. */
const FAILED: readonly MessageStatus[] = ['failed', 'bounced'];

function heldForBlocked(m: { status: string; held_reason: string | null }) {
  return m.status === 'held' && m.held_reason === 'suppressed';
}

/**
 * Repairing a message whose address was refused (issue 11, point 3): the message view's links and the blocked
 * address's explanation, "Wyślij na poprawiony adres" (a new message to the recipient's current address), and
 * unblocking the address from the message.
 */
export function createRepairsService(deps: RepairsDeps) {
  const { db, delivery, repeat, messages, accounts, recipients, links, suppressions, audit, clock } = deps;
  const isBlocked = async (address: string) => (await suppressions.find(address)) !== null;
  const sendToPaper = createSendToPaper({ db, messages, batches: deps.batches, isBlocked, audit, clock });

  async function recipientReachable(actor: Actor, recipientId: string | null) {
    if (!recipientId) return false;
    try {
      await deps.assertRecipientInScope(actor, recipientId);
      return true;
    } catch {
      return false;
    }
  }

  function toLinked(r: Awaited<ReturnType<SuppressionsRepository['linked']>>[number]): LinkedMessage {
    return {
      id: r.id,
      kind: r.link_kind ?? 'resend',
      toAddress: r.to_address,
      status: r.status,
      messageIdHeader: r.message_id_header,
      createdAt: r.created_at,
    };
  }

  return {
    /** Before the body is read: the message is the actor's, and so is its recipient (whose addresses it uses). */
    async assertCanRepair(actor: Actor, id: string) {
      const message = await delivery.visibleMessage(actor, id);
      if (message.recipient_id) await deps.assertRecipientInScope(actor, message.recipient_id);
    },

    /** The message view's extras: links both ways, the blocked address, and the addresses to send to instead. */
    async decorate(actor: Actor, m: Message): Promise<Message> {
      const row = (await messages.findById(db, m.id)) as Row<'messages'>;
      const linked = await links.linked(db, m.id, row.parent_id);
      const parentRow = row.parent_id ? linked.find((l) => l.id === row.parent_id) : undefined;
      const parent = parentRow ? { ...toLinked(parentRow), kind: row.link_kind ?? 'resend' } : null;
      const children = linked.filter((l) => l.parent_id === m.id).map(toLinked);
      const blocked = await suppressions.find(m.toAddress);
      const repairable = FAILED.includes(row.status) || heldForBlocked(row);
      let correctAddresses: string[] | null = null;
      if (repairable && (await recipientReachable(actor, row.recipient_id))) {
        const key = mailboxKey(row.to_address);
        const emails = await recipients.emailsOf(db, [row.recipient_id as string]);
        correctAddresses = emails.map((e) => e.address).filter((a) => mailboxKey(a) !== key);
      }
      // A message held for a blocked address says so — not an older attempt's "try again later".
      const errorHint = heldForBlocked(row) && blocked ? blocked.summary : m.errorHint;
      const paperOffered =
        !row.resolved_at &&
        row.batch_id !== null &&
        row.document_id !== null &&
        (await refusedForAddress(row, async () => blocked !== null));
      return { ...m, parent, children, blocked, correctAddresses, errorHint, paperOffered };
    },

    /**
     * "Wyślij na poprawiony adres": a NEW message (own Message-ID, References to this one) to one of the
     * recipient's current addresses. The original keeps its status, attempts and proof; one held for a blocked
     * address is cancelled, as the new message replaces it.
     */
    async sendToCorrected(actor: Actor, id: string, address: string) {
      const source = await delivery.visibleMessage(actor, id);
      if (!FAILED.includes(source.status) && !heldForBlocked(source)) {
        throw new ConflictError(
          'Na poprawiony adres można wysłać wiadomość, która nie doszła albo czeka, bo jej adres jest zablokowany.',
        );
      }
      if (!source.recipient_id) {
        throw new ConflictError(
          'Wiadomość nie jest powiązana z adresatem z kartoteki — nie ma skąd wziąć nowego adresu.',
        );
      }
      const to = await suppressions.recipientAddress(source.recipient_id, address);
      if (mailboxKey(to) === mailboxKey(source.to_address)) {
        throw new ConflictError(
          'To ten sam adres, na który wiadomość nie doszła — popraw go najpierw na karcie adresata.',
        );
      }
      const account = await accounts.findById(db, source.account_id);
      if (account?.status !== 'active') {
        throw new ConflictError('Konto e-mail tej wiadomości jest wyłączone — nie można z niego wysłać.');
      }
      const problems = smtpUtf8Problems(new Map([[account.id, account]]), [{ account_id: account.id, to_address: to }]);
      if (problems.length > 0) throw new ConflictError(`${smtpUtf8Refusal(problems)} Nic nie zostało wysłane.`);
      return repeat(actor, source, account, {
        kind: 'corrected',
        to: { name: source.to_name, address: to },
        priority: PRIORITY.single,
        action: 'message.send_corrected',
        details: { previousAddress: source.to_address, previousStatus: source.status },
        before: async (tx) => {
          if (!heldForBlocked(source)) return;
          const cancelled = await messages.updateWhereStatus(tx, source.id, ['held'], {
            status: 'cancelled',
            mailbox: 'cancelled',
            held_reason: null,
            updated_at: clock.now().toISOString(),
          });
          if (!cancelled) throw new ConflictError('Wiadomość zmieniła stan w międzyczasie — odśwież widok.');
          await audit.record(tx, actor, {
            action: 'message.cancel',
            entityType: 'message',
            entityId: source.id,
            details: { previousStatus: 'held', replacedBy: 'corrected_address' },
          });
        },
      });
    },

    /** "Wyślij papierowo": the message's document goes into its batch's paper pack (reason: address refused). */
    async sendToPaper(actor: Actor, id: string) {
      return sendToPaper(actor, await delivery.visibleMessage(actor, id));
    },

    /** "Odblokuj adres" on a message: its To address leaves the suppression list; its held messages are queued. */
    async unblockForMessage(actor: Actor, id: string) {
      const message = await delivery.visibleMessage(actor, id);
      if (!(await suppressions.find(message.to_address))) {
        throw new ConflictError('Adres tej wiadomości nie jest zablokowany.');
      }
      return suppressions.unblock(actor, message.to_address, 'message');
    },
  };
}

export type RepairsService = ReturnType<typeof createRepairsService>;

import type { z } from 'zod';
import { mailboxKey } from '../../../shared/email-address.js';
import {
  type BlockedAddress,
  type BlockedQuery,
  blockedSummary,
  type RecipientDelivery,
  type UnblockResult,
} from '../../../shared/suppressions.js';
import type { Db, HeldReason, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { decodeCursor, toPage } from '../../lib/keyset.js';
import type { AccountScope } from '../accounts/accounts.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requireAdmin } from '../auth/access.js';
import type { Actor } from '../auth/auth.js';
import type { RecipientsRepository } from '../recipients/recipients.repository.js';
import type { SuppressionsRepository } from './suppressions.repository.js';

export interface SuppressionsDeps {
  db: Db;
  repo: SuppressionsRepository;
  recipients: RecipientsRepository;
  audit: AuditLog;
  clock: Clock;
  scopeFor: (actor: Actor, tx?: Db) => Promise<AccountScope>;
}

/** How many of a recipient's messages the card shows. */
const CARD_MESSAGES = 100;

export function toBlocked(row: Row<'suppressions'>): BlockedAddress {
  return {
    address: row.address,
    reason: row.reason,
    createdAt: row.created_at,
    messageId: row.message_id,
    summary: blockedSummary(row.reason, row.created_at),
  };
}

/**
 * Blocked addresses (issue 11, point 4): listed and searched in Ustawienia, shown on the recipient card and on a
 * held message, and unblocked — audited, and the address's held messages go back to the queue.
 */
export function createSuppressionsService(deps: SuppressionsDeps) {
  const { db, repo, recipients, audit, clock, scopeFor } = deps;

  /** The recipient's stored address that is this mailbox, or a field error. */
  async function recipientAddress(recipientId: string, address: string) {
    const key = mailboxKey(address);
    const emails = await recipients.emailsOf(db, [recipientId]);
    const found = emails.find((e) => mailboxKey(e.address) === key);
    if (!found) {
      throw new ValidationError('Tego adresu nie ma na karcie adresata.', [
        { path: 'address', message: 'Wybierz jeden z adresów adresata.' },
      ]);
    }
    return found.address;
  }

  const service = {
    async list(actor: Actor, query: z.output<typeof BlockedQuery>) {
      requireAdmin(actor, 'Listę zablokowanych adresów widzi tylko administrator.');
      const rows = await repo.list(db, {
        q: query.q ? query.q.toLowerCase() : undefined,
        after: decodeCursor(query.cursor, 'blocked'),
        limit: query.limit,
      });
      return toPage(rows, query.limit, (r) => ({ value: r.created_at, id: r.address }), toBlocked, 'blocked');
    },

    async find(address: string, tx: Db = db): Promise<BlockedAddress | null> {
      const [row] = await repo.find(tx, [mailboxKey(address)]);
      return row ? toBlocked(row) : null;
    },

    /**
     * Unblocks a mailbox (any spelling of it): the entry goes, its held messages are queued again, and the audit
     * log says who did it, from where, and what the block was. The caller has checked the actor's right to.
     */
    async unblock(actor: Actor, address: string, via: string): Promise<UnblockResult> {
      const key = mailboxKey(address);
      return db.transaction().execute(async (tx) => {
        const [row] = await repo.find(tx, [key]);
        if (!row || !(await repo.remove(tx, key))) throw new NotFoundError('Ten adres nie jest zablokowany.');
        const held = (await repo.heldForBlocked(tx)).filter((m) => mailboxKey(m.to_address) === key);
        const released = await repo.release(
          tx,
          held.map((m) => m.id),
          clock.now().toISOString(),
        );
        await audit.record(tx, actor, {
          action: 'suppression.remove',
          entityType: 'suppression',
          entityId: key,
          details: {
            address: key,
            reason: row.reason,
            blockedAt: row.created_at,
            messageId: row.message_id,
            released,
            via,
          },
        });
        return { address: key, released };
      });
    },

    /** Each of the recipient's addresses with its state, and the recipient's messages on the actor's accounts. */
    async recipientDelivery(actor: Actor, recipientId: string): Promise<RecipientDelivery> {
      const emails = await recipients.emailsOf(db, [recipientId]);
      const blocked = new Map(
        (await repo.find(db, [...new Set(emails.map((e) => mailboxKey(e.address)))])).map((r) => [r.address, r]),
      );
      const scope = await scopeFor(actor);
      const messages = await repo.recipientMessages(db, recipientId, scope.all ? null : [...scope.ids], CARD_MESSAGES);
      const suspect = new Map(
        (await repo.suspects(db, [...new Set(emails.map((e) => mailboxKey(e.address)))])).map((r) => [
          r.address,
          r.suspect_at,
        ]),
      );
      return {
        complainedAt: await repo.complainedAt(db, recipientId),
        addresses: emails.map((e) => {
          const row = blocked.get(mailboxKey(e.address));
          const since = suspect.get(mailboxKey(e.address)) ?? null;
          const state = row ? 'blocked' : since ? 'suspect' : 'active';
          return { address: e.address, state, blocked: row ? toBlocked(row) : null, suspectSince: since };
        }),
        messages: messages.map((m) => ({
          id: m.id,
          toAddress: m.to_address,
          subject: m.subject,
          status: m.status,
          heldReason: m.held_reason as HeldReason | null,
          createdAt: m.created_at,
          sentAt: m.sent_at,
          parentId: m.parent_id,
        })),
      };
    },

    /** From the recipient card: one of the recipient's own addresses (the route checked the recipient's scope). */
    async unblockForRecipient(actor: Actor, recipientId: string, address: string) {
      return service.unblock(actor, await recipientAddress(recipientId, address), 'recipient');
    },

    recipientAddress,
  };
  return service;
}

export type SuppressionsService = ReturnType<typeof createSuppressionsService>;

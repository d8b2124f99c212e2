import { mailboxKey } from '../../../shared/email-address.js';
import { type ErasurePreview, type RetentionPolicy, TAX_DOCUMENT_TYPES } from '../../../shared/retention.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { erasedAddressKey } from '../../lib/erased-address.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type { AuditLog } from '../audit/audit.service.js';
import { adminOnly } from '../auth/access.js';
import type { Actor } from '../auth/auth.js';
import { minusMonths, proofMonths } from './retention.js';

/** What an erased recipient's card says instead of a name. */
export const ERASED_NAME = 'Adresat usunięty (RODO)';
const UNSENT = ['draft', 'queued', 'retry_wait', 'held', 'failed', 'cancelled'] as const;
const TAX = [...TAX_DOCUMENT_TYPES] as string[];

/** The last day (31 December) a message sent at `sentAt` must be kept, its proof period counted from the year's end. */
function keptUntil(sentAt: string, months: number): string {
  const year = new Date(new Date(sentAt).getTime() + 3600_000).getUTCFullYear();
  const end = minusMonths(new Date(Date.UTC(year + 1, 0, 1)), -months);
  return new Date(end.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/**
 * "Usuń dane adresata" (RODO art. 17; D76). Removes what no law makes us keep — the contact data (name, postal and
 * e-mail addresses, external key, consent, units), drafts and unsent messages, the text of the tenant's own replies
 * — and keeps, with the reason said before confirming, what a law requires: sent messages and their proofs (tax
 * documents 5 years after the year's end, art. 86 Ordynacji podatkowej; other documents as proof for claims, art.
 * 118 KC and art. 17 ust. 3 lit. b, e RODO) until the retention job removes them, and the blocked addresses, as a hash, so
 * an address that refused mail stays blocked. One transaction, audited (counts only).
 */
export function createErasureService(deps: {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  /** Read with the caller's transaction (SQLite has one connection: another read would wait for it). */
  policy: (tx: Db) => Promise<RetentionPolicy>;
}) {
  const { db, audit, clock } = deps;

  async function survey(tx: Db, id: string): Promise<ErasurePreview & { unsentIds: string[]; blockedKeys: string[] }> {
    const recipient = await tx.selectFrom('recipients').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    if (!recipient) throw new NotFoundError('Nie ma takiego adresata.');
    const emails = await tx
      .selectFrom('recipient_emails')
      .select('address')
      .where('recipient_id', '=', id)
      .orderBy('position')
      .execute();
    const messages = await tx
      .selectFrom('messages')
      .select(['id', 'status', 'mailbox', 'document_type', 'sent_at'])
      .where('recipient_id', '=', id)
      .execute();
    if (messages.some((m) => m.status === 'sending')) {
      throw new ConflictError('Wiadomość do tego adresata jest właśnie wysyłana — spróbuj za chwilę.');
    }
    const policy = await deps.policy(tx);
    const unsent = messages.filter((m) => (UNSENT as readonly string[]).includes(m.status));
    const kept = messages.filter((m) => m.mailbox === 'sent' && m.sent_at);
    const until = kept
      .map((m) =>
        keptUntil(
          m.sent_at as string,
          proofMonths(policy, m.document_type && TAX.includes(m.document_type) ? 'taxDocuments' : 'correspondence'),
        ),
      )
      .sort()
      .at(-1);
    const addresses = emails.map((e) => mailboxKey(e.address));
    const blocked = addresses.length
      ? await tx.selectFrom('suppressions').select('address').where('address', 'in', addresses).execute()
      : [];
    const blockedKeys = blocked.map((b) => b.address);
    const replies = await tx
      .selectFrom('feedback_replies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('recipient_id', '=', id)
      .executeTakeFirstOrThrow();
    return {
      recipientId: id,
      name: recipient.name,
      emails: emails.map((e) => e.address),
      removedMessages: unsent.length,
      keptMessages: kept.length,
      keptTaxMessages: kept.filter((m) => m.document_type && TAX.includes(m.document_type)).length,
      replies: Number(replies.n),
      suppressions: blocked.length,
      keptUntil: until ?? null,
      unsentIds: unsent.map((m) => m.id),
      blockedKeys,
    };
  }

  const requireAdmin = adminOnly('Dane adresata usuwa tylko administrator.');

  return {
    async preview(actor: Actor, id: string): Promise<ErasurePreview> {
      requireAdmin(actor);
      const { unsentIds: _, blockedKeys: __, ...preview } = await survey(db, id);
      return preview;
    },

    async erase(actor: Actor, id: string): Promise<ErasurePreview> {
      requireAdmin(actor);
      return db.transaction().execute(async (tx) => {
        const { unsentIds, blockedKeys, ...preview } = await survey(tx, id);
        const now = clock.now().toISOString();
        for (let i = 0; i < unsentIds.length; i += 500) {
          await tx
            .deleteFrom('messages')
            .where('id', 'in', unsentIds.slice(i, i + 500))
            .execute();
        }
        await tx
          .updateTable('feedback_replies')
          .set({ subject: '', text: '', from_name: null, from_address: null })
          .where('recipient_id', '=', id)
          .execute();
        // The replies' raw mails go with the orphaned blobs; the reply rows stay as a trace that mail came.
        await tx
          .updateTable('feedback_events')
          .set({ raw_sha256: null })
          .where('id', 'in', tx.selectFrom('feedback_replies').select('id').where('recipient_id', '=', id))
          .execute();
        // Blocked addresses stay blocked, under a hash: the list no longer names the person (the reply may quote it).
        for (const key of blockedKeys) {
          const erased = erasedAddressKey(key);
          await tx.deleteFrom('suppressions').where('address', '=', erased).execute();
          await tx
            .updateTable('suppressions')
            .set({ address: erased, reason: 'Zablokowany; dane adresata usunięte (RODO).', message_id: null })
            .where('address', '=', key)
            .execute();
        }
        const keys = preview.emails.map(mailboxKey);
        if (keys.length) await tx.deleteFrom('address_states').where('address', 'in', keys).execute();
        await tx.deleteFrom('recipient_emails').where('recipient_id', '=', id).execute();
        await tx.deleteFrom('recipient_units').where('recipient_id', '=', id).execute();
        await tx
          .updateTable('recipients')
          .set({
            name: ERASED_NAME,
            street: '',
            postal_code: '',
            city: '',
            external_key: null,
            consent_at: null,
            consent_source: null,
            channel: 'paper',
            search_text: '',
            sort_name: '',
            complained_at: null,
            updated_at: now,
          })
          .where('id', '=', id)
          .execute();
        await audit.record(tx, actor, {
          action: 'recipient.erase',
          entityType: 'recipient',
          entityId: id,
          details: {
            removedMessages: preview.removedMessages,
            keptMessages: preview.keptMessages,
            keptTaxMessages: preview.keptTaxMessages,
            replies: preview.replies,
            suppressions: preview.suppressions,
            keptUntil: preview.keptUntil,
          },
        });
        return preview;
      });
    },
  };
}

export type ErasureService = ReturnType<typeof createErasureService>;

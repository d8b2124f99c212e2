import type { Db, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError } from '../../lib/errors.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { BatchesRepository } from '../batches/batches.repository.js';
import type { MessagesRepository } from '../messages/messages.repository.js';

export interface PaperDeps {
  db: Db;
  messages: MessagesRepository;
  batches: BatchesRepository;
  /** Whether the address is on the suppression list now. */
  isBlocked: (address: string) => Promise<boolean>;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Whether a message did not reach its recipient because of its address, so its document may go on paper instead: held
 * for a blocked address, failed with a refusal of the address (or while its address is blocked), or bounced.
 */
export async function refusedForAddress(m: Row<'messages'>, isBlocked: (address: string) => Promise<boolean>) {
  if (m.status === 'held') return m.held_reason === 'suppressed';
  if (m.status === 'bounced') return true;
  if (m.status !== 'failed') return false;
  return m.last_outcome === 'recipient' || (await isBlocked(m.to_address));
}

/**
 * "Wyślij papierowo" (issue 11, point 3): the message's document goes into the paper pack of its batch with the
 * reason `address_refused`. A held message leaves the outbox (cancelled); a failed or bounced one stays where it is
 * as the record, marked resolved. The pack is made again the next time it is downloaded.
 */
export function createSendToPaper(deps: PaperDeps) {
  const { db, messages, batches, audit, clock } = deps;

  return async function sendToPaper(actor: Actor, source: Row<'messages'>): Promise<{ batchId: string }> {
    if (source.resolved_at) {
      throw new ConflictError(
        source.resolution === 'paper'
          ? 'Dokument tej wiadomości jest już w paczce do druku.'
          : 'Tę wiadomość już naprawiono — wysłano ją jako nową wiadomość.',
      );
    }
    if (!(await refusedForAddress(source, deps.isBlocked))) {
      throw new ConflictError(
        'Papierowo można wysłać wiadomość, której adres serwer odrzucił albo która czeka, bo jej adres jest zablokowany.',
      );
    }
    const { batch_id: batchId, document_id: documentId, recipient_id: recipientId } = source;
    if (!batchId || !documentId || !recipientId) {
      throw new ConflictError(
        'Ta wiadomość nie powstała z dokumentu wysyłki — nie ma czego dołączyć do paczki do druku. Wydrukuj ją z podglądu.',
      );
    }
    return db.transaction().execute(async (tx) => {
      const now = clock.now().toISOString();
      if (source.status === 'held') {
        const cancelled = await messages.updateWhereStatus(tx, source.id, ['held'], {
          status: 'cancelled',
          mailbox: 'cancelled',
          held_reason: null,
          updated_at: now,
        });
        if (!cancelled) throw new ConflictError('Wiadomość zmieniła stan w międzyczasie — odśwież widok.');
      }
      if (!(await messages.markResolved(tx, source.id, { at: now, resolution: 'paper', by: null }))) {
        throw new ConflictError('Wiadomość zmieniła stan w międzyczasie — odśwież widok.');
      }
      // One paper copy per recipient and document: a second refused address of the same person adds none.
      const added = await batches.addPaperItem(tx, {
        batch_id: batchId,
        document_id: documentId,
        recipient_id: recipientId,
        address: '',
        channel: 'paper',
        reason: 'address_refused',
        message_id: source.id,
        created_at: now,
      });
      await batches.paperChanged(tx, batchId, now);
      await audit.record(tx, actor, {
        action: 'message.send_paper',
        entityType: 'message',
        entityId: source.id,
        details: {
          batchId,
          documentId,
          address: source.to_address,
          previousStatus: source.status,
          ...(added ? {} : { alreadyInPack: true }),
        },
      });
      return { batchId };
    });
  };
}

/**
 * "Already sent" (D-number in docs/decisions.md): a document counts as sent to an address when a message of it —
 * the same document, or another of the same type, unit and period (a re-import of the same notice) — to the same
 * mailbox has gone out or is on its way (queued, being sent, waiting for another attempt, held, sent, complained).
 * Drafts, cancelled and finally failed messages do not count: nothing reached the person.
 */
import type { AlreadySent } from '../../../shared/batches.js';
import { mailboxKey } from '../../../shared/email-address.js';
import type { MessageStatus } from '../../../shared/messages.js';
import type { Db } from '../../db/schema.js';
import { chunks } from '../../lib/chunks.js';
import { batchNameParts } from './batch-name.js';

export const ALREADY_SENT_STATUSES: readonly MessageStatus[] = [
  'queued',
  'sending',
  'retry_wait',
  'held',
  'sent',
  'complained',
];

export interface SentBefore {
  /** The document of the selection. */
  documentId: string;
  address: string;
  batchId: string | null;
  at: string;
}

/** Earlier messages of these documents (or their equivalents) that count as sent; a batch's own are left out. */
export async function sentBefore(db: Db, documentIds: string[], exceptBatchId?: string): Promise<SentBefore[]> {
  const out: SentBefore[] = [];
  const statuses = [...ALREADY_SENT_STATUSES];
  for (const part of chunks(documentIds, 500)) {
    const same = db
      .selectFrom('messages as m')
      .select([
        'm.document_id as document_id',
        'm.to_address',
        'm.batch_id',
        'm.sent_at',
        'm.queued_at',
        'm.updated_at',
      ])
      .where('m.document_id', 'in', part)
      .where('m.status', 'in', statuses);
    const equivalent = db
      .selectFrom('documents as cur')
      .innerJoin('documents as prev', (j) =>
        j
          .onRef('prev.type', '=', 'cur.type')
          .onRef('prev.unit_id', '=', 'cur.unit_id')
          .onRef('prev.period', '=', 'cur.period')
          .onRef('prev.id', '!=', 'cur.id'),
      )
      .innerJoin('messages as m', 'm.document_id', 'prev.id')
      .select(['cur.id as document_id', 'm.to_address', 'm.batch_id', 'm.sent_at', 'm.queued_at', 'm.updated_at'])
      .where('cur.id', 'in', part)
      .where('m.status', 'in', statuses);
    const rows = [...(await same.execute()), ...(await equivalent.execute())];
    for (const r of rows) {
      if (!r.document_id || (exceptBatchId && r.batch_id === exceptBatchId)) continue;
      out.push({
        documentId: r.document_id,
        address: r.to_address,
        batchId: r.batch_id,
        at: r.sent_at ?? r.queued_at ?? r.updated_at,
      });
    }
  }
  return out;
}

/** The key a run compares: the document and the mailbox (local part case-insensitive). */
export function sentKey(documentId: string, address: string) {
  return `${documentId}|${mailboxKey(address)}`;
}

/** Counts per earlier batch, for the clerk: "312 of them were sent on 06.12.2026 in the batch …". */
export async function summarise(db: Db, rows: SentBefore[]): Promise<AlreadySent> {
  const unique = new Map<string, SentBefore>();
  for (const r of rows) {
    const key = `${sentKey(r.documentId, r.address)}|${r.batchId ?? ''}`;
    const seen = unique.get(key);
    if (!seen || seen.at < r.at) unique.set(key, r);
  }
  const groups = new Map<string, { documents: Set<string>; messages: number; lastAt: string }>();
  const addresses = new Set<string>();
  for (const r of unique.values()) {
    addresses.add(sentKey(r.documentId, r.address));
    const g = groups.get(r.batchId ?? '') ?? { documents: new Set<string>(), messages: 0, lastAt: r.at };
    g.documents.add(r.documentId);
    g.messages++;
    if (r.at > g.lastAt) g.lastAt = r.at;
    groups.set(r.batchId ?? '', g);
  }
  const ids = [...groups.keys()].filter(Boolean);
  const names = new Map(
    ids.length === 0
      ? []
      : (
          await db
            .selectFrom('batches')
            .select(['id', 'name', 'document_type', 'selection', 'created_at'])
            .where('id', 'in', ids)
            .execute()
        ).map((b) => [b.id, { name: b.name, parts: batchNameParts(b) }]),
  );
  return {
    documents: new Set([...unique.values()].map((r) => r.documentId)).size,
    messages: addresses.size,
    earlier: [...groups.entries()]
      .map(([batchId, g]) => ({
        batchId: batchId || null,
        name: batchId ? (names.get(batchId)?.name ?? null) : null,
        nameParts: batchId ? (names.get(batchId)?.parts ?? null) : null,
        documents: g.documents.size,
        messages: g.messages,
        lastAt: g.lastAt,
      }))
      .sort((a, b) => b.lastAt.localeCompare(a.lastAt)),
  };
}

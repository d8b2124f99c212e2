import type { AlreadySent, Batch, BatchMessageCounts, BuyerProblem, PaperReason } from '../../../shared/batches.js';
import type { DocumentTypeName } from '../../../shared/documents.js';
import { type MessageStatus, mailboxOf } from '../../../shared/messages.js';
import type { Db, Row } from '../../db/schema.js';
import { parseRule } from '../pdf-password/pdf-password.js';
import { batchNameParts } from './batch-name.js';
import type { BatchesRepository } from './batches.repository.js';

/** Where a batch's message is counted: held apart from the rest of the outbox. */
function countKey(status: MessageStatus): keyof BatchMessageCounts {
  if (status === 'held') return 'held';
  const mailbox = mailboxOf(status);
  return mailbox === 'outbox' ? 'queued' : mailbox;
}

/** A batch as the API shows it: progress, counts per channel and reason, its messages per state. */
export async function toBatch(repo: BatchesRepository, tx: Db, row: Row<'batches'>): Promise<Batch> {
  const [attachments, counts, statuses] = await Promise.all([
    repo.attachmentsOf(tx, row.id),
    repo.countItems(tx, row.id),
    repo.countMessages(tx, row.id),
  ]);
  const messages: BatchMessageCounts = { drafts: 0, queued: 0, held: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const c of statuses) {
    // A repaired failed message is counted where its repair is: the new message, or the paper pack.
    if (c.resolution && c.status !== 'held' && mailboxOf(c.status as MessageStatus) === 'failed') continue;
    messages[countKey(c.status as MessageStatus)] += Number(c.n);
  }
  const paperByReason: Record<PaperReason, number> = {
    paper_channel: 0,
    no_consent: 0,
    no_email: 0,
    written_form: 0,
    address_refused: 0,
  };
  for (const c of counts) if (c.channel === 'paper' && c.reason) paperByReason[c.reason as PaperReason] += Number(c.n);
  return {
    id: row.id,
    name: row.name,
    nameParts: batchNameParts(row),
    documentType: row.document_type as DocumentTypeName,
    positionId: row.position_id,
    accountId: row.account_id,
    status: row.status,
    total: row.total,
    done: row.done,
    emailCount: row.email_count,
    paperCount: row.paper_count,
    paperByReason,
    buyerProblems: row.buyer_problems ? (JSON.parse(row.buyer_problems) as BuyerProblem[]) : [],
    messages,
    includeAlreadySent: row.include_sent === 'yes',
    writtenForm: row.written_form === 'yes',
    readReceipt: row.read_receipt === null ? null : row.read_receipt === 'yes',
    pdfPassword: parseRule(row.pdf_password),
    downloadLinks: { mode: row.download_link_mode ?? null, days: row.download_link_days ?? null },
    alreadySent: row.already_sent ? (JSON.parse(row.already_sent) as AlreadySent) : null,
    skippedAlreadySent: counts.filter((c) => c.reason === 'already_sent').reduce((s, c) => s + Number(c.n), 0),
    error: row.error,
    hasPaperPack: row.paper_pack_sha256 !== null || (row.status === 'ready' && row.paper_count > 0),
    template: JSON.parse(row.template),
    selection: JSON.parse(row.selection),
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      size: a.size,
      sha256: a.blob_sha256,
    })),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

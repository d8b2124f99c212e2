import { parseEmailAddress } from '../../../shared/email-address.js';
import { type FeedbackEventView, feedbackBadges } from '../../../shared/feedback.js';
import type { Attempt, Mailbox, Message, MessageSummary } from '../../../shared/messages.js';
import { cleanLine, hiddenCharIn } from '../../../shared/plain-text.js';
import type { MessageStatus, Row } from '../../db/schema.js';
import { officeDayEndIso, officeDayStartIso } from '../../lib/dates.js';
import { ValidationError } from '../../lib/errors.js';
import { foldForSearch } from '../../lib/text.js';
import type { SelectionFilter } from './messages.repository.js';

/** A mailbox query's filters (as the API takes them) in the repository's terms, for pages and bulk actions alike. */
export function selectionFilter(
  mailbox: Mailbox,
  accountIds: string[] | null,
  f: {
    status?: MessageStatus;
    documentType?: string;
    batchId?: string;
    propertyId?: string;
    q?: string;
    from?: string;
    to?: string;
    resolved?: 'open' | 'resolved';
  },
): SelectionFilter {
  return {
    mailbox,
    accountIds,
    status: f.status,
    resolved: f.resolved,
    documentType: f.documentType,
    batchId: f.batchId,
    propertyId: f.propertyId,
    q: f.q ? foldForSearch(f.q) : undefined,
    createdFromIso: f.from ? officeDayStartIso(f.from) : undefined,
    createdToIso: f.to ? officeDayEndIso(f.to) : undefined,
  };
}

/** Statuses in which staff may still change a message's content. */
export const EDITABLE: readonly MessageStatus[] = ['draft'];
/** Statuses from which a message can be cancelled: it has not gone out and is not going out right now. */
export const CANCELLABLE: readonly MessageStatus[] = ['draft', 'queued', 'retry_wait', 'held'];

export function messageSearchFields(m: { subject: string; toName: string; toAddress: string }) {
  return {
    search_text: foldForSearch(`${m.subject} ${m.toName} ${m.toAddress}`),
    sort_name: foldForSearch(m.toName || m.toAddress),
    sort_subject: foldForSearch(m.subject),
  };
}

/** Message-ID fixed when the message is created; every attempt and the proof of sending carry it. */
export function messageIdHeader(id: string, fromAddress: string): string {
  const parsed = parseEmailAddress(fromAddress);
  // A Message-ID is ASCII: an internationalised domain goes in as Punycode.
  const domain = parsed.ok ? parsed.value.asciiDomain : (fromAddress.split('@')[1] ?? 'listonosz.invalid');
  return `<${id}@${domain}>`;
}

type SummaryRow = Pick<
  Row<'messages'>,
  | 'id'
  | 'account_id'
  | 'recipient_id'
  | 'to_name'
  | 'to_address'
  | 'subject'
  | 'status'
  | 'mailbox'
  | 'document_type'
  | 'send_at'
  | 'sent_at'
  | 'last_error'
  | 'error_hint'
  | 'held_reason'
  | 'attempts'
  | 'created_at'
  | 'updated_at'
  | 'batch_id'
  | 'resolved_at'
  | 'resolution'
  | 'resolved_by'
>;

export function toSummary(r: SummaryRow): MessageSummary {
  return {
    id: r.id,
    accountId: r.account_id,
    recipientId: r.recipient_id,
    toName: r.to_name,
    toAddress: r.to_address,
    subject: r.subject,
    status: r.status,
    mailbox: r.mailbox,
    documentType: r.document_type,
    sendAt: r.send_at,
    sentAt: r.sent_at,
    lastError: r.last_error,
    errorHint: r.error_hint,
    heldReason: r.held_reason,
    attemptsMade: r.attempts,
    batchId: r.batch_id,
    resolution:
      r.resolution && r.resolved_at ? { kind: r.resolution, at: r.resolved_at, messageId: r.resolved_by } : null,
    badges: [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toAttempt(a: Row<'message_attempts'>): Attempt {
  return {
    id: a.id,
    series: a.series,
    attemptNo: a.attempt_no,
    accountId: a.account_id,
    startedAt: a.started_at,
    finishedAt: a.finished_at,
    outcome: a.outcome,
    smtpCode: a.smtp_code,
    enhancedStatus: a.enhanced_status,
    response: a.response,
    errorCode: a.error_code,
  };
}

export function toMessage(
  r: Row<'messages'>,
  body: { html: string; text: string },
  attachments: Row<'message_attachments'>[],
  attempts: Row<'message_attempts'>[],
  /** The body as frozen for sending (D97); null for a draft. */
  sentBody: Message['sentBody'] = null,
): Message {
  return {
    ...toSummary(r),
    series: r.series,
    nextAttemptAt: r.next_attempt_at,
    envelopeFrom: r.envelope_from,
    eml: r.eml_sha256 ? { sha256: r.eml_sha256, size: r.eml_size ?? 0 } : null,
    smtpResponse: r.smtp_response,
    smtpQueueId: r.smtp_queue_id,
    attempts: attempts.map(toAttempt),
    parent: null,
    children: [],
    blocked: null,
    correctAddresses: null,
    paperOffered: false,
    feedback: [],
    readAt: null,
    contentRemovedAt: r.content_removed_at,
    sentBody,
    html: body.html,
    text: body.text,
    messageIdHeader: r.message_id_header,
    queuedAt: r.queued_at,
    createdBy: r.created_by,
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      size: a.size,
      sha256: a.blob_sha256,
    })),
  };
}

/** An attachment must have content and fit the limit; the message says so in words a clerk understands. */
export function checkAttachmentSize(data: Buffer, maxBytes: number): void {
  if (data.length === 0) throw new ValidationError('Plik jest pusty.', [{ path: 'file', message: 'Pusty plik.' }]);
  if (data.length > maxBytes) {
    throw new ValidationError(`Plik jest za duży (najwyżej ${Math.floor(maxBytes / 1048576)} MB).`, [
      { path: 'file', message: 'Za duży plik.' },
    ]);
  }
}

/**
 * An uploaded file's name with a hidden character (a bidi override makes "faktura\u202Efdp.exe" show as
 * "fakturaexe.pdf") is refused: the clerk renames the file.
 */
export function checkAttachmentName(name: string): void {
  const hidden = hiddenCharIn(name);
  if (hidden) {
    throw new ValidationError(
      `Nazwa pliku zawiera niewidoczny znak sterujący (${hidden}), który może ukryć prawdziwe rozszerzenie — zmień nazwę pliku i dodaj go ponownie.`,
      [{ path: 'file', message: 'Niedozwolony znak w nazwie pliku.' }],
    );
  }
}

/** A file name safe for a Content-Disposition header and a download: no path, no control or bidi characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = cleanLine(base)
    .replace(/["<>|:*?]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'zalacznik';
}

/** A MIME type as sent by the browser, or a neutral one when it does not look like a MIME type. */
export function cleanContentType(type: string | undefined): string {
  return type && /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type.toLowerCase() : 'application/octet-stream';
}

/** A message with its feedback events (D48), oldest first: the list, the badges, the first read receipt's time. */
export function withFeedback(
  m: Message,
  events: {
    id: string;
    kind: string;
    reason: string;
    confidence: string;
    forged: number;
    effect: string;
    occurred_at: string;
    raw_sha256: string | null;
  }[],
): Message {
  const feedback = events.map((e) => ({
    id: e.id,
    kind: e.kind as FeedbackEventView['kind'],
    reason: e.reason,
    confidence: e.confidence,
    forged: e.forged === 1,
    effect: e.effect,
    occurredAt: e.occurred_at,
    rawSha256: e.raw_sha256,
  }));
  return {
    ...m,
    feedback,
    badges: feedbackBadges(events),
    readAt: feedback.find((e) => e.kind === 'read_receipt')?.occurredAt ?? null,
  };
}

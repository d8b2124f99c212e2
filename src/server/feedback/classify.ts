import { normalise } from '../sending/classify.js';
import { readComplaint } from './arf.js';
import { autoReplyHeader, autoReplySubject } from './auto-reply.js';
import { addressOf, type Fields, fieldBlocks, messageIds, typedValue } from './fields.js';
import { addressIn, gatherHints } from './hints.js';
import { dispositionReason, mdnDisposition, receiptBySubject } from './mdn.js';
import { DEFAULT_LIMITS, header, type MimeLimits, type MimePart, parseMime, walk } from './mime.js';
import { DELAY, explanationOnly, looksLikeBounce, type TextFailure, textFailures } from './patterns.js';
import { judgeFailure } from './reason.js';
import { stripQuoted } from './reply-text.js';
import type { FeedbackKind, FeedbackReason, FeedbackReport, RecipientEntry } from './report.js';
import { MAX_RAW_BYTES } from './report.js';
import { decodedHeader, ownText } from './text.js';

/**
 * One message from the feedback mailbox → a FeedbackReport (D44). Structure first (ARF, RFC 3464 DSN, RFC 8098
 * MDN), then bounces by their sender and patterns, RFC 3834 auto-reply headers, receipts and auto-replies by
 * subject, human replies; the rest is unknown, for a person. Pure and synchronous; bounded in size and work.
 */
export interface ClassifyOptions {
  limits?: MimeLimits;
  /** Our feedback domains: a VERP tag is read only from addresses there (all when empty). */
  ownDomains?: readonly string[];
}

const NO_HINTS: FeedbackReport['hints'] = {
  verpTag: null,
  originalEnvelopeId: null,
  returnedMessageIds: [],
  listonoszMessageIds: [],
  originalMessageId: null,
  inReplyTo: [],
  references: [],
  sender: null,
};
const SEVERITY: FeedbackKind[] = ['hard_bounce', 'policy_block', 'soft_bounce', 'delay', 'unknown'];
const REPLY_SUBJECT = /^(re|odp|odp\.|aw|sv|odpowiedz)\s*:/;
const BULK = /^(bulk|list|junk)$/;

function firstOfType(root: MimePart, types: string[]): MimePart | undefined {
  for (const p of walk(root)) if (types.includes(p.type)) return p;
  return undefined;
}

function originalRecipient(root: MimePart): string | null {
  const original = firstOfType(root, ['message/rfc822', 'text/rfc822-headers', 'message/global'])?.children[0];
  return original ? addressIn(header(original, 'to')).address : null;
}

function worst(entries: RecipientEntry[]): { kind: FeedbackKind; reason: FeedbackReason } {
  const sorted = [...entries].sort((a, b) => SEVERITY.indexOf(a.kind) - SEVERITY.indexOf(b.kind));
  const top = sorted[0];
  return top ? { kind: top.kind, reason: top.reason } : { kind: 'unknown', reason: 'unrecognised' };
}

function dsnEntries(blocks: Fields[], context: string): { envid: string | null; entries: RecipientEntry[] } {
  const perMessage = blocks.find((b) => !b.has('final-recipient') && !b.has('action'));
  const entries: RecipientEntry[] = [];
  for (const b of blocks) {
    if (!b.has('final-recipient') && !b.has('action') && !b.has('original-recipient')) continue;
    const status = b.get('status')?.match(/[245]\.\d{1,3}\.\d{1,3}/)?.[0] ?? null;
    const diagnosticCode = typedValue(b.get('diagnostic-code'));
    const action = b.get('action')?.trim().toLowerCase() ?? null;
    const verdict = judgeFailure({ action, status, diagnostic: diagnosticCode, context });
    entries.push({
      finalRecipient: addressOf(b.get('final-recipient')),
      originalRecipient: addressOf(b.get('original-recipient')),
      action,
      status,
      diagnosticCode,
      remoteMta: typedValue(b.get('remote-mta')),
      ...verdict,
    });
  }
  return { envid: perMessage?.get('original-envelope-id')?.trim() ?? null, entries };
}

function textEntries(failures: TextFailure[], fallback: string | null, context: string): RecipientEntry[] {
  return failures.map((f) => {
    const verdict = judgeFailure({ action: f.action, status: null, diagnostic: f.diagnostic, context });
    const status = f.diagnostic?.match(/\b[245]\.\d{1,3}\.\d{1,3}\b/)?.[0] ?? null;
    return {
      finalRecipient: f.recipient ?? fallback,
      originalRecipient: null,
      action: f.action,
      status,
      diagnosticCode: f.diagnostic,
      remoteMta: f.remoteMta,
      ...verdict,
    };
  });
}

export function classifyFeedback(raw: Buffer, options: ClassifyOptions = {}): FeedbackReport {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const root = parseMime(raw.length > MAX_RAW_BYTES ? raw.subarray(0, 64 * 1024) : raw, limits);
  const subject = decodedHeader(root, 'subject');
  const base = (kind: FeedbackKind, reason: FeedbackReason, evidence: FeedbackReport['evidence']): FeedbackReport => ({
    kind,
    reason,
    evidence,
    recipients: [],
    hints: NO_HINTS,
    subject,
    messageId: header(root, 'message-id')?.match(/<([^<>\s]+)>/)?.[1] ?? null,
    disposition: null,
    feedbackType: null,
    reply: null,
  });
  // Too big to be a report: a person looks at it; only the headers were read.
  if (raw.length > MAX_RAW_BYTES)
    return {
      ...base('unknown', 'too_large', 'none'),
      hints: gatherHints(root, '', { ownDomains: options.ownDomains }),
    };

  const text = ownText(root, limits.maxTextChars);
  const textNorm = normalise(text);
  const subjectNorm = normalise(subject);
  const fromNorm = normalise(decodedHeader(root, 'from'));
  const report = base('unknown', 'unrecognised', 'none');
  report.hints = gatherHints(root, text, { ownDomains: options.ownDomains });
  const withHints = (extra: { originalEnvelopeId?: string | null; originalMessageId?: string | null }) => ({
    ...report.hints,
    originalEnvelopeId: extra.originalEnvelopeId ?? null,
    originalMessageId: messageIds(extra.originalMessageId ?? undefined)[0] ?? null,
  });
  const sender = report.hints.sender;

  // 1. Structure: ARF complaint, delivery-status report, disposition notification.
  const arf = firstOfType(root, ['message/feedback-report']);
  if (arf) {
    const c = readComplaint(fieldBlocks(arf));
    const recipient = c.recipient ?? originalRecipient(root);
    return {
      ...report,
      kind: 'complaint',
      reason: c.reason,
      evidence: 'structure',
      feedbackType: c.feedbackType,
      hints: withHints({ originalEnvelopeId: c.originalEnvelopeId }),
      recipients: [
        {
          finalRecipient: recipient,
          originalRecipient: null,
          action: null,
          status: null,
          diagnosticCode: null,
          remoteMta: null,
          kind: 'complaint',
          reason: c.reason,
        },
      ],
    };
  }
  const context = explanationOnly(textNorm);
  const dsn = firstOfType(root, ['message/delivery-status', 'message/global-delivery-status']);
  if (dsn) {
    const { envid, entries } = dsnEntries(fieldBlocks(dsn), context);
    if (entries.length) {
      return {
        ...report,
        ...worst(entries),
        evidence: 'structure',
        recipients: entries,
        hints: withHints({ originalEnvelopeId: envid }),
      };
    }
  }
  const mdn = firstOfType(root, ['message/disposition-notification', 'message/global-disposition-notification']);
  if (mdn) {
    const blocks = fieldBlocks(mdn);
    const { disposition, originalMessageId } = mdnDisposition(blocks);
    const reason = dispositionReason(disposition);
    const finalRecipient = addressOf(blocks.find((b) => b.has('final-recipient'))?.get('final-recipient')) ?? sender;
    return {
      ...report,
      kind: 'read_receipt',
      reason,
      evidence: 'structure',
      disposition,
      hints: withHints({ originalMessageId }),
      recipients: [
        {
          finalRecipient,
          originalRecipient: null,
          action: null,
          status: null,
          diagnosticCode: null,
          remoteMta: null,
          kind: 'read_receipt',
          reason,
        },
      ],
    };
  }

  // 2. Bounces without a report: by the sender (mailer-daemon, postmaster) or a failed-recipients header.
  const failedHeader = header(root, 'x-failed-recipients');
  const bounceBySender = looksLikeBounce(fromNorm, '') || failedHeader !== undefined;
  const asBounce = (): FeedbackReport => {
    const fallback = addressOf(failedHeader) ?? originalRecipient(root);
    const entries = textEntries(textFailures(context), fallback, context);
    if (entries.length) return { ...report, ...worst(entries), evidence: 'pattern', recipients: entries };
    if (DELAY.test(subjectNorm)) return { ...report, kind: 'delay', reason: 'delayed', evidence: 'subject' };
    return report;
  };
  if (bounceBySender) return asBounce();

  // 3. Auto-replies by RFC 3834 headers; receipts and auto-replies by subject.
  const autoEntry = (reason: FeedbackReason): RecipientEntry[] => [
    {
      finalRecipient: sender,
      originalRecipient: null,
      action: null,
      status: null,
      diagnosticCode: null,
      remoteMta: null,
      kind: 'auto_reply',
      reason,
    },
  ];
  if (autoReplyHeader(root))
    return {
      ...report,
      kind: 'auto_reply',
      reason: 'auto_reply_header',
      evidence: 'header',
      recipients: autoEntry('auto_reply_header'),
    };
  const receipt = receiptBySubject(subjectNorm, textNorm);
  if (receipt) {
    return {
      ...report,
      kind: 'read_receipt',
      reason: receipt,
      evidence: 'subject',
      recipients: [
        {
          finalRecipient: sender,
          originalRecipient: null,
          action: null,
          status: null,
          diagnosticCode: null,
          remoteMta: null,
          kind: 'read_receipt',
          reason: receipt,
        },
      ],
    };
  }
  if (autoReplySubject(subjectNorm))
    return {
      ...report,
      kind: 'auto_reply',
      reason: 'auto_reply_subject',
      evidence: 'subject',
      recipients: autoEntry('auto_reply_subject'),
    };
  if (looksLikeBounce('', subjectNorm)) return asBounce();

  // 4. A person's reply to what we sent; bulk mail and anything else is left for a person to look at.
  const bulk =
    BULK.test(header(root, 'precedence')?.toLowerCase().trim() ?? '') || header(root, 'list-unsubscribe') !== undefined;
  const threaded =
    report.hints.inReplyTo.length > 0 || report.hints.references.length > 0 || REPLY_SUBJECT.test(subjectNorm);
  if (!bulk && threaded) {
    const from = addressIn(header(root, 'from'));
    const date = Date.parse(header(root, 'date') ?? '');
    return {
      ...report,
      kind: 'reply',
      reason: 'reply',
      evidence: 'header',
      reply: {
        from: from.address,
        fromName: from.name,
        subject,
        date: Number.isNaN(date) ? null : new Date(date).toISOString(),
        text: stripQuoted(text),
      },
    };
  }
  return report;
}

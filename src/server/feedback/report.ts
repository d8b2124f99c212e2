/**
 * What a message found in the feedback mailbox is (issue 12, decision D44). Pure data: the reader stores it, the
 * correlation step ties it to a sent message, the UI translates `reason` (a code, never a sentence).
 */
export type FeedbackKind =
  | 'hard_bounce'
  | 'soft_bounce'
  | 'policy_block'
  | 'delay'
  | 'complaint'
  | 'auto_reply'
  | 'read_receipt'
  | 'reply'
  | 'unknown';

/** Why, as a code for the UI's translation tables (pl and en). */
export type FeedbackReason =
  // hard_bounce: the address itself is wrong
  | 'recipient_unknown'
  | 'domain_unknown'
  // soft_bounce: the address is fine, delivery failed this time
  | 'mailbox_full'
  | 'mailbox_unavailable'
  | 'greylisted'
  | 'expired'
  | 'recipient_busy'
  | 'message_too_big'
  | 'temporary'
  // policy_block: the sending account's problem (never the address's)
  | 'spam'
  | 'blocklisted'
  | 'sender_authentication'
  | 'rate_limited'
  | 'relay_denied'
  | 'sender_refused'
  | 'policy'
  // the rest
  | 'delayed'
  | 'complaint_abuse'
  | 'complaint_fraud'
  | 'complaint_virus'
  | 'complaint_other'
  | 'auto_reply_header'
  | 'auto_reply_subject'
  | 'read_displayed'
  | 'read_deleted'
  | 'read_other'
  | 'reply'
  | 'delivered'
  | 'unrecognised'
  | 'too_large';

export interface RecipientEntry {
  finalRecipient: string | null;
  originalRecipient: string | null;
  /** RFC 3464 Action (failed, delayed, delivered, relayed, expanded), or inferred from a text bounce. */
  action: string | null;
  /** Enhanced status such as 5.1.1. */
  status: string | null;
  diagnosticCode: string | null;
  remoteMta: string | null;
  /** What this recipient's entry means on its own. */
  kind: FeedbackKind;
  reason: FeedbackReason;
}

export interface CorrelationHints {
  /** The opaque +tag of our VERP address the report came back to (the token format is defined elsewhere). */
  verpTag: string | null;
  /** RFC 3461 ENVID as returned in the report. */
  originalEnvelopeId: string | null;
  /** Message-IDs of returned originals (text/rfc822-headers, message/rfc822, nested), without angle brackets. */
  returnedMessageIds: string[];
  /** X-Listonosz-Message values found in returned originals. */
  listonoszMessageIds: string[];
  /** RFC 8098 Original-Message-ID of a read receipt. */
  originalMessageId: string | null;
  inReplyTo: string[];
  references: string[];
  /** The report's or reply's sender address, lower case. */
  sender: string | null;
}

export interface ReplyInfo {
  from: string | null;
  fromName: string | null;
  subject: string;
  date: string | null;
  /** The new text, quoted history removed, bounded. */
  text: string;
}

export interface FeedbackReport {
  kind: FeedbackKind;
  reason: FeedbackReason;
  /** How the kind was found: the report's structure, a provider's text, headers or the subject. */
  evidence: 'structure' | 'pattern' | 'header' | 'subject' | 'none';
  recipients: RecipientEntry[];
  hints: CorrelationHints;
  subject: string;
  messageId: string | null;
  /** MDN disposition as sent ("manual-action/MDN-sent-manually; displayed"), kept for the proof. */
  disposition: string | null;
  /** ARF Feedback-Type (abuse, fraud, …). */
  feedbackType: string | null;
  reply: ReplyInfo | null;
}

export const MAX_RAW_BYTES = 10 * 1024 * 1024;

import { addressOf, type Fields } from './fields.js';
import type { FeedbackReason } from './report.js';

/** Complaints: RFC 5965 message/feedback-report (ARF) from a mailbox provider's feedback loop. */
export interface Complaint {
  feedbackType: string;
  reason: FeedbackReason;
  recipient: string | null;
  originalEnvelopeId: string | null;
}

export function readComplaint(fields: Fields[]): Complaint {
  const all = new Map<string, string>();
  for (const f of fields) for (const [k, v] of f) if (!all.has(k)) all.set(k, v);
  const feedbackType = (all.get('feedback-type') ?? 'other').toLowerCase().trim();
  const reason: FeedbackReason =
    feedbackType === 'abuse'
      ? 'complaint_abuse'
      : feedbackType === 'fraud'
        ? 'complaint_fraud'
        : feedbackType === 'virus'
          ? 'complaint_virus'
          : 'complaint_other';
  return {
    feedbackType,
    reason,
    recipient: addressOf(all.get('original-rcpt-to') ?? all.get('removal-recipient')),
    originalEnvelopeId: all.get('original-envelope-id')?.trim() ?? null,
  };
}

import type { Fields } from './fields.js';
import type { FeedbackReason } from './report.js';

/**
 * Read receipts: RFC 8098 message/disposition-notification, and Outlook's plain ones by subject
 * ("Przeczytano:", "Read:"). A receipt saying the message was deleted unread is kept as such, never "read".
 */
export function dispositionReason(disposition: string | null): FeedbackReason {
  const type = (disposition ?? '').split(';').pop()?.trim().toLowerCase().split('/')[0] ?? '';
  if (type === 'displayed') return 'read_displayed';
  if (type === 'deleted') return 'read_deleted';
  return 'read_other';
}

export function mdnDisposition(fields: Fields[]): { disposition: string | null; originalMessageId: string | null } {
  for (const f of fields) {
    const disposition = f.get('disposition');
    if (disposition) return { disposition, originalMessageId: f.get('original-message-id') ?? null };
  }
  return {
    disposition: null,
    originalMessageId: fields.find((f) => f.has('original-message-id'))?.get('original-message-id') ?? null,
  };
}

const READ_SUBJECT =
  /^(przeczytano|przeczytana|odczytano|odczytana|potwierdzenie (przeczytania|odczytu)|read|gelesen|lu)\s*:/;
const UNREAD_SUBJECT =
  /^(nie przeczytano|nieprzeczytana|not read|ungelesen)\s*:|zostala usunieta (bez przeczytania|nieprzeczytana)|was deleted without being read|deleted unread/;

/** From the subject alone (normalised); null when the subject is not a receipt's. */
export function receiptBySubject(subjectNorm: string, textNorm: string): 'read_displayed' | 'read_deleted' | null {
  if (UNREAD_SUBJECT.test(subjectNorm) || (READ_SUBJECT.test(subjectNorm) && UNREAD_SUBJECT.test(textNorm)))
    return 'read_deleted';
  return READ_SUBJECT.test(subjectNorm) ? 'read_displayed' : null;
}

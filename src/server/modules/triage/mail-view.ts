import type { TriageWhy } from '../../../shared/triage.js';
import { addressIn } from '../../feedback/hints.js';
import { DEFAULT_LIMITS, header, type MimePart, parseMime, partText, walk } from '../../feedback/mime.js';
import { MAX_RAW_BYTES } from '../../feedback/report.js';
import { decodedHeader, ownText } from '../../feedback/text.js';
import { sanitizeEmailHtml } from '../../lib/html.js';

/** Text shown of one mail, at most (the classifier reads 64 kB; a person needs no more to decide). */
const MAX_TEXT = 20_000;
const RETURNED = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers']);
const REPLY_SUBJECT = /^(re|odp|odp\.|aw|sv|odpowiedz)\s*:/i;
const BULK = /^(bulk|list|junk)$/i;

export interface MailView {
  fromAddress: string | null;
  fromName: string | null;
  subject: string;
  text: string;
  /** Sanitised (lib/html.ts). */
  html: string;
  complete: boolean;
  /** Facts read from the mail that say why it is not a reply or a report. */
  why: TriageWhy[];
}

/** The mail's own first HTML part (returned originals left out). */
function ownHtml(root: MimePart): string {
  const skip = new Set<MimePart>();
  for (const p of walk(root)) if (RETURNED.has(p.type)) for (const q of walk(p)) skip.add(q);
  for (const p of walk(root)) {
    if (skip.has(p) || p.type !== 'text/html') continue;
    if (/^\s*attachment/i.test(header(p, 'content-disposition') ?? '')) continue;
    return partText(p, MAX_TEXT * 4);
  }
  return '';
}

/**
 * What a person sees of unknown feedback mail (D50), read again from the raw bytes kept beside the event: sender,
 * subject, text, sanitised HTML and why the classifier could not place it. Bounded like the classifier (MIME
 * limits; a mail over 10 MB shows its headers only).
 */
export function mailView(raw: Buffer | null, reason: string): MailView {
  const why: TriageWhy[] = [];
  if (reason === 'too_large') why.push('too_large');
  if (reason === 'delivered') why.push('delivered');
  if (!raw) return { fromAddress: null, fromName: null, subject: '', text: '', html: '', complete: false, why };
  const tooLarge = raw.length > MAX_RAW_BYTES;
  const root = parseMime(tooLarge ? raw.subarray(0, 64 * 1024) : raw, DEFAULT_LIMITS);
  const from = addressIn(header(root, 'from'));
  const subject = decodedHeader(root, 'subject');
  const bulk = BULK.test(header(root, 'precedence')?.trim() ?? '') || header(root, 'list-unsubscribe') !== undefined;
  const threaded =
    header(root, 'in-reply-to') !== undefined ||
    header(root, 'references') !== undefined ||
    REPLY_SUBJECT.test(subject);
  if (!tooLarge && reason !== 'delivered') {
    if (bulk) why.push('bulk');
    else if (!threaded) why.push('not_threaded');
    why.push('no_report');
  }
  const html = tooLarge ? '' : ownHtml(root);
  return {
    fromAddress: from.address,
    fromName: from.name,
    subject,
    text: tooLarge ? '' : ownText(root, MAX_TEXT).trim(),
    html: html ? sanitizeEmailHtml(html) : '',
    complete: !tooLarge,
    why,
  };
}

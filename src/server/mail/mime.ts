import DKIM from 'nodemailer/lib/dkim';
import MailComposer from 'nodemailer/lib/mail-composer';
import MimeNode from 'nodemailer/lib/mime-node';
import { cleanLine } from '../../shared/plain-text.js';
import { verpAddress } from '../feedback/verp-token.js';

/**
 * Freezing a message: its final MIME is rendered once, when it is queued, with nodemailer's composer (RFC 2047
 * encoded Polish subjects and names, RFC 2231 attachment names), DKIM-signed when the account has a key. Every
 * attempt sends exactly these bytes, and they are the proof of what was sent.
 */
export interface FreezeInput {
  messageId: string;
  messageIdHeader: string;
  from: { name: string; address: string };
  replyTo: string;
  to: { name: string; address: string };
  subject: string;
  html: string;
  text: string;
  date: Date;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  dkim: { domain: string; selector: string; privateKey: string } | null;
  /** Message-IDs this message follows (a resend or a send to a corrected address names the one it repeats). */
  references?: string[];
  /** The Message-ID this message answers (a reply to a tenant's mail, D49). */
  inReplyTo?: string;
  /** Asks for a read receipt (RFC 8098) to this address — the same VERP/feedback address as the Return-Path. */
  dispositionNotificationTo?: string;
}

/** Correlation header: which message an e-mail (or a bounce quoting its headers) belongs to. */
export const CORRELATION_HEADER = 'X-Listonosz-Message';

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * An attachment's whole MIME part, built in one go (D100). Given as content, nodemailer streams it through its base64
 * encoder, a stream pipeline with a copy of every line: for a 72 KB PDF 0.4–0.6 ms of CPU of a freeze of 0.8–1.1.
 * Here the headers are nodemailer's own (a part below a multipart parent, set up as its composer sets up an
 * attachment; the fixed boundary base spares two random draws, neither node being written as a multipart) and the
 * body is the base64 in lines of 76 characters, CRLF between them and none after the last, as nodemailer's encoder
 * writes it: the same bytes (mime.test.ts compares them with the composer's own, frozen-bytes.test.ts holds whole
 * messages).
 */
export function attachmentPart(a: FreezeInput['attachments'][number]): Buffer {
  // With a file name, the part's headers say `attachment` and derive a missing type from the name, as the composer's.
  const part = new MimeNode('multipart/mixed', { baseBoundary: 'part' }).createChild(a.contentType, {
    baseBoundary: 'part',
    filename: cleanLine(a.filename),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  part.setHeader('Content-Transfer-Encoding', 'base64');
  const base64 = a.content.toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < base64.length; at += 76) lines.push(base64.slice(at, at + 76));
  return Buffer.from(`${part.buildHeaders()}\r\n\r\n${lines.join('\r\n')}`, 'latin1');
}

export async function freezeMime(m: FreezeInput): Promise<Buffer> {
  // Last line for what reached the store before hidden characters were refused or dropped (older rows, edits).
  const composer = new MailComposer({
    from: { name: cleanLine(m.from.name), address: m.from.address },
    replyTo: m.replyTo,
    to: { name: cleanLine(m.to.name), address: m.to.address },
    subject: cleanLine(m.subject),
    text: m.text,
    ...(m.html ? { html: m.html } : {}),
    messageId: m.messageIdHeader,
    ...(m.references?.length ? { references: m.references } : {}),
    ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
    date: m.date,
    headers: {
      [CORRELATION_HEADER]: m.messageId,
      ...(m.dispositionNotificationTo ? { 'Disposition-Notification-To': m.dispositionNotificationTo } : {}),
    },
    attachments: m.attachments.map((a) => ({ raw: attachmentPart(a) })),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((err, message) => (err ? reject(err) : resolve(message))),
  );
  if (!m.dkim) return raw;
  const signer = new DKIM({ domainName: m.dkim.domain, keySelector: m.dkim.selector, privateKey: m.dkim.privateKey });
  return streamToBuffer(signer.sign(raw));
}

/**
 * Envelope sender: VERP (`local+<signed token>@domain`, feedback/verp-token.ts) when the account asks for it and
 * the result is a valid local part, so a bounce names its message and a forged one names none; otherwise the
 * feedback address itself. `verpKey` is derived from the instance key (VERP_KEY_PURPOSE). Computed once, when a
 * message is queued, and stored with it: mail queued earlier keeps its older `+<message id>` form.
 */
export function envelopeFrom(
  feedbackAddress: string,
  mode: 'verp' | 'feedback',
  messageId: string,
  verpKey: Buffer,
): string {
  if (mode !== 'verp') return feedbackAddress;
  return verpAddress(feedbackAddress, messageId, verpKey) ?? feedbackAddress;
}

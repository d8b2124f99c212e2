import { randomUUID } from 'node:crypto';

/**
 * Feedback mail about one of our messages, for the event sink's tests (D48): an RFC 3464 report to the VERP
 * address with the original's headers, and a tenant's reply threaded by In-Reply-To. CRLF line ends.
 */
export interface Original {
  /** Our message id (UUID) and its Message-ID header. */
  id: string;
  messageIdHeader: string;
  to: string;
}

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

export function deliveryReport(
  o: Original,
  opts: { returnPath: string; status: string; action?: string; diag: string; date?: string; envid?: string },
): Buffer {
  const b = `b-${randomUUID()}`;
  return crlf([
    'Return-Path: <>',
    `Delivered-To: ${opts.returnPath}`,
    'From: Mail Delivery System <MAILER-DAEMON@mx.zarzadca.example.pl>',
    `To: ${opts.returnPath}`,
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <${randomUUID()}@mx.zarzadca.example.pl>`,
    `Date: ${opts.date ?? 'Sun, 6 Dec 2026 10:00:00 +0100'}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'This is the mail system at host mx.zarzadca.example.pl.',
    "I'm sorry to have to inform you that your message could not be delivered.",
    '',
    `--${b}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.zarzadca.example.pl',
    ...(opts.envid ? [`Original-Envelope-Id: ${opts.envid}`] : []),
    '',
    `Final-Recipient: rfc822; ${o.to}`,
    `Action: ${opts.action ?? (opts.status.startsWith('5') ? 'failed' : 'delayed')}`,
    `Status: ${opts.status}`,
    `Diagnostic-Code: smtp; ${opts.diag}`,
    '',
    `--${b}`,
    'Content-Type: text/rfc822-headers',
    '',
    'From: Wspolnota <czynsze@zarzadca.example.pl>',
    `To: ${o.to}`,
    'Subject: Zawiadomienie',
    `Message-ID: ${o.messageIdHeader}`,
    '',
    `--${b}--`,
    '',
  ]);
}

export function tenantReply(o: Original, opts: { from?: string; text: string; to?: string }): Buffer {
  return crlf([
    `From: Jan Kowalski <${opts.from ?? o.to}>`,
    `To: ${opts.to ?? 'zwroty@zarzadca.example.pl'}`,
    'Subject: Re: Zawiadomienie',
    `Message-ID: <${randomUUID()}@poczta.example.pl>`,
    `In-Reply-To: ${o.messageIdHeader}`,
    `References: ${o.messageIdHeader}`,
    'Date: Sun, 6 Dec 2026 11:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    opts.text,
    '',
    '> Szanowni Państwo, w załączeniu zawiadomienie.',
    '',
  ]);
}

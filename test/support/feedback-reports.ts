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

/** An RFC 8098 read receipt from Thunderbird ("displayed" unless told), to the VERP address. */
export function readReceipt(o: Original, opts: { returnPath: string; disposition?: string; date?: string }): Buffer {
  const b = `m-${randomUUID()}`;
  return crlf([
    `Delivered-To: ${opts.returnPath}`,
    `From: Jan Kowalski <${o.to}>`,
    `To: ${opts.returnPath}`,
    'Subject: =?UTF-8?Q?Potwierdzenie_odczytu_(wy=C5=9Bwietlenia)_-_Zawiadomienie?=',
    `Date: ${opts.date ?? 'Sun, 6 Dec 2026 11:52:00 +0100'}`,
    `Message-ID: <${randomUUID()}@poczta.example.pl>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=disposition-notification; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    `To jest potwierdzenie odczytu wiadomości wysłanej przez Ciebie do ${o.to}.`,
    '',
    `--${b}`,
    'Content-Type: message/disposition-notification',
    '',
    'Reporting-UA: Thunderbird 128.5.0',
    `Final-Recipient: rfc822;${o.to}`,
    `Original-Message-ID: ${o.messageIdHeader}`,
    `Disposition: manual-action/MDN-sent-manually; ${opts.disposition ?? 'displayed'}`,
    '',
    `--${b}--`,
    '',
  ]);
}

/** An out-of-office reply (RFC 3834 Auto-Submitted) threaded to the message. */
export function autoReply(o: Original, opts: { text?: string } = {}): Buffer {
  return crlf([
    `From: Jan Kowalski <${o.to}>`,
    'To: zwroty@zarzadca.example.pl',
    'Subject: =?UTF-8?Q?Jestem_na_urlopie?=',
    `Message-ID: <${randomUUID()}@poczta.example.pl>`,
    `In-Reply-To: ${o.messageIdHeader}`,
    `References: ${o.messageIdHeader}`,
    'Date: Sun, 6 Dec 2026 10:43:00 +0100',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    opts.text ?? 'Dziękuję za wiadomość. Jestem na urlopie do 3 stycznia, odpowiem po powrocie.',
    '',
  ]);
}

/** An ARF abuse report (RFC 5965) with the original's headers, to the VERP address. */
export function complaintReport(o: Original, opts: { returnPath: string }): Buffer {
  const b = `a-${randomUUID()}`;
  return crlf([
    `Delivered-To: ${opts.returnPath}`,
    'From: Poczta <fbl@poczta.example.pl>',
    `To: ${opts.returnPath}`,
    'Subject: FW: Zawiadomienie',
    `Message-ID: <${randomUUID()}@poczta.example.pl>`,
    'Date: Sun, 6 Dec 2026 12:30:00 +0100',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset="utf-8"',
    '',
    'This is an email abuse report.',
    '',
    `--${b}`,
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: FBL/1.0',
    'Version: 1',
    `Original-Rcpt-To: <${o.to}>`,
    'Reporting-MTA: dns; fbl.poczta.example.pl',
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

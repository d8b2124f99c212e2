import { describe, expect, it } from 'vitest';
import { classifyFailure, type FailureClass, type FailureReason, type SmtpFailure } from './classify.js';

/**
 * Real replies from the providers Polish offices send through or to, and whose fault each one is. Each row names
 * where its text comes from. `transient` = the message waits and retries (the account keeps sending the rest);
 * `account` = the account's circuit opens; `recipient` = the address is blocked; `message` = this message failed.
 */
interface Row {
  provider: string;
  source: string;
  failure: SmtpFailure;
  cls: FailureClass;
  reason: FailureReason;
}

const GOOGLE = 'Google Workspace Admin Help, "SMTP errors and codes" (support.google.com/a/answer/3726730)';
const MS = 'Microsoft Learn, "Email non-delivery reports and SMTP errors in Exchange Online"';
const YAHOO = 'Yahoo Sender Hub, "SMTP error codes" (senders.yahooinc.com/smtp-error-codes)';
const INTERIA = 'Interia Pomoc, "Dlaczego wiadomość nie została dostarczona?" (pomoc.poczta.interia.pl)';
const ONET = 'Onet Pomoc, "Co zrobić w przypadku odesłanych lub odrzuconych e-maili" (pomoc.poczta.onet.pl)';
const KEI = 'kei.pl Pomoc, "Wiadomość zwrotna – Mailer Daemon" (qmail bounces, Polish without diacritics)';
const KONTO = 'konto.pl / forpsi KB a2286 and a2871 (support.konto.pl)';
const BOUNCE_HANDLER = 'twisted1919/bounce-handler, BounceHandler/rules.php (public bounce collection)';
const POSTFIX = 'Postfix smtpd defaults (postconf(5): reject_unlisted_recipient, relay restrictions, postscreen)';
const EXIM = 'Exim specification, ACL and router default messages';
const QMAIL = 'qmail / vpopmail chkuser messages as quoted by hosting help pages';
const RFC = 'RFC 3463 (enhanced status codes), RFC 5321 §4.2.3, RFC 7504';
const NODEMAILER = 'nodemailer error as produced here against 127.0.0.1 (smtp-connection: ESOCKET/EDNS at CONN)';

const r = (
  provider: string,
  source: string,
  responseCode: number,
  response: string,
  cls: FailureClass,
  reason: FailureReason,
  command?: string,
): Row => ({ provider, source, failure: { responseCode, response, command }, cls, reason });

const ROWS: Row[] = [
  // Gmail
  r(
    'Gmail',
    GOOGLE,
    452,
    '452-4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp',
    'transient',
    'mailbox_full',
    'RCPT TO',
  ),
  r(
    'Gmail',
    GOOGLE,
    552,
    '552-5.2.2 The email account that you tried to reach is over quota and inactive. - gsmtp',
    'transient',
    'mailbox_full',
    'DATA',
  ),
  r(
    'Gmail',
    GOOGLE,
    450,
    '450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. - gsmtp',
    'transient',
    'recipient_busy',
    'RCPT TO',
  ),
  r(
    'Gmail',
    GOOGLE,
    550,
    "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos - gsmtp",
    'recipient',
    'recipient_unknown',
    'RCPT TO',
  ),
  r(
    'Gmail',
    GOOGLE,
    550,
    '550-5.2.1 The email account that you tried to reach is disabled. - gsmtp',
    'transient',
    'mailbox_full',
    'RCPT TO',
  ),
  r(
    'Gmail',
    GOOGLE,
    550,
    '550 5.4.5 Daily user sending quota exceeded. s5sm12197523qke.120 - gsmtp',
    'account',
    'rate',
    'MAIL FROM',
  ),
  r('Gmail', GOOGLE, 421, '421-4.7.0 Try again later, closing connection. (EHLO) - gsmtp', 'account', 'rate', 'EHLO'),
  r(
    'Gmail',
    GOOGLE,
    421,
    '421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp',
    'account',
    'rate',
    'DATA',
  ),
  r(
    'Gmail',
    GOOGLE,
    535,
    '535-5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials - gsmtp',
    'account',
    'auth',
    'AUTH PLAIN',
  ),
  r('Gmail', GOOGLE, 530, '530-5.7.0 Must issue a STARTTLS command first. - gsmtp', 'account', 'tls', 'MAIL FROM'),
  r(
    'Gmail',
    GOOGLE,
    550,
    '550-5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. - gsmtp',
    'message',
    'policy',
    'DATA',
  ),
  r(
    'Gmail',
    GOOGLE,
    552,
    "552-5.3.4 Your message exceeded Google's message size limits. - gsmtp",
    'message',
    'size',
    'DATA',
  ),
  r(
    'Gmail',
    GOOGLE,
    451,
    '451-4.3.0 Mail server temporarily rejected message. - gsmtp',
    'transient',
    'temporary',
    'DATA',
  ),
  // Microsoft 365 / Outlook.com
  r(
    'Microsoft 365',
    MS,
    550,
    '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    'recipient',
    'recipient_unknown',
    'RCPT TO',
  ),
  r(
    'Microsoft 365',
    MS,
    550,
    '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found',
    'recipient',
    'recipient_unknown',
    'RCPT TO',
  ),
  r(
    'Microsoft 365',
    MS,
    552,
    '552 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException',
    'transient',
    'mailbox_full',
    'DATA',
  ),
  r(
    'Microsoft 365',
    MS,
    554,
    '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded',
    'transient',
    'mailbox_full',
    'DATA',
  ),
  r(
    'Microsoft 365',
    MS,
    554,
    '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception',
    'account',
    'rate',
    'DATA',
  ),
  r(
    'Microsoft 365',
    MS,
    535,
    '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.',
    'account',
    'auth',
    'AUTH LOGIN',
  ),
  r(
    'Microsoft 365',
    MS,
    530,
    '530 5.7.57 Client not authenticated to send mail. Error: 535 5.7.3 Authentication unsuccessful',
    'account',
    'auth',
    'MAIL FROM',
  ),
  r(
    'Microsoft 365',
    MS,
    550,
    '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    'account',
    'sender',
    'DATA',
  ),
  r(
    'Microsoft 365',
    MS,
    550,
    '550 5.7.1 Service unavailable, Client host [192.0.2.1] blocked using Spamhaus',
    'account',
    'refused',
    'CONN',
  ),
  r(
    'Outlook.com',
    MS,
    550,
    "550 5.7.515 Access denied, sending domain example.pl doesn't meet the required authentication level.",
    'message',
    'policy',
    'DATA',
  ),
  r(
    'Outlook.com',
    MS,
    451,
    '451 4.7.500 Server busy. Please try again later from [192.0.2.1].',
    'transient',
    'greylisted',
    'RCPT TO',
  ),
  // Yahoo
  r(
    'Yahoo',
    YAHOO,
    421,
    '421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints',
    'account',
    'rate',
    'RCPT TO',
  ),
  r(
    'Yahoo',
    YAHOO,
    554,
    "554 delivery error: dd This user doesn't have a yahoo.com account (jan@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com",
    'recipient',
    'recipient_unknown',
    'DATA',
  ),
  r(
    'Yahoo',
    YAHOO,
    553,
    '553 5.7.2 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.',
    'account',
    'refused',
    'MAIL FROM',
  ),
  r('Yahoo', YAHOO, 554, '554 5.7.9 Message not accepted for policy reasons.', 'message', 'policy', 'DATA'),
  r('Yahoo', YAHOO, 452, '452 4.2.2 Mailbox is full', 'transient', 'mailbox_full', 'RCPT TO'),
  // Polish providers
  r('Interia', INTERIA, 550, '550 5.1.1 Account not found', 'recipient', 'recipient_unknown', 'RCPT TO'),
  r('Interia', INTERIA, 550, '550 5.2.1 Mailbox not available', 'transient', 'mailbox_full', 'RCPT TO'),
  r('Interia', INTERIA, 550, "550 5.7.1 Recipient doesn't want your mail", 'message', 'policy', 'RCPT TO'),
  r(
    'Interia',
    INTERIA,
    550,
    '550 5.7.0 [SPF] 192.0.2.1 is not allowed to send mail from example.pl',
    'account',
    'sender',
    'MAIL FROM',
  ),
  r('Onet', ONET, 550, '550 5.7.1 Przekroczono limit wysyłania i odbierania poczty', 'account', 'rate', 'MAIL FROM'),
  r('WP / o2 (kei.pl qmail text)', KEI, 552, '552 maildrop: maildir over quota.', 'transient', 'mailbox_full', 'DATA'),
  r(
    'qmail (kei.pl)',
    KEI,
    550,
    '550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table',
    'recipient',
    'recipient_unknown',
    'RCPT TO',
  ),
  r('qmail (kei.pl)', KEI, 500, '500 No such user', 'recipient', 'recipient_unknown', 'RCPT TO'),
  r(
    'konto.pl',
    KONTO,
    552,
    '552 5.1.1 5.2.2 sorry, final recipient mailbox is full (chkuser)',
    'transient',
    'mailbox_full',
    'RCPT TO',
  ),
  r('konto.pl', KONTO, 550, '550 5.0.0 sys_lock quota exceeded', 'transient', 'mailbox_full', 'DATA'),
  r(
    'home.pl (Postfix relay)',
    POSTFIX,
    554,
    '554 5.7.1 <jan@example.com>: Relay access denied',
    'account',
    'refused',
    'RCPT TO',
  ),
  r(
    'nazwa.pl (Postfix relay)',
    POSTFIX,
    553,
    '553 5.7.1 <czynsze@example.pl>: Sender address rejected: not owned by user czynsze@zarzadca.pl',
    'account',
    'sender',
    'MAIL FROM',
  ),
  r(
    'OVH (MX Plan)',
    'OVHcloud docs, "Managing the storage space for an email account" (ovh/docs email_manage_quota)',
    552,
    '552 5.2.2 The email account that you tried to reach has exceeded its quota',
    'transient',
    'mailbox_full',
    'RCPT TO',
  ),
  r(
    'OVH',
    'OVHcloud docs, diagnostic_advanced: 535 = bad login or sending blocked for spam',
    535,
    '535 5.7.8 Error: authentication failed: authentication failure',
    'account',
    'auth',
    'AUTH LOGIN',
  ),
  // MTAs
  r(
    'Postfix',
    POSTFIX,
    450,
    '450 4.2.0 <jan@example.pl>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/',
    'transient',
    'greylisted',
    'RCPT TO',
  ),
  r(
    'Postfix',
    POSTFIX,
    550,
    '550 5.1.1 <jan@example.pl>: Recipient address rejected: User unknown in local recipient table',
    'recipient',
    'recipient_unknown',
    'RCPT TO',
  ),
  r(
    'Postfix',
    POSTFIX,
    450,
    '450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]',
    'account',
    'refused',
    'RCPT TO',
  ),
  r(
    'Postfix',
    POSTFIX,
    421,
    '421 4.7.0 mail.example.pl Error: too many connections from 192.0.2.1',
    'account',
    'rate',
    'CONN',
  ),
  r(
    'Postfix + Dovecot LMTP',
    'Dovecot quota plugin default quota_exceeded_message',
    552,
    '552 5.2.2 <jan@example.pl>: Quota exceeded (mailbox for user is full)',
    'transient',
    'mailbox_full',
    'DATA',
  ),
  r('Exim', EXIM, 550, '550 Unrouteable address', 'recipient', 'recipient_unknown', 'RCPT TO'),
  r('Exim', EXIM, 451, '451 Temporary local problem - please try later', 'transient', 'temporary', 'RCPT TO'),
  r('Exim', EXIM, 552, '552 Requested mailbox exceeds quota', 'transient', 'mailbox_full', 'RCPT TO'),
  r('Exim', BOUNCE_HANDLER, 552, '552 recipient storage full, try again later', 'transient', 'mailbox_full', 'RCPT TO'),
  r(
    'qmail',
    QMAIL,
    553,
    "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
    'account',
    'refused',
    'RCPT TO',
  ),
  r('RFC 5321', RFC, 554, '554 No SMTP service here', 'account', 'refused', 'CONN'),
  r('RFC 7504', RFC, 521, '521 5.3.2 Server does not accept mail', 'account', 'refused', 'CONN'),
];

const NO_REPLY: Row[] = [
  {
    provider: 'any (closed port)',
    source: NODEMAILER,
    failure: {
      code: 'ESOCKET',
      command: 'CONN',
      message: 'connect ECONNREFUSED 127.0.0.1:2699',
      server: '127.0.0.1:2699',
    },
    cls: 'account',
    reason: 'connection',
  },
  {
    provider: 'any (wrong host name)',
    source: NODEMAILER,
    failure: {
      code: 'EDNS',
      command: 'CONN',
      message: 'getaddrinfo ENOTFOUND smtp.exmaple.pl',
      server: 'smtp.exmaple.pl:587',
    },
    cls: 'account',
    reason: 'connection',
  },
  {
    provider: 'any (firewall drops packets)',
    source: NODEMAILER,
    failure: { code: 'ETIMEDOUT', command: 'CONN', message: 'Connection timeout', server: 'smtp.example.pl:465' },
    cls: 'account',
    reason: 'connection',
  },
  {
    provider: 'any (connection broke while sending)',
    source: NODEMAILER,
    failure: { code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' },
    cls: 'transient',
    reason: 'temporary',
  },
];

describe('whose fault: real replies from providers and MTAs', () => {
  it('holds at least 40 real replies', () => expect(ROWS.length).toBeGreaterThanOrEqual(40));

  it.each(
    [...ROWS, ...NO_REPLY].map(
      (row) => [`${row.provider}: ${row.failure.response ?? row.failure.message}`, row] as const,
    ),
  )('%s', (_name, row) => {
    expect(row.source.length).toBeGreaterThan(0);
    const c = classifyFailure(row.failure);
    expect({ cls: c.class, reason: c.reason }).toEqual({ cls: row.cls, reason: row.reason });
    // Only an account failure carries an account problem; a recipient's never pauses the account.
    expect(c.accountProblem === null).toBe(row.cls !== 'account');
  });

  it('says a closed port is a connection problem, naming the server, not a refusal of the message', () => {
    const c = classifyFailure(NO_REPLY[0]?.failure as SmtpFailure);
    expect(c.accountProblem).toBe('Nie można połączyć się z serwerem 127.0.0.1:2699');
    expect(c.hint).not.toMatch(/nie przyjął/);
  });

  it('treats a full mailbox as the recipient\u2019s passing trouble', () => {
    const c = classifyFailure({ responseCode: 452, response: '452 4.2.2 Mailbox full', code: 'EENVELOPE' });
    expect(c.class).toBe('transient');
    expect(c.hint).toMatch(/Skrzynka adresata jest pełna/);
  });
});

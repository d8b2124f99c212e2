import type { FeedbackKind, FeedbackReason } from '../../src/server/feedback/report.js';

/**
 * Remote servers' replies as they appear in bounces, with what each one means (D44). `{rcpt}` is the failed
 * address. Used by feedback-corpus.ts; each row is a provider's wording in the shape it really has.
 */
export interface Diagnostic {
  status: string;
  text: string;
  kind: FeedbackKind;
  reason: FeedbackReason;
}

const d = (status: string, text: string, kind: FeedbackKind, reason: FeedbackReason): Diagnostic => ({
  status,
  text,
  kind,
  reason,
});

export const FAILURES: Diagnostic[] = [
  d('5.1.1', '550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown', 'hard_bounce', 'recipient_unknown'),
  d(
    '5.1.1',
    '550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table',
    'hard_bounce',
    'recipient_unknown',
  ),
  d(
    '5.1.1',
    "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos - gsmtp",
    'hard_bounce',
    'recipient_unknown',
  ),
  d('5.1.1', '550 5.1.1 Account not found', 'hard_bounce', 'recipient_unknown'),
  d(
    '5.1.10',
    '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient {rcpt} not found by SMTP address lookup',
    'hard_bounce',
    'recipient_unknown',
  ),
  d('5.1.1', '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', 'hard_bounce', 'recipient_unknown'),
  d('5.1.1', '550 5.1.1 Adres odbiorcy nie istnieje', 'hard_bounce', 'recipient_unknown'),
  d(
    '5.4.4',
    'Host or domain name not found. Name service error for name=xn--example type=MX: Host not found',
    'hard_bounce',
    'domain_unknown',
  ),
  d('5.2.2', '552 5.2.2 Mailbox full: quota exceeded', 'soft_bounce', 'mailbox_full'),
  d(
    '5.2.2',
    '552-5.2.2 The email account that you tried to reach is over quota and inactive. - gsmtp',
    'soft_bounce',
    'mailbox_full',
  ),
  d(
    '4.2.2',
    '452 4.2.2 The email account that you tried to reach is over quota. - gsmtp',
    'soft_bounce',
    'mailbox_full',
  ),
  d(
    '5.2.2',
    '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException',
    'soft_bounce',
    'mailbox_full',
  ),
  d('5.0.0', '550 sys_lock quota exceeded', 'soft_bounce', 'mailbox_full'),
  d('5.1.1', '552 5.1.1 5.2.2 <{rcpt}>... Mailbox is full / Skrzynka przepelniona', 'soft_bounce', 'mailbox_full'),
  d('5.2.1', '550 5.2.1 Mailbox not available', 'soft_bounce', 'mailbox_unavailable'),
  d(
    '5.2.1',
    '550-5.2.1 The email account that you tried to reach is disabled. - gsmtp',
    'soft_bounce',
    'mailbox_unavailable',
  ),
  d(
    '4.2.0',
    '450 4.2.0 <{rcpt}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/',
    'soft_bounce',
    'greylisted',
  ),
  d('4.7.1', '451 4.7.1 Greylisting in action, please come back later', 'soft_bounce', 'greylisted'),
  d(
    '4.2.1',
    '450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. - gsmtp',
    'soft_bounce',
    'recipient_busy',
  ),
  d('5.3.4', '552 5.3.4 Message size exceeds fixed limit', 'soft_bounce', 'message_too_big'),
  d(
    '5.7.1',
    '550-5.7.1 [203.0.113.10] Gmail has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. - gsmtp',
    'policy_block',
    'spam',
  ),
  d(
    '5.7.1',
    '554 5.7.1 Service unavailable; Client host [203.0.113.10] blocked using zen.spamhaus.org',
    'policy_block',
    'blocklisted',
  ),
  d('5.7.1', '554 5.7.1 Rejected: 203.0.113.10 listed at bl.spamcop.net', 'policy_block', 'blocklisted'),
  d(
    '5.7.26',
    "550-5.7.26 Unauthenticated email from example.pl is not accepted due to domain's DMARC policy. - gsmtp",
    'policy_block',
    'sender_authentication',
  ),
  d(
    '5.7.23',
    '550 5.7.23 The message was rejected because of Sender Policy Framework violation',
    'policy_block',
    'sender_authentication',
  ),
  d('5.7.1', '550 5.7.1 Message rejected: DKIM signature verification failed', 'policy_block', 'sender_authentication'),
  d('5.7.1', "550 5.7.1 Recipient doesn't want your mail", 'policy_block', 'policy'),
  d('5.7.0', '550 5.7.0 Przekroczono limit wysylania i odbierania poczty', 'policy_block', 'rate_limited'),
  d('5.7.1', '554 5.7.1 <{rcpt}>: Relay access denied', 'policy_block', 'relay_denied'),
];

/** Replies that end in a delay warning or an expired queue. */
export const DELAYS: string[] = [
  'connect to mx.example.pl[198.51.100.5]:25: Connection timed out',
  '451 4.7.1 Greylisting in action, please come back later',
  '421 4.4.2 Connection dropped due to timeout',
  '450 4.2.0 Greylisted, see http://postgrey.schweikert.ch/help/',
  '452 4.2.2 Mailbox full',
];

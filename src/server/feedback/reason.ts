import { classifyFailure, enhancedStatus, normalise, saysRecipientUnknown } from '../sending/classify.js';
import type { FeedbackKind, FeedbackReason } from './report.js';

/**
 * What a failed delivery means, on the same classifier the sending worker uses for live SMTP replies (D38, D44):
 * a "550 5.1.1" at send time and in a bounce report mean the same. Only the report's own facts are added here:
 * Action: delayed, an expired queue, Action: failed with a 4.x.x status (soft), and finer reason codes.
 */
export interface Verdict {
  kind: FeedbackKind;
  reason: FeedbackReason;
}

export interface FailureFacts {
  action: string | null;
  status: string | null;
  diagnostic: string | null;
  /** The report's explanation around the diagnostic, normalised: read only for an expired queue. */
  context?: string;
}

const EXPIRED =
  /retry timeout exceeded|message expired|expired in queue|too long in (the )?queue|could not be delivered (within|for) \d+|gave up after|has been undeliverable for|message has been in the queue too long|4\.4\.7|5\.4\.7|wygasl|przekroczono czas/;
const SENDER_AUTH =
  /\bdmarc\b|\bdkim\b|\bspf\b|sender policy framework|unauthenticated (email|sender)|authentication (check )?fail/;
const BLOCKLIST =
  /spamhaus|spamcop|barracuda|sorbs|blocklist|blacklist|block ?list|\brbl\b|\bdnsbl\b|listed (at|on|in|by)|ip reputation|poor reputation|low reputation|reputation/;
const SPAM = /\bspam\b|unsolicited|bulk mail|junk|content (rejected|filter)|suspicious|phishing|virus|malware/;
const DOMAIN_UNKNOWN =
  /host or domain name not found|domain (not found|does not exist|name not found)|no mx|unrouteable (mail )?domain|nxdomain|name service error|domena nie istnieje/;
const RELAY = /relay(ing)? (access )?denied|unable to relay|not permitted to relay|relay not permitted/;
const COMMAND = /in reply to (rcpt to|mail from|end of data|data|message text|helo|ehlo)/;

function replyCode(diagnostic: string, status: string | null): number {
  const m = diagnostic.match(/(?:^|[\s;:'"(])([245]\d\d)(?=[\s-])/);
  if (m) return Number(m[1]);
  if (status?.startsWith('4')) return 450;
  // No code and no status (a plain-text bounce): read as permanent, but only explicit words make it hard below.
  return 550;
}

export function judgeFailure(f: FailureFacts): Verdict {
  const action = (f.action ?? '').toLowerCase().trim();
  const diagnostic = f.diagnostic ?? '';
  const text = normalise(diagnostic);
  const status = f.status ?? enhancedStatus(diagnostic);
  if (action === 'delayed') return { kind: 'delay', reason: 'delayed' };
  if (action === 'delivered' || action === 'relayed' || action === 'expanded')
    return { kind: 'unknown', reason: 'delivered' };
  if (EXPIRED.test(text) || EXPIRED.test(f.context ?? '')) return { kind: 'soft_bounce', reason: 'expired' };
  const temporary = status?.startsWith('4') ?? false;

  // Policy blocks are the account's problem: checked on the text first so no wording makes them an address's.
  if (SENDER_AUTH.test(text) && (status?.startsWith('5.7') || status?.startsWith('4.7') || /\b[45]\d\d\b/.test(text)))
    return { kind: 'policy_block', reason: 'sender_authentication' };

  const command = normalise(diagnostic).match(COMMAND)?.[1]?.toUpperCase();
  const code = replyCode(diagnostic, status);
  const response = enhancedStatus(diagnostic) || !status ? diagnostic : `${status} ${diagnostic}`;
  const c = classifyFailure({ responseCode: code, response, command: command === 'END OF DATA' ? 'DATA' : command });

  if (c.class === 'account') {
    if (c.reason === 'rate') return { kind: 'policy_block', reason: 'rate_limited' };
    if (c.reason === 'sender') return { kind: 'policy_block', reason: 'sender_refused' };
    if (RELAY.test(text)) return { kind: 'policy_block', reason: 'relay_denied' };
    if (c.reason === 'refused') return { kind: 'policy_block', reason: 'blocklisted' };
    // Login, TLS or connection trouble reported by a relay: the message did not get through this time.
    return { kind: 'soft_bounce', reason: 'temporary' };
  }
  // A 5.1.x the live classifier puts on the recipient (e.g. forpsi's "5.1.1 … sender is blacklisted": that mailbox's
  // own block list) stays the address's, as at send time; block-list words decide only without it.
  const recipientStatus = c.class === 'recipient' && (status ?? '').startsWith('5.1.');
  if (BLOCKLIST.test(text) && !recipientStatus) return { kind: 'policy_block', reason: 'blocklisted' };
  if (c.class === 'message' && c.reason === 'policy')
    return { kind: 'policy_block', reason: SPAM.test(text) ? 'spam' : 'policy' };
  if (temporary || c.class === 'transient') {
    if (c.reason === 'mailbox_full')
      return { kind: 'soft_bounce', reason: c.enhanced === '5.2.1' ? 'mailbox_unavailable' : 'mailbox_full' };
    if (c.reason === 'greylisted') return { kind: 'soft_bounce', reason: 'greylisted' };
    if (c.reason === 'recipient_busy') return { kind: 'soft_bounce', reason: 'recipient_busy' };
    if (temporary && SPAM.test(text)) return { kind: 'policy_block', reason: 'spam' };
    return { kind: 'soft_bounce', reason: 'temporary' };
  }
  const coded = /(?:^|[\s;:'"(])[245]\d\d(?=[\s-])/.test(diagnostic) || status !== null;
  if (c.class === 'recipient' && (coded || saysRecipientUnknown(diagnostic)))
    return {
      kind: 'hard_bounce',
      reason:
        status === '5.1.2' || status === '5.4.4' || DOMAIN_UNKNOWN.test(text) ? 'domain_unknown' : 'recipient_unknown',
    };
  if (c.reason === 'size') return { kind: 'soft_bounce', reason: 'message_too_big' };
  if (SPAM.test(text)) return { kind: 'policy_block', reason: 'spam' };
  return { kind: 'soft_bounce', reason: 'temporary' };
}

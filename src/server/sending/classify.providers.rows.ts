import type { FailureClass, FailureReason, SmtpFailure } from './classify.js';

/**
 * Real replies from the providers Polish offices send through or to, and whose fault each one is. Each row names
 * where its text comes from. `transient` = the message waits and retries (the account keeps sending the rest);
 * `account` = the account's circuit opens; `recipient` = the address is blocked; `message` = this message failed.
 */
export interface Row {
  provider: string;
  source: string;
  failure: SmtpFailure;
  cls: FailureClass;
  reason: FailureReason;
}

export const GOOGLE = 'Google Workspace Admin Help, "SMTP errors and codes" (support.google.com/a/answer/3726730)';
export const MS = 'Microsoft Learn, "Email non-delivery reports and SMTP errors in Exchange Online"';
export const YAHOO = 'Yahoo Sender Hub, "SMTP error codes" (senders.yahooinc.com/smtp-error-codes)';
export const INTERIA = 'Interia Pomoc, "Dlaczego wiadomość nie została dostarczona?" (pomoc.poczta.interia.pl)';
export const ONET = 'Onet Pomoc, "Co zrobić w przypadku odesłanych lub odrzuconych e-maili" (pomoc.poczta.onet.pl)';
export const KEI = 'kei.pl Pomoc, "Wiadomość zwrotna – Mailer Daemon" (qmail bounces, Polish without diacritics)';
export const KONTO = 'konto.pl / forpsi KB a2286 and a2871 (support.konto.pl)';
export const BOUNCE_HANDLER = 'twisted1919/bounce-handler, BounceHandler/rules.php (public bounce collection)';
export const POSTFIX =
  'Postfix smtpd defaults (postconf(5): reject_unlisted_recipient, relay restrictions, postscreen)';
export const EXIM = 'Exim specification, ACL and router default messages';
export const QMAIL = 'qmail / vpopmail chkuser messages as quoted by hosting help pages';
export const RFC = 'RFC 3463 (enhanced status codes), RFC 5321 §4.2.3, RFC 7504';
export const NODEMAILER = 'nodemailer error as produced here against 127.0.0.1 (smtp-connection: ESOCKET/EDNS at CONN)';

export const r = (
  provider: string,
  source: string,
  responseCode: number,
  response: string,
  cls: FailureClass,
  reason: FailureReason,
  command?: string,
): Row => ({ provider, source, failure: { responseCode, response, command }, cls, reason });

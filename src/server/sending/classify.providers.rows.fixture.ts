import type { FailureClass, FailureReason, SmtpFailure } from './classify.js';

/**
 * Real replies from the providers Polish offices send through or to, and whose fault each one is (decision D43).
 * `source` names where the reply text was read: a URL, or a public repository and path. A row whose text could not be
 * found quoted anywhere public is marked `verified: false` and its source says so; such rows keep the classification
 * honest for a reply we expect, but they are not evidence. Addresses and IPs in the texts are placeholders.
 * `transient` = the message waits and retries (the account keeps sending the rest); `account` = the account's circuit
 * opens; `recipient` = the address is blocked; `message` = this message failed.
 */
export interface Row {
  provider: string;
  source: string;
  verified: boolean;
  failure: SmtpFailure;
  cls: FailureClass;
  reason: FailureReason;
}

/** ActiveCampaign's public collection of real SMTP replies per code and provider. */
export const FIELD_MANUAL = (code: number) => `github.com/ActiveCampaign/smtp-field-manual, data/codes/${code}.json`;
export const GOOGLE_CODES = 'knowledge.workspace.google.com/admin/support/troubleshooting/gmail-smtp-errors-and-codes';
export const INTERIA = 'pomoc.poczta.interia.pl/news-dlaczego-wiadomosc-nie-zostala-dostarczona,nId,6589600';
export const KEI = 'kei.pl/pomoc/wiadmosc-zwrotna/ (qmail hosting bounces)';
export const FORPSI_IN = 'support.konto.pl/kb/a2871 (mxavas.forpsi.com replies)';
export const FORPSI_OUT = 'support.konto.pl/kb/a2765 and support.konto.pl/kb/a2164 (smtp.forpsi.com replies)';
export const NODEMAILER = 'nodemailer error as produced here against 127.0.0.1 (smtp-connection: ESOCKET/EDNS at CONN)';

export const r = (
  provider: string,
  source: string,
  responseCode: number,
  response: string,
  cls: FailureClass,
  reason: FailureReason,
  command?: string,
): Row => ({ provider, source, verified: true, failure: { responseCode, response, command }, cls, reason });

/** A reply whose exact text no public source quotes: kept for its classification, marked as not verified. */
export const unverified = (
  provider: string,
  why: string,
  responseCode: number,
  response: string,
  cls: FailureClass,
  reason: FailureReason,
  command?: string,
): Row => ({
  ...r(provider, `NOT VERIFIED: ${why}`, responseCode, response, cls, reason, command),
  verified: false,
});

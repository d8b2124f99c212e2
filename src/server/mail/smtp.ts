import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { needsSmtpUtf8, wireAddress } from '../../shared/email-address.js';
import type { AccountSecurity } from '../db/schema.js';
import { probeSmtp, type SmtpCapabilities } from './smtp-probe.js';

/*
 * SMTP settings and one-connection actions, shared by the sending engine (its pooled transport) and the features
 * ("test connection", "send a test to me"): neither side owns them, so neither imports the other for them.
 */

/** What it takes to open an SMTP connection for an account (secrets already decrypted). */
export interface SmtpSettings {
  host: string;
  port: number;
  security: AccountSecurity;
  username: string | null;
  password: string | null;
}

export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

export const DEFAULT_TIMEOUTS: SmtpTimeouts = { connectionMs: 15_000, greetingMs: 15_000, socketMs: 60_000 };

export function transportOptions(s: SmtpSettings, timeouts: SmtpTimeouts = DEFAULT_TIMEOUTS): SMTPTransport.Options {
  return {
    host: s.host,
    port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    ...(s.username ? { auth: { user: s.username, pass: s.password ?? '' } } : {}),
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** Opens a connection, authenticates and says goodbye: the "test connection" action. Throws nodemailer's error. */
export function verifySmtp(s: SmtpSettings, timeouts: SmtpTimeouts = DEFAULT_TIMEOUTS): Promise<SmtpCapabilities> {
  return probeSmtp(s, timeouts);
}

/**
 * MAIL FROM / RCPT TO in wire form: an ASCII local part with the Punycode domain, so any server takes it; a UTF-8
 * local part as it is (nodemailer then adds SMTPUTF8, which queueing made sure the server offers). The DSN's
 * ORCPT is given only for ASCII addresses: a UTF-8 one would need RFC 6533's "utf-8" type, which nodemailer lacks.
 */
export function smtpEnvelope(from: string, to: string) {
  const wireTo = wireAddress(to);
  return { from: wireAddress(from), to: wireTo, orcpt: needsSmtpUtf8(wireTo) ? {} : { recipient: wireTo } };
}

/** One message over a fresh connection (the "send a test to me" action); throws nodemailer's error. */
export async function sendOnce(
  s: SmtpSettings,
  raw: Buffer,
  envelope: { from: string; to: string },
  timeouts?: SmtpTimeouts,
): Promise<string> {
  const transport = nodemailer.createTransport(transportOptions(s, timeouts));
  const wire = smtpEnvelope(envelope.from, envelope.to);
  try {
    const info = await transport.sendMail({ raw, envelope: { from: wire.from, to: [wire.to] } });
    return String(info.response ?? '250');
  } finally {
    transport.close();
  }
}

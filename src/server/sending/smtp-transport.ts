import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { AccountSecurity } from '../db/schema.js';

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
export async function verifySmtp(s: SmtpSettings, timeouts?: SmtpTimeouts): Promise<void> {
  const transport = nodemailer.createTransport(transportOptions(s, timeouts));
  try {
    await transport.verify();
  } finally {
    transport.close();
  }
}

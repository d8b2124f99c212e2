import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SmtpSettings, SmtpTimeouts } from './smtp.js';

/** What a server's EHLO says it can take, as far as sending needs to know. */
export interface SmtpCapabilities {
  /** RFC 6531: addresses with non-ASCII letters before the @ (and UTF-8 headers). */
  smtpUtf8: boolean;
}

/** The extensions of an EHLO reply, one per line after the greeting line ("250-SMTPUTF8"). */
export function capabilitiesFromEhlo(ehlo: string | readonly string[]): SmtpCapabilities {
  const lines = typeof ehlo === 'string' ? ehlo.split(/\r?\n/) : ehlo;
  return { smtpUtf8: lines.some((line) => /^(?:\d{3}[ -])?SMTPUTF8\b/i.test(line.trim())) };
}

/**
 * The "test connection" action: connect (STARTTLS or TLS as configured), read the EHLO, log in when the account has
 * a login and the server offers AUTH, say goodbye. Like nodemailer's `verify()`, but it also returns what the EHLO
 * offered (nodemailer keeps that to itself; its public `lastServerResponse` is the EHLO reply at connect time).
 * Throws nodemailer's error.
 */
export function probeSmtp(s: SmtpSettings, timeouts: SmtpTimeouts): Promise<SmtpCapabilities> {
  const connection = new SMTPConnection({
    host: s.host,
    port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
  });
  return new Promise<SmtpCapabilities>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      connection.close();
      reject(err);
    };
    const succeed = (capabilities: SmtpCapabilities) => {
      if (settled) return;
      settled = true;
      connection.quit();
      resolve(capabilities);
    };
    connection.on('error', fail);
    connection.on('end', () => fail(new Error('Connection closed')));
    connection.connect(() => {
      const capabilities = capabilitiesFromEhlo(String(connection.lastServerResponse || ''));
      if (!s.username || !connection.allowsAuth) return succeed(capabilities);
      connection.login({ user: s.username, pass: s.password ?? '' }, (err) =>
        err ? fail(err) : succeed(capabilities),
      );
    });
  });
}

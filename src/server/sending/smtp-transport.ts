import { Readable } from 'node:stream';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { DEFAULT_TIMEOUTS, type SmtpTimeouts, smtpEnvelope, transportOptions } from '../mail/smtp.js';
import { capabilitiesFromEhlo } from '../mail/smtp-probe.js';
import type { SendResult } from './outcome.js';
import { NOT_STARTED, type NotStarted, type SendableAccount, type Transport } from './ports.js';

/**
 * The message's bytes, then the end of the stream only once `mayEnd` resolves: nodemailer writes the final dot when
 * its source ends, so the server cannot take the message before then (D78).
 */
function endingWhen(raw: Buffer, mayEnd: () => Promise<void>): Readable {
  let given = false;
  return new Readable({
    read() {
      if (given) return;
      given = true;
      this.push(raw);
      mayEnd().then(
        () => this.push(null),
        (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });
}

/** nodemailer's error for a message still queued when its pool closes (it has no code of its own). */
const POOL_CLOSED = 'Connection pool was closed';

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
  command?: string;
  /** nodemailer's kind of ETIMEDOUT: CONNECTION_TIMEOUT, GREETING_TIMEOUT, SOCKET_TIMEOUT … */
  timeoutType?: string;
}

/**
 * The transport port over nodemailer: one connection pool per account (rebuilt when the account changes),
 * sending the frozen bytes (`raw` + `envelope`). The pool never retries on its own (`maxRequeues: 0`);
 * retries are the engine's. DSN (NOTIFY=FAILURE,DELAY, RET=HDRS, ENVID) is requested; nodemailer adds it
 * only when the server advertises DSN.
 */
export function createPooledTransport(timeouts: SmtpTimeouts = DEFAULT_TIMEOUTS): Transport {
  const pools = new Map<string, { version: string; transport: Transporter }>();
  let stopping = false;

  function poolFor(account: SendableAccount) {
    const existing = pools.get(account.id);
    if (existing && existing.version === account.version) return existing.transport;
    existing?.transport.close();
    const transport = nodemailer.createTransport({
      ...transportOptions(account.settings, timeouts),
      pool: true,
      maxConnections: account.maxConnections,
      maxMessages: 100,
      maxRequeues: 0,
    } as SMTPTransport.Options);
    pools.set(account.id, { version: account.version, transport });
    return transport;
  }

  return {
    async send(account, message, mayEnd): Promise<SendResult | NotStarted> {
      try {
        const envelope = smtpEnvelope(message.envelopeFrom, message.toAddress);
        const info = await poolFor(account).sendMail({
          raw: mayEnd ? endingWhen(message.raw, mayEnd) : message.raw,
          // The frozen message carries this Message-ID already; given here, nodemailer need not make up its own.
          messageId: message.messageId,
          envelope: { from: envelope.from, to: [envelope.to] },
          dsn: { id: message.id, return: 'headers', notify: ['failure', 'delay'], ...envelope.orcpt },
        });
        const ehlo = (info as { ehlo?: string[] }).ehlo;
        return {
          ok: true,
          response: String(info.response ?? '250'),
          ...(ehlo ? { smtpUtf8: capabilitiesFromEhlo(ehlo).smtpUtf8 } : {}),
        };
      } catch (err) {
        const e = err as NodemailerError;
        // A closing pool fails the messages still in its queue (never given to a connection) with this error.
        if (stopping && e.message === POOL_CLOSED && e.responseCode === undefined) return NOT_STARTED;
        const failure = {
          code: e.code,
          responseCode: e.responseCode,
          response: e.response,
          message: e.message,
          command: e.command,
          server: `${account.settings.host}:${account.settings.port}`,
        };
        // No reply after the message was handed over: the server may or may not have taken it. nodemailer reports a
        // socket timeout as stage CONN whatever the stage was; once the session is up it may have struck while the
        // server sat on the final dot (D82: a relay that never answers it), so it counts as "may have arrived" too.
        const silent = e.code === 'ETIMEDOUT' && e.timeoutType === 'SOCKET_TIMEOUT';
        const ambiguous = e.responseCode === undefined && (e.command === 'DATA' || silent);
        return { ok: false, failure, ambiguous };
      }
    },
    stopTaking() {
      stopping = true;
      // Idle connections close now; busy ones finish their message; queued messages fail with POOL_CLOSED.
      for (const { transport } of pools.values()) transport.close();
    },
    async close() {
      for (const { transport } of pools.values()) transport.close({ force: true });
      pools.clear();
    },
  };
}

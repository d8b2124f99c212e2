import type { AttemptRecord } from '../sending/ports.js';

/** The part of a pino logger the sending log uses. */
export interface SendLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

/**
 * One JSON line per attempt (D74), carrying the message's, batch's and account's ids — never the address: `debug`
 * for a message sent, `info` for one that will be retried, `warn` for one held or failed. A line can be found from the
 * message's page (its id) and a batch's trouble grepped by its id.
 */
export function createSendingLog(log: SendLogger) {
  return {
    attempts(records: AttemptRecord[]) {
      for (const r of records) {
        const fields = {
          messageId: r.id,
          batchId: r.batchId,
          accountId: r.accountId,
          outcome: r.outcome,
          status: r.status,
          failureClass: r.failureClass,
          reason: r.reason,
          smtpCode: r.smtpCode,
          ms: r.seconds === null ? null : Math.round(r.seconds * 1000),
          ...(r.written ? {} : { fenced: true }),
        };
        if (r.status === 'sent') log.debug(fields, 'message sent');
        else if (r.status === 'retry_wait') log.info(fields, 'message attempt failed, will retry');
        else log.warn(fields, r.status === 'held' ? 'message held' : 'message failed');
      }
    },
  };
}

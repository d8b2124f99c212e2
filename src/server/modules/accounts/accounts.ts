import type { Account, AccountUpdate } from '../../../shared/accounts.js';
import type { Row, SmtpUtf8Support } from '../../db/schema.js';
import type { SmtpCapabilities } from '../../mail/smtp-probe.js';

/** Which accounts an actor may see and use: all of them (admin) or those of the actor's positions. */
export type { Scope as AccountScope } from '../auth/auth.js';
export { inScope } from '../auth/auth.js';

export function toAccount(row: Row<'smtp_accounts'>, positionIds: string[]): Account {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    fromName: row.from_name,
    fromAddress: row.from_address,
    feedbackAddress: row.feedback_address,
    envelopeMode: row.envelope_mode,
    readReceipt: row.read_receipt === 'yes',
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username,
    hasPassword: row.password_enc !== null,
    rates: {
      perSecond: row.rate_per_second,
      perMinute: row.rate_per_minute,
      perHour: row.rate_per_hour,
      perDay: row.rate_per_day,
    },
    dkim:
      row.dkim_domain && row.dkim_selector
        ? { domain: row.dkim_domain, selector: row.dkim_selector, hasKey: row.dkim_key_enc !== null }
        : null,
    status: row.status,
    maxConnections: row.max_connections,
    circuit: { state: row.circuit_state, failures: row.circuit_failures, retryAt: row.circuit_retry_at },
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    lastVerifiedAt: row.last_verified_at,
    smtpUtf8: row.smtputf8,
    feedbackMailboxId: row.feedback_mailbox_id,
    feedbackAlarm: feedbackAlarmOf(row),
    positionIds,
  };
}

/** The account's feedback alarm (D48), or null when none was raised or it was cleared. */
export function feedbackAlarmOf(row: Row<'smtp_accounts'>): Account['feedbackAlarm'] {
  return row.feedback_alarm_at ? { at: row.feedback_alarm_at, reason: row.feedback_alarm_reason ?? 'policy' } : null;
}

/** The `smtputf8` column for what a connection's EHLO offered; nothing when the port did not say. */
export function smtpUtf8Column(capabilities: SmtpCapabilities | undefined): { smtputf8?: SmtpUtf8Support } {
  return capabilities ? { smtputf8: capabilities.smtpUtf8 ? 'offered' : 'not_offered' } : {};
}

export function serverChanged(current: Row<'smtp_accounts'>, input: AccountUpdate): boolean {
  return (
    (input.host !== undefined && input.host !== current.host) ||
    (input.port !== undefined && input.port !== current.port) ||
    (input.security !== undefined && input.security !== current.security)
  );
}

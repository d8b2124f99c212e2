import type { FeedbackMailbox, MailboxReaderState } from '../../../shared/feedback-mailboxes.js';
import type { Row } from '../../db/schema.js';

export type MailboxSecret = 'password' | 'oauth_client_secret' | 'oauth_refresh_token';

/** Associated data for sealed secrets: a ciphertext opens only in the row and field it was written for. */
export const mailboxSecretAad = (id: string, field: MailboxSecret) => `feedback_mailboxes:${id}:${field}`;

export function parseFolders(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === 'string') : ['INBOX'];
}

/** The reader's status row as the settings page shows it; a lease that ran out means nobody reads the mailbox. */
export function toReaderState(lease: Row<'feedback_reader_leases'> | undefined, nowIso: string): MailboxReaderState {
  if (!lease) return { worker: null, status: 'idle', error: null, errorDetail: null, errorSince: null, lastOkAt: null };
  const held = lease.lease_owner !== null && lease.lease_expires_at !== null && lease.lease_expires_at > nowIso;
  return {
    worker: held ? lease.lease_owner : null,
    status: lease.status,
    error: lease.status === 'error' ? lease.last_error : null,
    errorDetail: lease.status === 'error' ? lease.last_error_detail : null,
    errorSince: lease.status === 'error' ? lease.error_since : null,
    lastOkAt: lease.last_ok_at,
  };
}

export function toMailbox(
  row: Row<'feedback_mailboxes'>,
  accountIds: string[],
  reader: MailboxReaderState,
): FeedbackMailbox {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username,
    auth: row.auth,
    hasPassword: row.password_enc !== null,
    oauth:
      row.auth === 'oauth2' && row.oauth_provider
        ? {
            provider: row.oauth_provider,
            clientId: row.oauth_client_id ?? '',
            hasClientSecret: row.oauth_client_secret_enc !== null,
            tokenUrl: row.oauth_token_url ?? '',
            hasRefreshToken: row.oauth_refresh_token_enc !== null,
            scope: row.oauth_scope ?? '',
          }
        : null,
    folders: parseFolders(row.folders),
    processSince: row.process_since,
    status: row.status,
    lastError: row.last_error,
    lastCheckedAt: row.last_checked_at,
    accountIds,
    reader,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

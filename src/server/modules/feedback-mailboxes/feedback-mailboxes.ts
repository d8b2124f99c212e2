import type { FeedbackMailbox } from '../../../shared/feedback-mailboxes.js';
import type { Row } from '../../db/schema.js';

export type MailboxSecret = 'password' | 'oauth_client_secret' | 'oauth_refresh_token';

/** Associated data for sealed secrets: a ciphertext opens only in the row and field it was written for. */
export const mailboxSecretAad = (id: string, field: MailboxSecret) => `feedback_mailboxes:${id}:${field}`;

export function parseFolders(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === 'string') : ['INBOX'];
}

export function toMailbox(row: Row<'feedback_mailboxes'>, accountIds: string[]): FeedbackMailbox {
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
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

import type { Row } from '../db/schema.js';
import type { SecretBox } from '../lib/crypto.js';
import type { SmtpSettings } from './smtp.js';

/**
 * Associated data for an account's sealed secrets: a ciphertext only opens in the row and field it was written for.
 * Here, not in modules/accounts, because the sending engine opens the password too and must not import a feature.
 */
export const secretAad = (accountId: string, field: 'password' | 'dkim_key') => `smtp_accounts:${accountId}:${field}`;

/** An account row's connection settings with the password opened (the pool, "test connection", "send a test"). */
export function smtpSettingsOf(row: Row<'smtp_accounts'>, secrets: SecretBox): SmtpSettings {
  return {
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username,
    password: row.password_enc ? secrets.open(row.password_enc, secretAad(row.id, 'password')) : null,
  };
}

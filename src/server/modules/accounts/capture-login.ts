import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Row } from '../../db/schema.js';
import type { SecretBox } from '../../lib/crypto.js';
import { secretAad } from '../../mail/account-secrets.js';

/**
 * The sandbox account's SMTP login: a fixed user and a random per-instance password, sealed like every account
 * password. The embedded capture SMTP accepts mail only with it, so only this Listonosz instance can fill the sandbox.
 */
export const CAPTURE_USERNAME = 'listonosz';
const CAPTURE_PASSWORD_BYTES = 32;

/** Columns for a fresh login of the sandbox account `id`. */
export function newCaptureLogin(secrets: SecretBox, id: string) {
  const password = randomBytes(CAPTURE_PASSWORD_BYTES).toString('base64url');
  return { username: CAPTURE_USERNAME, password_enc: secrets.seal(password, secretAad(id, 'password')) };
}

/** The stored password, or null when there is none or it was sealed with another instance key. */
function storedPassword(secrets: SecretBox, row: Row<'smtp_accounts'>): string | null {
  if (!row.username || !row.password_enc) return null;
  try {
    return secrets.open(row.password_enc, secretAad(row.id, 'password'));
  } catch {
    return null;
  }
}

/** Whether the account needs a (new) login: none yet (older versions), or one this instance key cannot open. */
export function needsCaptureLogin(secrets: SecretBox, row: Row<'smtp_accounts'>): boolean {
  return storedPassword(secrets, row) === null;
}

/** Compares a login with the account's in constant time (over hashes, so lengths do not leak either). */
export function isCaptureLogin(
  secrets: SecretBox,
  row: Row<'smtp_accounts'> | undefined,
  username: string,
  password: string,
): boolean {
  const stored = row ? storedPassword(secrets, row) : null;
  if (!row?.username || stored === null) return false;
  const digest = (user: string, pass: string) => createHash('sha256').update(`${user}\0${pass}`).digest();
  return timingSafeEqual(digest(row.username, stored), digest(username, password));
}

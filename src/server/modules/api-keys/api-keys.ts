import { randomBytes } from 'node:crypto';
import { API_KEY_PREFIX, type ApiKeyScope } from '../../../shared/api-keys.js';

/** Characters of the key kept for display (`lst_` and 8 of the secret): enough to tell keys apart, useless to guess. */
export const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

/** A new key: `lst_` + 256 random bits (base64url). Only its SHA-256 is stored. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Whether a presented token has the shape of one of our keys (checked before any lookup). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX) && /^[A-Za-z0-9_-]{43}$/.test(token.slice(API_KEY_PREFIX.length));
}

/** "Last used" is written when it is older than this or the address changed, not on every request. */
export const TOUCH_INTERVAL_MS = 60_000;

/** Polish names of the scopes, for refusals (the web has its own, in pl and en). */
export const SCOPE_NAMES: Record<ApiKeyScope, string> = {
  'documents:read': 'odczyt dokumentów',
  'documents:write': 'dodawanie dokumentów',
  'batches:read': 'odczyt wysyłek',
  'batches:write': 'tworzenie i uruchamianie wysyłek',
  'messages:read': 'odczyt wiadomości',
  'messages:write': 'tworzenie i wysyłanie wiadomości',
  'events:read': 'odczyt zdarzeń',
  'webhooks:write': 'zarządzanie webhookami',
};

import type { LightMyRequestResponse } from 'fastify';
import type { ApiKeyScope, CreatedApiKey } from '../../src/shared/api-keys.js';
import { call, type Session, type TestApp } from './app.js';
import { expectStatus } from './world.js';

/** Creates an API key through the API as an administrator; the answer holds the key, shown once. */
export async function createApiKey(
  t: TestApp,
  admin: Session,
  input: { name: string; positionId: string | null; scopes: ApiKeyScope[]; expiresOn?: string },
): Promise<CreatedApiKey> {
  return expectStatus(
    await call(t, admin, 'POST', '/api/api-keys', { expiresOn: '2027-03-01', ...input }),
    201,
  ) as CreatedApiKey;
}

/** A request as a machine: `Authorization: Bearer <key>`, no cookie, no CSRF token. */
export function callWithKey(
  t: TestApp,
  key: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}`, ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}

import { type ApiKey, type ApiKeyInput, ApiKeyScope, type CreatedApiKey } from '../../../shared/api-keys.js';
import type { Db, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { safeEqual, sha256Hex } from '../../lib/crypto.js';
import { officeDayEndIso } from '../../lib/dates.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requireAdminInPerson } from '../auth/access.js';
import { type Actor, apiKeyLabel } from '../auth/auth.js';
import type { PositionsRepository } from '../positions/positions.repository.js';
import { generateApiKey, looksLikeApiKey, SHOWN_PREFIX_LENGTH, TOUCH_INTERVAL_MS } from './api-keys.js';
import type { ApiKeysRepository } from './api-keys.repository.js';

/** A request made with a live API key: who acts (for services and the audit log) and what the key may do. */
export interface AuthenticatedKey {
  apiKeyId: string;
  actor: Actor;
  scopes: ReadonlySet<ApiKeyScope>;
}

export interface ApiKeysDeps {
  db: Db;
  repo: ApiKeysRepository;
  positions: PositionsRepository;
  audit: AuditLog;
  clock: Clock;
}

const requireAdmin = (actor: Actor) => requireAdminInPerson(actor, 'Kluczami API zarządza tylko administrator.');

function parseScopes(json: string): ApiKeyScope[] {
  const list = JSON.parse(json) as unknown[];
  return list.flatMap((s) => (ApiKeyScope.safeParse(s).success ? [s as ApiKeyScope] : []));
}

export function toApiKey(row: Row<'api_keys'>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    positionId: row.position_id,
    scopes: parseScopes(row.scopes),
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
  };
}

export function createApiKeysService(deps: ApiKeysDeps) {
  const { db, repo, positions, audit, clock } = deps;

  return {
    async list(actor: Actor): Promise<ApiKey[]> {
      requireAdmin(actor);
      return (await repo.list(db)).map(toApiKey);
    },

    /** Makes a key; the answer holds the key itself, which is never shown (nor stored) again. */
    async create(actor: Actor, input: ApiKeyInput): Promise<CreatedApiKey> {
      requireAdmin(actor);
      const now = clock.now();
      const expiresAt = officeDayEndIso(input.expiresOn);
      if (expiresAt <= now.toISOString()) {
        throw new ValidationError('Data ważności musi być w przyszłości.', [
          { path: 'expiresOn', message: 'Wybierz dzień po dzisiejszym.' },
        ]);
      }
      const secret = generateApiKey();
      return db.transaction().execute(async (tx) => {
        if (input.positionId && !(await positions.findById(tx, input.positionId))) {
          throw new ValidationError('Wybrane stanowisko nie istnieje.', [
            { path: 'positionId', message: 'Nieznane stanowisko.' },
          ]);
        }
        const row = {
          id: newId(),
          name: input.name,
          prefix: secret.slice(0, SHOWN_PREFIX_LENGTH),
          secret_sha256: sha256Hex(secret),
          position_id: input.positionId,
          scopes: JSON.stringify(input.scopes),
          expires_at: expiresAt,
          created_at: now.toISOString(),
          created_by: actor.userId,
          revoked_at: null,
          last_used_at: null,
          last_used_ip: null,
        };
        await repo.insert(tx, row);
        await audit.record(tx, actor, {
          action: 'api_key.create',
          entityType: 'api_key',
          entityId: row.id,
          details: { name: row.name, positionId: row.position_id, scopes: input.scopes, expiresAt },
        });
        return { apiKey: toApiKey(row), secret };
      });
    },

    async revoke(actor: Actor, id: string): Promise<void> {
      requireAdmin(actor);
      await db.transaction().execute(async (tx) => {
        const row = await repo.findById(tx, id);
        if (!row) throw new NotFoundError('Nie ma takiego klucza API.');
        if (!(await repo.revoke(tx, id, clock.now().toISOString()))) return;
        await audit.record(tx, actor, {
          action: 'api_key.revoke',
          entityType: 'api_key',
          entityId: id,
          details: { name: row.name },
        });
      });
    },

    /**
     * Resolves a Bearer token to its live key; null when it is not a key of ours, unknown, revoked or expired.
     * The lookup is by the secret's SHA-256 (an index), then compared again in constant time.
     */
    async authenticate(token: string, ip: string | null): Promise<AuthenticatedKey | null> {
      if (!looksLikeApiKey(token)) return null;
      const hash = sha256Hex(token);
      const row = await repo.findBySecret(db, hash);
      if (!row || !safeEqual(row.secret_sha256, hash) || row.revoked_at !== null) return null;
      const now = clock.now();
      if (row.expires_at <= now.toISOString()) return null;
      const stale = !row.last_used_at || now.getTime() - Date.parse(row.last_used_at) >= TOUCH_INTERVAL_MS;
      if (stale || row.last_used_ip !== ip) await repo.touch(db, row.id, now.toISOString(), ip);
      const positionId = row.position_id;
      return {
        apiKeyId: row.id,
        scopes: new Set(parseScopes(row.scopes)),
        actor: {
          kind: 'key',
          userId: null,
          label: apiKeyLabel(row.name),
          // An installation-wide key acts as an administrator within its scopes, a position's key as its clerk.
          role: positionId ? 'clerk' : 'admin',
          ip,
          apiKey: { id: row.id, positionId },
        },
      };
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;

import type { AuditEntry, AuditQuery } from '../../../shared/audit.js';
import type { Db, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { officeDayEndIso, officeDayStartIso } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { decodeCursor, toPage } from '../../lib/keyset.js';
import { requireAdmin } from '../auth/access.js';
import type { Actor } from '../auth/auth.js';
import type { AuditRepository } from './audit.repository.js';

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId: string | null;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  /** Writes one entry; call it with the transaction that makes the change, so both commit or neither. */
  record(db: Db, actor: Actor, event: AuditEvent): Promise<void>;
  /** Many entries by one actor, in this order, in a few statements (bulk actions). */
  recordMany(db: Db, actor: Actor, events: AuditEvent[]): Promise<void>;
  list(actor: Actor, query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: string | null }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids an entry mentions: its actor, its entity, and the `…Id` / `…Ids` fields of its details. */
function idsOf(entry: AuditEntry): string[] {
  const ids: unknown[] = [entry.actorId, entry.entityId];
  for (const [key, value] of Object.entries(entry.details)) {
    if (/Ids?$/.test(key)) ids.push(...(Array.isArray(value) ? value : [value]));
  }
  return ids.filter((v): v is string => typeof v === 'string' && UUID.test(v));
}

function toEntry(row: Row<'audit_log'>): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
    ip: row.ip,
    names: {},
  };
}

export function createAuditLog(deps: { db: Db; repo: AuditRepository; clock: Clock }): AuditLog {
  const { db, repo, clock } = deps;
  const rowOf = (actor: Actor, event: AuditEvent) => ({
    id: newId(),
    at: clock.now().toISOString(),
    actor_id: actor.userId,
    actor_label: actor.label,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    details: JSON.stringify(event.details ?? {}),
    ip: actor.ip,
  });
  return {
    async record(tx, actor, event) {
      await repo.insert(tx, rowOf(actor, event));
    },

    async recordMany(tx, actor, events) {
      await repo.insertMany(
        tx,
        events.map((e) => rowOf(actor, e)),
      );
    },

    async list(actor, query) {
      requireAdmin(actor, 'Dziennik zdarzeń może przeglądać tylko administrator.');
      const rows = await repo.list(db, {
        actorId: query.actorId,
        action: query.action,
        entityType: query.entityType,
        entityId: query.entityId,
        fromIso: query.from ? officeDayStartIso(query.from) : undefined,
        toIso: query.to ? officeDayEndIso(query.to) : undefined,
        after: decodeCursor(query.cursor),
        limit: query.limit,
      });
      const page = toPage(rows, query.limit, (r) => ({ value: r.at, id: r.id }), toEntry);
      // People read names, not ids: who acted, on what, and the ids in the details, where they can be found.
      const names = await repo.namesOf(db, [...new Set(page.items.flatMap(idsOf))]);
      for (const item of page.items) {
        for (const id of idsOf(item)) {
          const name = names.get(id);
          if (name !== undefined) item.names[id] = name;
        }
      }
      return page;
    },
  };
}

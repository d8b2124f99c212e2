import type { Position } from '../../../shared/positions.js';
import type { Db, PositionAccountRole, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import type { AuditLog } from '../audit/audit.service.js';
import { type Access, adminOnly } from '../auth/access.js';
import { type Actor, inScope } from '../auth/auth.js';
import type { PropertiesRepository } from '../properties/properties.repository.js';
import type { PositionsRepository } from './positions.repository.js';

export interface PositionsDeps {
  db: Db;
  repo: PositionsRepository;
  accounts: AccountsRepository;
  properties: PropertiesRepository;
  audit: AuditLog;
  clock: Clock;
  /** The positions an actor acts for (auth/access.ts). */
  positionScope: Access['positionScope'];
}

const requireAdmin = adminOnly('Stanowiskami zarządza tylko administrator.');

export function createPositionsService(deps: PositionsDeps) {
  const { db, repo, accounts, properties, audit, clock, positionScope } = deps;

  async function hydrate(tx: Db, rows: Row<'positions'>[]): Promise<Position[]> {
    const ids = rows.map((r) => r.id);
    const [accountLinks, userLinks, propertyLinks] = await Promise.all([
      repo.accountLinks(tx, ids),
      repo.userLinks(tx, ids),
      repo.propertyLinks(tx, ids),
    ]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      accounts: accountLinks
        .filter((l) => l.position_id === r.id)
        .map((l) => ({ accountId: l.account_id, role: l.role })),
      userIds: userLinks.filter((l) => l.position_id === r.id).map((l) => l.user_id),
      propertyIds: propertyLinks.filter((l) => l.position_id === r.id).map((l) => l.property_id),
    }));
  }

  async function load(tx: Db, id: string): Promise<Position> {
    const row = await repo.findById(tx, id);
    if (!row) throw new NotFoundError('Nie znaleziono stanowiska.');
    const [position] = await hydrate(tx, [row]);
    return position as Position;
  }

  async function assertNameFree(tx: Db, name: string, exceptId: string | null) {
    const existing = await repo.findByName(tx, name);
    if (existing && existing.id !== exceptId) throw new ConflictError(`Stanowisko „${name}” już istnieje.`);
  }

  return {
    /** An admin sees every position; a clerk sees the positions they work at. */
    async list(actor: Actor): Promise<Position[]> {
      const scope = await positionScope(actor);
      return hydrate(
        db,
        (await repo.list(db, null)).filter((p) => inScope(scope, p.id)),
      );
    },

    async get(actor: Actor, id: string): Promise<Position> {
      const position = await load(db, id);
      if (!inScope(await positionScope(actor), id)) throw new ForbiddenError();
      return position;
    },

    async create(actor: Actor, input: { name: string; description: string }): Promise<Position> {
      requireAdmin(actor);
      const id = newId();
      const now = clock.now().toISOString();
      return db.transaction().execute(async (tx) => {
        await assertNameFree(tx, input.name, null);
        await repo.insert(tx, {
          id,
          name: input.name,
          description: input.description,
          created_at: now,
          updated_at: now,
        });
        await audit.record(tx, actor, {
          action: 'position.create',
          entityType: 'position',
          entityId: id,
          details: input,
        });
        return load(tx, id);
      });
    },

    async update(actor: Actor, id: string, input: { name?: string; description?: string }): Promise<Position> {
      requireAdmin(actor);
      return db.transaction().execute(async (tx) => {
        await load(tx, id);
        if (input.name !== undefined) await assertNameFree(tx, input.name, id);
        await repo.update(tx, id, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          updated_at: clock.now().toISOString(),
        });
        await audit.record(tx, actor, {
          action: 'position.update',
          entityType: 'position',
          entityId: id,
          details: input,
        });
        return load(tx, id);
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      requireAdmin(actor);
      await db.transaction().execute(async (tx) => {
        const position = await load(tx, id);
        await repo.delete(tx, id);
        await audit.record(tx, actor, {
          action: 'position.delete',
          entityType: 'position',
          entityId: id,
          details: { name: position.name },
        });
      });
    },

    /** Replaces the properties a position serves (its clerks' documents, units and recipients). */
    async setProperties(actor: Actor, id: string, propertyIds: string[]): Promise<Position> {
      requireAdmin(actor);
      return db.transaction().execute(async (tx) => {
        const before = await load(tx, id);
        const known = (await properties.listWithUnitCounts(tx, null, propertyIds)).length;
        if (known !== propertyIds.length) {
          throw new ValidationError('Wybrana nieruchomość nie istnieje.', [
            { path: 'propertyIds', message: 'Nieznana nieruchomość.' },
          ]);
        }
        await repo.replaceProperties(tx, id, propertyIds);
        const added = propertyIds.filter((p) => !before.propertyIds.includes(p));
        const removed = before.propertyIds.filter((p) => !propertyIds.includes(p));
        await audit.record(tx, actor, {
          action: 'position.properties',
          entityType: 'position',
          entityId: id,
          details: { added, removed, count: propertyIds.length },
        });
        return load(tx, id);
      });
    },

    /** Replaces the accounts a position may send from; one of them is its default. */
    async setAccounts(
      actor: Actor,
      id: string,
      links: { accountId: string; role: PositionAccountRole }[],
    ): Promise<Position> {
      requireAdmin(actor);
      return db.transaction().execute(async (tx) => {
        await load(tx, id);
        const found = await accounts.findByIds(
          tx,
          links.map((l) => l.accountId),
        );
        if (found.length !== links.length) {
          throw new ValidationError('Wybrane konto e-mail nie istnieje.', [
            { path: 'accounts', message: 'Nieznane konto.' },
          ]);
        }
        await repo.replaceAccounts(tx, id, links);
        await audit.record(tx, actor, {
          action: 'position.accounts',
          entityType: 'position',
          entityId: id,
          details: { accounts: links },
        });
        return load(tx, id);
      });
    },
  };
}

export type PositionsService = ReturnType<typeof createPositionsService>;

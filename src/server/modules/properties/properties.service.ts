import type { z } from 'zod';
import type {
  Property,
  PropertyInput,
  Unit,
  UnitInput,
  UnitListQuery,
  UnitUpdate,
} from '../../../shared/properties.js';
import type { Db, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { decodeCursor, toPage } from '../../lib/keyset.js';
import type { AuditLog } from '../audit/audit.service.js';
import { type Access, requireAdmin } from '../auth/access.js';
import { type Actor, inScope, scopeIds } from '../auth/auth.js';
import type { PropertiesRepository } from './properties.repository.js';

export interface PropertiesDeps {
  db: Db;
  repo: PropertiesRepository;
  audit: AuditLog;
  clock: Clock;
  /** The properties an actor reaches (auth/access.ts); inside a transaction pass it `tx`. */
  scopeFor: Access['propertyScope'];
}

type PropertyFields = z.output<typeof PropertyInput>;

function toUnit(r: Row<'units'>): Unit {
  return {
    id: r.id,
    propertyId: r.property_id,
    number: r.number,
    kind: r.kind,
    address: r.address,
    bankAccount: r.bank_account,
    externalKey: r.external_key,
  };
}

export const NOT_YOUR_PROPERTY = 'Ta nieruchomość nie należy do Twojego stanowiska.';
export const NO_PROPERTIES =
  'Twoje stanowisko nie obsługuje jeszcze żadnej nieruchomości — poproś administratora o przypisanie nieruchomości (Ustawienia → Stanowiska).';
const NRB_BY_ADMIN =
  'Numer rachunku lokalu (NRB) ustawia i zmienia administrator — to numer, na który lokatorzy wpłacają pieniądze. Poproś go o zmianę.';

export function createPropertiesService(deps: PropertiesDeps) {
  const { db, repo, audit, clock, scopeFor } = deps;

  async function loadProperty(tx: Db, id: string): Promise<Property> {
    const [row] = await repo.listWithUnitCounts(tx, id);
    if (!row) throw new NotFoundError('Nie znaleziono nieruchomości.');
    return toProperty(row);
  }

  function toProperty(r: Row<'properties'> & { unit_count: number | null }): Property {
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      street: r.street,
      postalCode: r.postal_code,
      city: r.city,
      nip: r.nip,
      feeNoticeLead: r.fee_notice_lead ? (JSON.parse(r.fee_notice_lead) as Property['feeNoticeLead']) : null,
      unitCount: Number(r.unit_count ?? 0),
    };
  }

  async function loadUnit(tx: Db, id: string): Promise<Row<'units'>> {
    const row = await repo.findUnitById(tx, id);
    if (!row) throw new NotFoundError('Nie znaleziono lokalu.');
    return row;
  }

  /** A unit number is unique within its property, and a rent-system key is unique everywhere. */
  async function assertUnitFree(
    tx: Db,
    propertyId: string,
    number: string,
    externalKey: string | null,
    exceptId: string | null,
  ) {
    const sameNumber = await repo.findUnitByNumber(tx, propertyId, number);
    if (sameNumber && sameNumber.id !== exceptId) {
      throw new ConflictError(`Lokal nr ${number} już istnieje w tej nieruchomości.`);
    }
    if (externalKey) {
      const sameKey = await repo.findUnitByExternalKey(tx, externalKey);
      if (sameKey && sameKey.id !== exceptId) throw new ConflictError(`Klucz „${externalKey}” ma już inny lokal.`);
    }
  }

  async function assertPropertyInScope(actor: Actor, tx: Db, propertyId: string | null) {
    if (!inScope(await scopeFor(actor, tx), propertyId)) throw new ForbiddenError(NOT_YOUR_PROPERTY);
  }

  return {
    /** Before a clerk's upload or new record is read: their positions must serve at least one property. */
    async assertHasProperties(actor: Actor): Promise<void> {
      const scope = await scopeFor(actor);
      if (!scope.all && scope.ids.size === 0) throw new ForbiddenError(NO_PROPERTIES);
    },

    /** Before a request about one unit is read: the unit exists and is within the actor's properties. */
    async assertUnitInScope(actor: Actor, id: string): Promise<void> {
      await assertPropertyInScope(actor, db, (await loadUnit(db, id)).property_id);
    },

    async list(actor: Actor): Promise<Property[]> {
      return (await repo.listWithUnitCounts(db, null, scopeIds(await scopeFor(actor)))).map(toProperty);
    },

    async get(actor: Actor, id: string): Promise<Property> {
      const property = await loadProperty(db, id);
      await assertPropertyInScope(actor, db, id);
      return property;
    },

    async create(
      actor: Actor,
      input: Omit<PropertyFields, 'feeNoticeLead'> & { feeNoticeLead?: PropertyFields['feeNoticeLead'] },
    ): Promise<Property> {
      requireAdmin(actor, 'Dodawać nieruchomości może tylko administrator.');
      const id = newId();
      const now = clock.now().toISOString();
      return db.transaction().execute(async (tx) => {
        if (await repo.findByName(tx, input.name))
          throw new ConflictError(`Nieruchomość „${input.name}” już istnieje.`);
        await repo.insert(tx, {
          id,
          name: input.name,
          kind: input.kind,
          street: input.street,
          postal_code: input.postalCode,
          city: input.city,
          nip: input.nip,
          fee_notice_lead: input.feeNoticeLead ? JSON.stringify(input.feeNoticeLead) : null,
          created_at: now,
          updated_at: now,
        });
        await audit.record(tx, actor, {
          action: 'property.create',
          entityType: 'property',
          entityId: id,
          details: input,
        });
        return loadProperty(tx, id);
      });
    },

    async update(actor: Actor, id: string, input: Partial<PropertyFields>): Promise<Property> {
      requireAdmin(actor, 'Zmieniać nieruchomości może tylko administrator.');
      return db.transaction().execute(async (tx) => {
        await loadProperty(tx, id);
        if (input.name !== undefined) {
          const same = await repo.findByName(tx, input.name);
          if (same && same.id !== id) throw new ConflictError(`Nieruchomość „${input.name}” już istnieje.`);
        }
        await repo.update(tx, id, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.kind !== undefined ? { kind: input.kind } : {}),
          ...(input.street !== undefined ? { street: input.street } : {}),
          ...(input.postalCode !== undefined ? { postal_code: input.postalCode } : {}),
          ...(input.city !== undefined ? { city: input.city } : {}),
          ...(input.nip !== undefined ? { nip: input.nip } : {}),
          ...(input.feeNoticeLead !== undefined
            ? { fee_notice_lead: input.feeNoticeLead ? JSON.stringify(input.feeNoticeLead) : null }
            : {}),
          updated_at: clock.now().toISOString(),
        });
        await audit.record(tx, actor, {
          action: 'property.update',
          entityType: 'property',
          entityId: id,
          details: input,
        });
        return loadProperty(tx, id);
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      requireAdmin(actor, 'Usuwać nieruchomości może tylko administrator.');
      await db.transaction().execute(async (tx) => {
        const property = await loadProperty(tx, id);
        if (await repo.hasUnits(tx, id)) {
          throw new ConflictError('Nieruchomość ma lokale — najpierw usuń lub przenieś lokale.');
        }
        await repo.delete(tx, id);
        await audit.record(tx, actor, {
          action: 'property.delete',
          entityType: 'property',
          entityId: id,
          details: { name: property.name },
        });
      });
    },

    async listUnits(actor: Actor, query: z.output<typeof UnitListQuery>) {
      const rows = await repo.listUnits(db, {
        propertyId: query.propertyId,
        propertyIds: scopeIds(await scopeFor(actor)),
        q: query.q,
        after: decodeCursor(query.cursor),
        limit: query.limit,
      });
      return toPage(rows, query.limit, (r) => ({ value: r.number, id: r.id }), toUnit);
    },

    async getUnit(actor: Actor, id: string): Promise<Unit> {
      const unit = await loadUnit(db, id);
      await assertPropertyInScope(actor, db, unit.property_id);
      return toUnit(unit);
    },

    async createUnit(actor: Actor, input: z.output<typeof UnitInput>): Promise<Unit> {
      const id = newId();
      const now = clock.now().toISOString();
      return db.transaction().execute(async (tx) => {
        if (!(await repo.findById(tx, input.propertyId))) {
          throw new ValidationError('Wybrana nieruchomość nie istnieje.', [
            { path: 'propertyId', message: 'Nieznana nieruchomość.' },
          ]);
        }
        await assertPropertyInScope(actor, tx, input.propertyId);
        if (input.bankAccount !== null) requireAdmin(actor, NRB_BY_ADMIN);
        await assertUnitFree(tx, input.propertyId, input.number, input.externalKey, null);
        await repo.insertUnit(tx, {
          id,
          property_id: input.propertyId,
          number: input.number,
          kind: input.kind,
          address: input.address,
          bank_account: input.bankAccount,
          external_key: input.externalKey || null,
          created_at: now,
          updated_at: now,
        });
        await audit.record(tx, actor, { action: 'unit.create', entityType: 'unit', entityId: id, details: input });
        return toUnit(await loadUnit(tx, id));
      });
    },

    async updateUnit(actor: Actor, id: string, input: z.output<typeof UnitUpdate>): Promise<Unit> {
      return db.transaction().execute(async (tx) => {
        const current = await loadUnit(tx, id);
        await assertPropertyInScope(actor, tx, current.property_id);
        const nrbChange = input.bankAccount !== undefined && input.bankAccount !== current.bank_account;
        if (nrbChange) requireAdmin(actor, NRB_BY_ADMIN);
        await assertUnitFree(
          tx,
          current.property_id,
          input.number ?? current.number,
          input.externalKey !== undefined ? input.externalKey || null : null,
          id,
        );
        await repo.updateUnit(tx, id, {
          ...(input.number !== undefined ? { number: input.number } : {}),
          ...(input.kind !== undefined ? { kind: input.kind } : {}),
          ...(input.address !== undefined ? { address: input.address } : {}),
          ...(input.bankAccount !== undefined ? { bank_account: input.bankAccount } : {}),
          ...(input.externalKey !== undefined ? { external_key: input.externalKey || null } : {}),
          updated_at: clock.now().toISOString(),
        });
        await audit.record(tx, actor, { action: 'unit.update', entityType: 'unit', entityId: id, details: input });
        if (nrbChange) {
          await audit.record(tx, actor, {
            action: 'unit.bank_account',
            entityType: 'unit',
            entityId: id,
            details: { number: current.number, from: current.bank_account, to: input.bankAccount },
          });
        }
        return toUnit(await loadUnit(tx, id));
      });
    },

    async removeUnit(actor: Actor, id: string): Promise<void> {
      requireAdmin(actor, 'Usuwać lokale może tylko administrator.');
      await db.transaction().execute(async (tx) => {
        const unit = await loadUnit(tx, id);
        await repo.deleteUnit(tx, id);
        await audit.record(tx, actor, {
          action: 'unit.delete',
          entityType: 'unit',
          entityId: id,
          details: { propertyId: unit.property_id, number: unit.number },
        });
      });
    },
  };
}

export type PropertiesService = ReturnType<typeof createPropertiesService>;

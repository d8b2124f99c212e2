import type { z } from 'zod';
import type { Recipient, RecipientInput, RecipientListQuery, RecipientUpdate } from '../../../shared/recipients.js';
import type { Db, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { decodeCursor, toPage } from '../../lib/keyset.js';
import { foldForSearch } from '../../lib/text.js';
import type { AuditLog } from '../audit/audit.service.js';
import { requireAdmin } from '../auth/access.js';
import { type Actor, inScope, type Scope, scopeIds } from '../auth/auth.js';
import type { PropertiesRepository } from '../properties/properties.repository.js';
import { recipientSearchText, toRecipient } from './recipients.js';
import type { RecipientsRepository } from './recipients.repository.js';

export interface RecipientsDeps {
  db: Db;
  repo: RecipientsRepository;
  properties: PropertiesRepository;
  /** The properties an actor may reach (the properties service's scope). */
  propertyScope: (actor: Actor, tx?: Db) => Promise<Scope>;
  audit: AuditLog;
  clock: Clock;
}

const NOT_YOURS = 'Ten adresat nie jest związany z lokalem w nieruchomościach Twojego stanowiska.';
const UNIT_NOT_YOURS = 'Wybrany lokal należy do nieruchomości spoza Twojego stanowiska.';

/** The audit log says that a PDF code was set or removed, never the code itself (it is a password, D71). */
function withoutCode<T extends { pdfCode?: string | null }>(input: T) {
  return input.pdfCode === undefined ? input : { ...input, pdfCode: input.pdfCode ? '(ustawiony)' : null };
}

export function createRecipientsService(deps: RecipientsDeps) {
  const { db, repo, properties, propertyScope, audit, clock } = deps;

  async function hydrate(tx: Db, rows: Row<'recipients'>[]): Promise<Recipient[]> {
    const ids = rows.map((r) => r.id);
    const [emails, units] = await Promise.all([repo.emailsOf(tx, ids), repo.unitsOf(tx, ids)]);
    return rows.map((r) =>
      toRecipient(
        r,
        emails.filter((e) => e.recipient_id === r.id).map((e) => e.address),
        units.filter((u) => u.recipient_id === r.id).map((u) => ({ unitId: u.unit_id, role: u.role })),
      ),
    );
  }

  async function load(tx: Db, id: string): Promise<Recipient> {
    const row = await repo.findById(tx, id);
    if (!row) throw new NotFoundError('Nie znaleziono adresata.');
    const [recipient] = await hydrate(tx, [row]);
    return recipient as Recipient;
  }

  async function assertUnitsExist(tx: Db, unitIds: string[]) {
    const found = await properties.findUnitsByIds(tx, unitIds);
    if (found.length !== unitIds.length) {
      throw new ValidationError('Wybrany lokal nie istnieje.', [{ path: 'units', message: 'Nieznany lokal.' }]);
    }
    return found;
  }

  /** A recipient is within reach when one of its units is in the actor's properties (an admin reaches all). */
  async function assertVisible(actor: Actor, tx: Db, id: string) {
    const scope = await propertyScope(actor, tx);
    if (scope.all) return;
    const reached = (await repo.propertyIdsOf(tx, id)).some((p) => inScope(scope, p));
    if (!reached) throw new ForbiddenError(NOT_YOURS);
  }

  /**
   * The unit links a clerk may write: every unit they name that is new must be in their properties; links to
   * units outside their properties stay as they are (another position's business).
   */
  async function unitLinksFor(
    actor: Actor,
    tx: Db,
    wanted: Recipient['units'],
    current: Recipient['units'],
  ): Promise<Recipient['units']> {
    const scope = await propertyScope(actor, tx);
    const units = await assertUnitsExist(tx, [...new Set([...wanted, ...current].map((u) => u.unitId))]);
    if (scope.all) return wanted;
    const mine = new Set(units.filter((u) => inScope(scope, u.property_id)).map((u) => u.id));
    for (const u of wanted) {
      if (!mine.has(u.unitId) && !current.some((c) => c.unitId === u.unitId)) throw new ForbiddenError(UNIT_NOT_YOURS);
    }
    const kept = current.filter((c) => !mine.has(c.unitId));
    const links = [...wanted.filter((u) => mine.has(u.unitId)), ...kept];
    if (!links.some((u) => mine.has(u.unitId))) {
      throw new ValidationError('Przypisz adresata do lokalu w nieruchomości Twojego stanowiska.', [
        { path: 'units', message: 'Wybierz co najmniej jeden lokal.' },
      ]);
    }
    return links;
  }

  async function assertKeyFree(tx: Db, externalKey: string | null, exceptId: string | null) {
    if (!externalKey) return;
    const same = await repo.findByExternalKey(tx, externalKey);
    if (same && same.id !== exceptId)
      throw new ConflictError(`Klucz „${externalKey}” ma już inny adresat (${same.name}).`);
  }

  async function writeEmails(tx: Db, recipientId: string, emails: string[]) {
    await repo.replaceEmails(
      tx,
      recipientId,
      emails.map((address, position) => ({ id: newId(), recipient_id: recipientId, address, position })),
    );
  }

  return {
    /** Before a request about one recipient is read: it exists and is within the actor's properties. */
    async assertInScope(actor: Actor, id: string): Promise<void> {
      if (!(await repo.findById(db, id))) throw new NotFoundError('Nie znaleziono adresata.');
      await assertVisible(actor, db, id);
    },

    async list(actor: Actor, query: z.output<typeof RecipientListQuery>) {
      const rows = await repo.list(db, {
        propertyIds: scopeIds(await propertyScope(actor)),
        q: query.q ? foldForSearch(query.q) : undefined,
        channel: query.channel,
        unitId: query.unitId,
        after: decodeCursor(query.cursor),
        limit: query.limit,
      });
      const page = toPage(
        rows,
        query.limit,
        (r) => ({ value: r.sort_name, id: r.id }),
        (r) => r,
      );
      return { items: await hydrate(db, page.items), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, id: string): Promise<Recipient> {
      const recipient = await load(db, id);
      await assertVisible(actor, db, id);
      return recipient;
    },

    async create(actor: Actor, input: RecipientInput): Promise<Recipient> {
      const id = newId();
      const now = clock.now().toISOString();
      return db.transaction().execute(async (tx) => {
        await assertKeyFree(tx, input.externalKey, null);
        const units = await unitLinksFor(actor, tx, input.units, []);
        await repo.insert(tx, {
          id,
          name: input.name,
          street: input.street,
          postal_code: input.postalCode,
          city: input.city,
          country: input.country,
          channel: input.channel,
          consent_at: input.consent?.date ?? null,
          consent_source: input.consent?.source ?? null,
          external_key: input.externalKey || null,
          pdf_code: input.pdfCode || null,
          search_text: recipientSearchText(input),
          sort_name: foldForSearch(input.name),
          created_at: now,
          updated_at: now,
        });
        await writeEmails(tx, id, input.emails);
        await repo.replaceUnits(tx, id, units);
        await audit.record(tx, actor, {
          action: 'recipient.create',
          entityType: 'recipient',
          entityId: id,
          details: withoutCode(input),
        });
        return load(tx, id);
      });
    },

    async update(actor: Actor, id: string, input: RecipientUpdate): Promise<Recipient> {
      return db.transaction().execute(async (tx) => {
        const current = await load(tx, id);
        await assertVisible(actor, tx, id);
        const units = input.units ? await unitLinksFor(actor, tx, input.units, current.units) : null;
        const next = {
          ...current,
          ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
        } as Recipient;
        if (next.channel === 'email' && next.emails.length === 0) {
          throw new ValidationError('Doręczenie e-mailem wymaga co najmniej jednego adresu e-mail.', [
            { path: 'emails', message: 'Dodaj adres e-mail albo wybierz doręczenie papierowe.' },
          ]);
        }
        if (input.externalKey !== undefined) await assertKeyFree(tx, input.externalKey, id);
        await repo.update(tx, id, {
          name: next.name,
          street: next.street,
          postal_code: next.postalCode,
          city: next.city,
          country: next.country,
          channel: next.channel,
          consent_at: next.consent?.date ?? null,
          consent_source: next.consent?.source ?? null,
          external_key: next.externalKey || null,
          pdf_code: next.pdfCode || null,
          search_text: recipientSearchText(next),
          sort_name: foldForSearch(next.name),
          updated_at: clock.now().toISOString(),
        });
        if (input.emails) await writeEmails(tx, id, input.emails);
        if (units) await repo.replaceUnits(tx, id, units);
        await audit.record(tx, actor, {
          action: 'recipient.update',
          entityType: 'recipient',
          entityId: id,
          details: withoutCode(input),
        });
        return load(tx, id);
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      requireAdmin(actor, 'Usuwać adresatów może tylko administrator.');
      await db.transaction().execute(async (tx) => {
        const current = await load(tx, id);
        await repo.delete(tx, id);
        await audit.record(tx, actor, {
          action: 'recipient.delete',
          entityType: 'recipient',
          entityId: id,
          details: { name: current.name },
        });
      });
    },
  };
}

export type RecipientsService = ReturnType<typeof createRecipientsService>;

import { sql } from 'kysely';
import type { DialectSql } from '../../db/dialect.js';
import { keysetPage } from '../../db/keyset.js';
import type { Db, NewRow } from '../../db/schema.js';
import { chunks } from '../../lib/chunks.js';
import type { KeysetCursor } from '../../lib/keyset.js';

export interface DocumentFilter {
  type?: string;
  period?: string;
  propertyId?: string;
  /** Only documents of these properties (a clerk's scope); null for all. */
  propertyIds: string[] | null;
  importId?: string;
  after: KeysetCursor | null;
  limit: number;
}

const SUMMARY = [
  'id',
  'type',
  'source',
  'recipient_key',
  'recipient_id',
  'unit_id',
  'property_id',
  'period',
  'title',
  'filename',
  'pdf_size',
  'pdf_sha256',
  'import_id',
  'created_at',
] as const;

export function createDocumentsRepository(dialect: DialectSql) {
  return {
    /** After an import: fresh planner statistics when it grew the table by much (PostgreSQL only, D64). */
    analyzeAfterImport(db: Db, written: number) {
      return dialect.analyzeAfterBulkWrite(db, ['documents'], written);
    },

    /** Units whose external key or NRB is one of the keys, and recipients whose external key is. */
    async lookupKeys(db: Db, keys: string[], nrbs: string[]) {
      const units: { id: string; external_key: string | null; bank_account: string | null }[] = [];
      const recipients: { id: string; external_key: string | null }[] = [];
      for (const part of chunks(keys, 500)) {
        units.push(
          ...(await db
            .selectFrom('units')
            .select(['id', 'external_key', 'bank_account'])
            .where('external_key', 'in', part)
            .execute()),
        );
        recipients.push(
          ...(await db
            .selectFrom('recipients')
            .select(['id', 'external_key'])
            .where('external_key', 'in', part)
            .execute()),
        );
      }
      for (const part of chunks(nrbs, 500)) {
        units.push(
          ...(await db
            .selectFrom('units')
            .select(['id', 'external_key', 'bank_account'])
            .where('bank_account', 'in', part)
            .execute()),
        );
      }
      return { units, recipients };
    },

    /** Every key a printout page may carry: units' external keys and account numbers, recipients' keys. */
    async allKeys(db: Db) {
      const units = await db
        .selectFrom('units')
        .select(['external_key', 'bank_account'])
        .where((eb) => eb.or([eb('external_key', 'is not', null), eb('bank_account', 'is not', null)]))
        .execute();
      const recipients = await db
        .selectFrom('recipients')
        .select('external_key')
        .where('external_key', 'is not', null)
        .execute();
      return { units, recipients };
    },

    async unitsWithProperty(db: Db, unitIds: string[]) {
      const out = [];
      for (const part of chunks(unitIds, 500)) {
        out.push(
          ...(await db
            .selectFrom('units')
            .innerJoin('properties', 'properties.id', 'units.property_id')
            .select([
              'units.id as unit_id',
              'units.number',
              'units.address',
              'units.bank_account',
              'properties.id as property_id',
              'properties.name as property_name',
              'properties.street as property_street',
              'properties.postal_code as property_postal_code',
              'properties.city as property_city',
              'properties.nip as property_nip',
            ])
            .where('units.id', 'in', part)
            .execute()),
        );
      }
      return out;
    },

    /** Recipients linked to the units, with their role, for addressing documents about a unit. */
    async linksOfUnits(db: Db, unitIds: string[]) {
      const out = [];
      for (const part of chunks(unitIds, 500)) {
        out.push(
          ...(await db
            .selectFrom('recipient_units')
            .select(['unit_id', 'recipient_id', 'role'])
            .where('unit_id', 'in', part)
            .execute()),
        );
      }
      return out;
    },

    async linksOfRecipients(db: Db, recipientIds: string[]) {
      const out = [];
      for (const part of chunks(recipientIds, 500)) {
        out.push(
          ...(await db
            .selectFrom('recipient_units')
            .select(['unit_id', 'recipient_id', 'role'])
            .where('recipient_id', 'in', part)
            .execute()),
        );
      }
      return out;
    },

    async recipientsByIds(db: Db, ids: string[]) {
      const out = [];
      for (const part of chunks(ids, 500)) {
        out.push(
          ...(await db
            .selectFrom('recipients')
            .select(['id', 'name', 'street', 'postal_code', 'city', 'country', 'channel', 'consent_at', 'sort_name'])
            .where('id', 'in', part)
            .execute()),
        );
      }
      return out;
    },

    async emailsOf(db: Db, recipientIds: string[]) {
      const out = [];
      for (const part of chunks(recipientIds, 500)) {
        out.push(
          ...(await db
            .selectFrom('recipient_emails')
            .select(['recipient_id', 'address', 'position'])
            .where('recipient_id', 'in', part)
            .orderBy('recipient_id')
            .orderBy('position')
            .execute()),
        );
      }
      return out;
    },

    async insertMany(db: Db, rows: NewRow<'documents'>[]) {
      for (const part of chunks(rows, 50)) await db.insertInto('documents').values(part).execute();
    },

    findById(db: Db, id: string) {
      return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async list(db: Db, f: DocumentFilter) {
      let q = db.selectFrom('documents').select(SUMMARY);
      if (f.type) q = q.where('type', '=', f.type);
      if (f.period) q = q.where('period', '=', f.period);
      if (f.propertyId) q = q.where('property_id', '=', f.propertyId);
      if (f.propertyIds) {
        q = f.propertyIds.length > 0 ? q.where('property_id', 'in', f.propertyIds) : q.where(sql.lit(false));
      }
      if (f.importId) q = q.where('import_id', '=', f.importId);
      return keysetPage(q, { sort: 'created_at', id: 'id', dir: 'desc' }, f.after, f.limit).execute();
    },
  };
}

export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;

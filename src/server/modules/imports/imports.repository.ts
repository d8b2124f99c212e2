import type { DialectSql } from '../../db/dialect.js';
import type { Db, Row } from '../../db/schema.js';

/** Values per statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 500;

async function inChunks<T, R>(items: T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await run(items.slice(i, i + CHUNK))));
  return out;
}

/**
 * The look-ups an import makes for all its rows at once: recipients and units by the keys and names in the file.
 * Writes go through the recipients and properties repositories.
 */
export function createImportsRepository(dialect: DialectSql) {
  return {
    /** After a recipients import: fresh planner statistics of the tables it grew by much (PostgreSQL only, D64). */
    analyzeAfterImport(db: Db, written: number) {
      return dialect.analyzeAfterBulkWrite(db, ['recipients', 'recipient_emails', 'units', 'recipient_units'], written);
    },

    recipientsByExternalKeys(db: Db, keys: string[]): Promise<Row<'recipients'>[]> {
      return inChunks(keys, (chunk) =>
        db.selectFrom('recipients').selectAll().where('external_key', 'in', chunk).execute(),
      );
    },

    /** By `sort_name` (the folded name), which is indexed; the caller compares the addresses. */
    recipientsBySortNames(db: Db, sortNames: string[]): Promise<Row<'recipients'>[]> {
      return inChunks(sortNames, (chunk) =>
        db.selectFrom('recipients').selectAll().where('sort_name', 'in', chunk).orderBy('id').execute(),
      );
    },

    unitsByExternalKeys(db: Db, keys: string[]): Promise<Row<'units'>[]> {
      return inChunks(keys, (chunk) => db.selectFrom('units').selectAll().where('external_key', 'in', chunk).execute());
    },

    unitsByNumbers(db: Db, pairs: { propertyId: string; number: string }[]): Promise<Row<'units'>[]> {
      return inChunks(pairs, (chunk) =>
        db
          .selectFrom('units')
          .selectAll()
          .where((eb) =>
            eb(
              eb.refTuple('property_id', 'number'),
              'in',
              chunk.map((p) => eb.tuple(p.propertyId, p.number)),
            ),
          )
          .execute(),
      );
    },
  };
}

export type ImportsRepository = ReturnType<typeof createImportsRepository>;

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../../test/support/db.js';
import { migrateTo, migrateToLatest } from '../migrate.js';

let handle: TestDbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.destroy());

/** The documents table's indexes by import and by type and period, with their columns. */
async function orderIndexes(): Promise<string[]> {
  const { rows } =
    handle.dialect.name === 'postgres'
      ? await sql<{
          name: string;
          def: string;
        }>`select indexname as name, indexdef as def from pg_indexes where schemaname = current_schema() and tablename = 'documents'`.execute(
          handle.db,
        )
      : await sql<{
          name: string;
          def: string;
        }>`select name, sql as def from sqlite_master where type = 'index' and tbl_name = 'documents'`.execute(
          handle.db,
        );
  return rows
    .filter((r) => r.name.startsWith('documents_import') || r.name.startsWith('documents_type_period'))
    .map((r) => `${r.name} ${(r.def.match(/\(([^)]*)\)\s*$/)?.[1] ?? '').replaceAll('"', '')}`)
    .sort();
}

/** SQLite's plan of a run's page query (batches.repository documentIdsPage; the text as in queries/sqlite). */
async function sqlitePlan(filter: 'import_id' | 'period'): Promise<string> {
  const { rows } = await sql<{
    detail: string;
  }>`explain query plan select "id", "property_id", "recipient_key", "period"
    from "documents" where "type" = ${'fee_notice'} and ${sql.ref(filter)} = ${'x'} and "created_at" <= ${'z'}
    and "property_id" in (select "property_id" from "position_properties" where "position_id" = ${'p'})
    and ("property_id", "recipient_key", "id") > (${'p'}, ${'k'}, ${'i'})
    order by "property_id", "recipient_key", "id" limit ${5000}`.execute(handle.db);
  return rows.map((r) => r.detail).join('\n');
}

describe('0035 documents in a run’s order', () => {
  it('makes the import and the type-and-period indexes go on in the run’s order, and back', async () => {
    const after = [
      'documents_import_order import_id, property_id, recipient_key, id',
      'documents_type_period_order type, period, property_id, recipient_key, id',
    ];
    expect(await orderIndexes()).toEqual(after);
    await migrateTo(handle.db, handle.dialect, '0033_sent_indexes');
    expect(await orderIndexes()).toEqual([
      'documents_import import_id',
      'documents_type_period type, period, property_id, id',
    ]);
    await migrateToLatest(handle.db, handle.dialect);
    expect(await orderIndexes()).toEqual(after);
  });

  it.runIf(process.env.TEST_DB !== 'postgres')('lets SQLite read a page in order, without sorting', async () => {
    for (const filter of ['import_id', 'period'] as const) {
      const plan = await sqlitePlan(filter);
      expect(plan).toContain(filter === 'import_id' ? 'documents_import_order' : 'documents_type_period_order');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../../test/support/db.js';
import { migrateTo, migrateToLatest } from '../migrate.js';

let handle: TestDbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.destroy());

/** Names of the documents table's indexes that start with `documents_unit`. */
async function unitIndexes(): Promise<string[]> {
  const { rows } =
    handle.dialect.name === 'postgres'
      ? await sql<{
          name: string;
        }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = 'documents'`.execute(
          handle.db,
        )
      : await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' and tbl_name = 'documents'`.execute(handle.db);
  return rows.map((r) => r.name).filter((n) => n.startsWith('documents_unit'));
}

describe('0025 documents by unit, type and period', () => {
  it('replaces the unit index with one on unit, type and period, and back', async () => {
    expect(await unitIndexes()).toEqual(['documents_unit_type_period']);
    await migrateTo(handle.db, handle.dialect, '0019_feedback_reader_keys');
    expect(await unitIndexes()).toEqual(['documents_unit']);
    await migrateToLatest(handle.db, handle.dialect);
    expect(await unitIndexes()).toEqual(['documents_unit_type_period']);
  });
});

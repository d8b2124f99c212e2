import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../../test/support/db.js';
import { migrateTo, migrateToLatest } from '../migrate.js';

// 0024 goes up, down and up again on both databases; down leaves the schema as 0019 had it.
let handle: TestDbHandle;

beforeAll(async () => {
  handle = await createTestDb({ migrate: false });
});
afterAll(() => handle?.destroy());

/** Whether `batches.buyer_problems` can be read (the column exists). */
async function hasColumn() {
  try {
    await sql`select buyer_problems from batches`.execute(handle.db);
    return true;
  } catch {
    return false;
  }
}

describe('migration 0024', () => {
  it('adds batches.buyer_problems and the documents(property_id) index, and takes them back', async () => {
    await migrateToLatest(handle.db, handle.dialect);
    expect(await hasColumn()).toBe(true);
    await migrateTo(handle.db, handle.dialect, '0019_feedback_reader_keys');
    expect(await hasColumn()).toBe(false);
    await migrateToLatest(handle.db, handle.dialect);
    expect(await hasColumn()).toBe(true);
  });
});

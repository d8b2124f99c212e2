import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../test/support/db.js';

let handle: TestDbHandle;
beforeAll(async () => {
  handle = await createTestDb({ migrate: false });
  await sql`create table bulk_rows (id integer primary key)`.execute(handle.db);
});
afterAll(() => handle.destroy());

let next = 0;
/** Adds n rows, as a bulk write would. */
async function write(n: number) {
  const ids = Array.from({ length: n }, () => ++next);
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    await sql`insert into bulk_rows (id) values ${sql.join(part.map((id) => sql`(${id})`))}`.execute(handle.db);
  }
  return n;
}

/** The row count the planner knows (PostgreSQL's reltuples, -1 before the first ANALYZE). */
async function plannerRows(): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select reltuples as n from pg_class where oid = to_regclass('bulk_rows')`.execute(handle.db);
  return Number(rows[0]?.n);
}

const analyze = (written: number) => handle.dialect.analyzeAfterBulkWrite(handle.db, ['bulk_rows'], written);

describe.runIf(process.env.TEST_DB === 'postgres')('statistics after a bulk write (postgres)', () => {
  it('analyses a table a bulk write grew by a tenth or more, and leaves it after small writes', async () => {
    await analyze(await write(100));
    expect(await plannerRows()).toBe(-1);
    await analyze(await write(900));
    expect(await plannerRows()).toBe(1000);
    await analyze(await write(9000));
    expect(await plannerRows()).toBe(10_000);
    // A bulk write, but less than a tenth of the rows the planner knows: left to autovacuum.
    await analyze(await write(600));
    expect(await plannerRows()).toBe(10_000);
    await analyze(await write(1000));
    expect(await plannerRows()).toBe(11_600);
  });
});

describe.runIf(process.env.TEST_DB !== 'postgres')('statistics after a bulk write (sqlite)', () => {
  it('does nothing: SQLite plans from its indexes', async () => {
    await analyze(await write(1000));
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(handle.db);
    expect(Number(rows[0]?.n)).toBe(0);
  });
});

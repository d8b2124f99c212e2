import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DbHandle } from '../../src/server/db/create-db.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';

export type TestDialect = 'sqlite' | 'postgres';

export const testDialect: TestDialect = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh database for one test file, of the dialect chosen by TEST_DB (sqlite by default): an in-memory
 * SQLite, or a new PostgreSQL schema that is dropped again by `destroy()`.
 */
export async function createTestDb(options: { migrate?: boolean; dialect?: TestDialect } = {}): Promise<DbHandle> {
  const dialect = options.dialect ?? testDialect;
  const handle =
    dialect === 'postgres' ? await createPostgresSchema() : createDb({ dialect: 'sqlite', path: ':memory:' });
  if (options.migrate !== false) await migrateToLatest(handle.db, handle.dialect);
  return handle;
}

async function createPostgresSchema(): Promise<DbHandle> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = createDb({ dialect: 'postgres', url: testPostgresUrl, searchPath: schema, poolSize: 5 });
  return {
    ...handle,
    async destroy() {
      await handle.destroy();
      const cleanup = new pg.Client({ connectionString: testPostgresUrl });
      await cleanup.connect();
      await cleanup.query(`drop schema if exists ${schema} cascade`);
      await cleanup.end();
    },
  };
}

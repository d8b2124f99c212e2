import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type DbHandle } from '../../src/server/db/create-db.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';

export type TestDialect = 'sqlite' | 'postgres';

export const testDialect: TestDialect = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDbHandle extends DbHandle {
  /** Environment that lets another process (a worker) open the same database. Empty for in-memory SQLite. */
  env: Record<string, string>;
}

/**
 * A fresh database for one test file, of the dialect chosen by TEST_DB (sqlite by default): an in-memory
 * SQLite (a file when `file` is set, so other processes can open it), or a new PostgreSQL schema. Both are
 * removed again by `destroy()`.
 */
export async function createTestDb(
  options: {
    migrate?: boolean;
    dialect?: TestDialect;
    file?: boolean;
    /** Another PostgreSQL server than the shared one (a test's private cluster); implies dialect postgres. */
    postgresUrl?: string;
    /** The folder for a SQLite file (a test's small file system); implies a file. It is left in place. */
    sqliteDir?: string;
  } = {},
): Promise<TestDbHandle> {
  const dialect = options.postgresUrl ? 'postgres' : (options.dialect ?? testDialect);
  const handle =
    dialect === 'postgres'
      ? await createPostgresSchema(options.postgresUrl ?? testPostgresUrl)
      : createSqlite(options.file ?? false, options.sqliteDir);
  if (options.migrate !== false) await migrateToLatest(handle.db, handle.dialect);
  return handle;
}

function createSqlite(file: boolean, inDir?: string): TestDbHandle {
  if (!file && !inDir) return { ...createDb({ dialect: 'sqlite', path: ':memory:' }), env: {} };
  const dir = mkdtempSync(path.join(inDir ?? tmpdir(), 'listonosz-db-'));
  const handle = createDb({ dialect: 'sqlite', path: path.join(dir, 'listonosz.db') });
  return {
    ...handle,
    env: { LISTONOSZ_DATA_DIR: dir },
    async destroy() {
      await handle.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgresSchema(url: string): Promise<TestDbHandle> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = createDb({ dialect: 'postgres', url: url, searchPath: schema, poolSize: 5 });
  const separator = url.includes('?') ? '&' : '?';
  return {
    ...handle,
    env: { DATABASE_URL: `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}` },
    async destroy() {
      await handle.destroy();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema if exists ${schema} cascade`);
      await cleanup.end();
    },
  };
}

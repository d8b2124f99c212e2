import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
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
  const migrate = options.migrate !== false;
  if (dialect === 'postgres') {
    const url = options.postgresUrl ?? testPostgresUrl;
    return createPostgresSchema(url, migrate ? await postgresTemplate(url) : undefined);
  }
  return createSqlite(options.file ?? false, options.sqliteDir, migrate ? await sqliteTemplate() : undefined);
}

/**
 * Migrating a new database for every test file (and many tests) cost 0.3–0.8 s on SQLite and 1–4 s on PostgreSQL
 * on the CI machine — a few hundred times a suite. So each test process migrates once and copies the result:
 * SQLite a serialised image of the migrated database, PostgreSQL the SQL of a migrated schema (`pg_dump --inserts`,
 * run as one statement list). `db.test.ts` holds a copy equal to a database migrated the normal way; the
 * migrations' own tests and `listonosz migrate` use the migrator (`migrate: false`, then `migrateToLatest`).
 */
let sqliteImage: Promise<Buffer> | undefined;
function sqliteTemplate(): Promise<Buffer> {
  sqliteImage ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'listonosz-template-'));
    const file = path.join(dir, 'template.db');
    try {
      const handle = createDb({ dialect: 'sqlite', path: file });
      await migrateToLatest(handle.db, handle.dialect);
      // An image in WAL mode cannot be opened in memory (sqlite3_deserialize).
      await sql`pragma journal_mode = delete`.execute(handle.db);
      await handle.destroy();
      return readFileSync(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return sqliteImage;
}

/** The template schema's name in the script, replaced by each new schema's. */
const TEMPLATE_SCHEMA = `tpl_${randomBytes(8).toString('hex')}`;
const postgresScripts = new Map<string, Promise<string>>();
function postgresTemplate(url: string): Promise<string> {
  let script = postgresScripts.get(url);
  if (!script) {
    script = (async () => {
      const template = await createPostgresSchema(url, undefined, TEMPLATE_SCHEMA);
      try {
        await migrateToLatest(template.db, template.dialect);
        const { stdout } = await promisify(execFile)(
          'pg_dump',
          ['--dbname', url, '--schema', TEMPLATE_SCHEMA, '--inserts', '--no-owner', '--no-privileges'],
          { maxBuffer: 64 * 1024 * 1024 },
        );
        // psql meta-commands (`\restrict` of newer pg_dump releases) are not SQL.
        return stdout
          .split('\n')
          .filter((line) => !line.startsWith('\\'))
          .join('\n');
      } finally {
        await template.destroy();
      }
    })();
    postgresScripts.set(url, script);
  }
  return script;
}

function createSqlite(file: boolean, inDir?: string, image?: Buffer): TestDbHandle {
  if (!file && !inDir) return { ...createDb({ dialect: 'sqlite', path: ':memory:', image }), env: {} };
  const dir = mkdtempSync(path.join(inDir ?? tmpdir(), 'listonosz-db-'));
  const dbFile = path.join(dir, 'listonosz.db');
  if (image) writeFileSync(dbFile, image, { mode: 0o600 });
  const handle = createDb({ dialect: 'sqlite', path: dbFile });
  return {
    ...handle,
    env: { LISTONOSZ_DATA_DIR: dir },
    async destroy() {
      await handle.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgresSchema(
  url: string,
  script?: string,
  schema = `t_${randomBytes(6).toString('hex')}`,
): Promise<TestDbHandle> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // The script creates the schema itself (pg_dump writes CREATE SCHEMA) and names every object with it.
    await admin.query(script ? script.replaceAll(TEMPLATE_SCHEMA, schema) : `create schema ${schema}`);
  } finally {
    await admin.end();
  }
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

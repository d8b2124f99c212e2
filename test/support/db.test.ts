import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { createTestDb, type TestDbHandle, testDialect, testPostgresUrl } from './db.js';

/**
 * Test databases are copies of one migrated template (db.ts). A copy must be the database the migrations make:
 * same tables, columns, indexes, triggers, constraints and rows (the migrations' bookkeeping included).
 */
async function pgDump(schema: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'pg_dump',
    ['--dbname', testPostgresUrl, '--schema', schema, '--inserts', '--no-owner', '--no-privileges'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return (
    stdout
      .split('\n')
      .filter((line) => !line.startsWith('\\') && !line.startsWith('--'))
      .join('\n')
      .replaceAll(schema, 'S')
      // When each migration ran.
      .replace(/'\d{4}-\d\d-\d\dT[\d:.]+Z'/g, "'T'")
  );
}

async function schemaOf(handle: TestDbHandle): Promise<string> {
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(handle.db);
  return rows[0]?.s as string;
}

async function sqliteContents(handle: TestDbHandle): Promise<unknown> {
  const { rows: objects } = await sql<{
    type: string;
    name: string;
    sql: string | null;
  }>`select type, name, sql from sqlite_master order by type, name`.execute(handle.db);
  const tables: Record<string, unknown[]> = {};
  for (const o of objects) {
    if (o.type !== 'table' || o.name.startsWith('sqlite_') || o.name.includes('_fts_')) continue;
    const { rows } = await sql`select * from ${sql.table(o.name)}`.execute(handle.db);
    tables[o.name] = rows.map((r) => ({ ...(r as object), timestamp: undefined }));
  }
  const pragmas = await sql`pragma user_version`.execute(handle.db);
  return { objects, tables, pragmas: pragmas.rows };
}

describe(`test databases copied from a migrated template (${testDialect})`, () => {
  it('a copy equals a database migrated the normal way', async () => {
    const copy = await createTestDb();
    const migrated = await createTestDb({ migrate: false });
    try {
      expect(await migrateToLatest(migrated.db, migrated.dialect)).not.toHaveLength(0);
      if (testDialect === 'postgres') {
        const [a, b] = await Promise.all([pgDump(await schemaOf(copy)), pgDump(await schemaOf(migrated))]);
        expect(a).toContain('CREATE TABLE S.messages');
        expect(a).toBe(b);
      } else {
        const [a, b] = [await sqliteContents(copy), await sqliteContents(migrated)];
        expect(JSON.stringify(a)).toContain('messages_fts');
        expect(a).toEqual(b);
      }
    } finally {
      await copy.destroy();
      await migrated.destroy();
    }
  });

  it('copies are independent of each other', async () => {
    const [a, b] = [await createTestDb({ file: true }), await createTestDb()];
    try {
      const count = async (h: TestDbHandle) =>
        Number((await sql<{ n: number }>`select count(*) as n from positions`.execute(h.db)).rows[0]?.n);
      const before = await count(b);
      await sql`insert into positions (id, name, description, created_at, updated_at)
        values ('p-copy', 'copy-check', '', 'x', 'x')`.execute(a.db);
      expect(await count(a)).toBe(before + 1);
      expect(await count(b)).toBe(before);
      const again = await createTestDb();
      expect(await count(again)).toBe(before);
      await again.destroy();
    } finally {
      await a.destroy();
      await b.destroy();
    }
  });
});

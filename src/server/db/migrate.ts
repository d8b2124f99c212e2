import { type Kysely, type MigrationResultSet, Migrator, NO_MIGRATIONS } from 'kysely';
import type { DialectSql } from './dialect.js';
import { migrations } from './migrations/index.js';

/** Migrations work on any Kysely instance, whatever its table types. */
async function migrator<T>(db: Kysely<T>, dialect: DialectSql): Promise<Migrator> {
  const anyDb = db as Kysely<unknown>;
  return new Migrator({
    db: anyDb,
    provider: { getMigrations: async () => migrations(dialect) },
    migrationTableSchema: await dialect.migrationSchema(anyDb),
  });
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).map((r) => `${r.direction} ${r.migrationName}: ${r.status}`);
}

export async function migrateToLatest<T>(db: Kysely<T>, dialect: DialectSql): Promise<string[]> {
  return unwrap(await (await migrator(db, dialect)).migrateToLatest());
}

/** Undo every migration (used by the round-trip check and by `listonosz migrate --down-all`). */
export async function migrateDownAll<T>(db: Kysely<T>, dialect: DialectSql): Promise<string[]> {
  return unwrap(await (await migrator(db, dialect)).migrateTo(NO_MIGRATIONS));
}

/** Move to the state right after `name` (up or down); used by the tests of migrations that move data. */
export async function migrateTo<T>(db: Kysely<T>, dialect: DialectSql, name: string): Promise<string[]> {
  return unwrap(await (await migrator(db, dialect)).migrateTo(name));
}

/** Names of the migrations this code knows that the database has not run (readiness: the schema is current). */
export async function pendingMigrations<T>(db: Kysely<T>, dialect: DialectSql): Promise<string[]> {
  const all = await (await migrator(db, dialect)).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

import { type Kysely, type MigrationResultSet, Migrator, NO_MIGRATIONS } from 'kysely';
import type { DialectSql } from './dialect.js';
import { migrations } from './migrations/index.js';

/** Migrations work on any Kysely instance, whatever its table types. */
function migrator<T>(db: Kysely<T>, dialect: DialectSql): Migrator {
  return new Migrator({ db: db as Kysely<unknown>, provider: { getMigrations: async () => migrations(dialect) } });
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).map((r) => `${r.direction} ${r.migrationName}: ${r.status}`);
}

export async function migrateToLatest<T>(db: Kysely<T>, dialect: DialectSql): Promise<string[]> {
  return unwrap(await migrator(db, dialect).migrateToLatest());
}

/** Undo every migration (used by the round-trip check and by `listonosz migrate --down-all`). */
export async function migrateDownAll<T>(db: Kysely<T>, dialect: DialectSql): Promise<string[]> {
  return unwrap(await migrator(db, dialect).migrateTo(NO_MIGRATIONS));
}

export async function migrateDownOne<T>(db: Kysely<T>, dialect: DialectSql): Promise<string[]> {
  return unwrap(await migrator(db, dialect).migrateDown());
}

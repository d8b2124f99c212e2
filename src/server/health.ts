import type { DialectSql } from './db/dialect.js';
import { pendingMigrations } from './db/migrate.js';
import type { Db } from './db/schema.js';
import type { Lifecycle } from './lifecycle.js';

export type Readiness =
  | { ready: true }
  | { ready: false; reason: 'stopping' | 'database' | 'migrations'; message: string };

/** The checks behind /api/health and /api/health/ready (D74). */
export function createHealth(deps: {
  db: Db;
  dialect: DialectSql;
  lifecycle: Lifecycle;
  ping: () => Promise<unknown>;
}) {
  const { db, dialect, lifecycle, ping } = deps;
  /** Once the schema was found current it stays so (migrations run before a process starts serving). */
  let schemaCurrent = false;
  return {
    check: ping,
    async ready(): Promise<Readiness> {
      if (lifecycle.stopping) {
        return { ready: false, reason: 'stopping', message: 'Serwer kończy pracę — nowe żądania kieruj do innego.' };
      }
      try {
        await ping();
      } catch {
        return { ready: false, reason: 'database', message: 'Baza danych nie odpowiada.' };
      }
      if (schemaCurrent) return { ready: true };
      const pending = await pendingMigrations(db, dialect).catch(() => null);
      if (pending === null) return { ready: false, reason: 'database', message: 'Baza danych nie odpowiada.' };
      if (pending.length > 0) {
        return {
          ready: false,
          reason: 'migrations',
          message: `Schemat bazy nie jest aktualny (brak migracji: ${pending.join(', ')}) — uruchom „listonosz migrate”.`,
        };
      }
      schemaCurrent = true;
      return { ready: true };
    },
  };
}

export type Health = ReturnType<typeof createHealth>;

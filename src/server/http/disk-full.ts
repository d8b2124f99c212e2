import path from 'node:path';
import type { Config } from '../config.js';

/**
 * A write refused because the disk holding the data is full (D82): SQLite's SQLITE_FULL, a file write's ENOSPC,
 * PostgreSQL's 53100 disk_full. The write did not happen at all (SQLite and PostgreSQL roll the statement back),
 * so the user can simply try again once there is room. Looks through `cause` chains, where wrappers keep it.
 */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === '53100') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Where the data lives, in words an administrator recognises: the data folder, or the PostgreSQL server. */
export function dataPlace(config: Pick<Config, 'database'>): string {
  return config.database.dialect === 'sqlite'
    ? `dysk z folderem danych ${path.dirname(config.database.path)}`
    : 'dysk serwera bazy danych PostgreSQL';
}

export function diskFullMessage(place: string): string {
  return `Brak miejsca na dysku — ${place} jest pełny. Nic nie zostało zapisane; zwolnij miejsce na tym dysku (lub powiadom administratora) i spróbuj ponownie. Wiadomości już w kolejce poczekają i wyjdą same, gdy miejsce wróci.`;
}

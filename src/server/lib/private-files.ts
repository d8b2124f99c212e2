import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * The data folder and the files in it (database, its WAL and shared-memory files, the instance key) are readable by
 * the account that runs Listonosz only, whatever the umask, and older installations are tightened at start.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const STICKY = 0o1000;

/** Sets `mode` when the permissions allow more; a shared folder (sticky bit, like /tmp) or a foreign file is left. */
function tighten(target: string, mode: number, warn: (message: string) => void) {
  const stat = statSync(target);
  if (stat.isDirectory() && stat.mode & STICKY) {
    warn(`${target}: a shared folder (sticky bit) — not restricting it; choose a folder of its own for the data.`);
    return;
  }
  if ((stat.mode & 0o777) === mode) return;
  try {
    chmodSync(target, mode);
  } catch (err) {
    warn(`${target}: could not restrict its permissions to ${mode.toString(8)} (${(err as Error).message}).`);
  }
}

const consoleWarn = (message: string) => console.warn(message);

/** Creates the folder (and its parents) if needed, readable by the owner only. */
export function makePrivateDir(dir: string, warn = consoleWarn) {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE, warn);
}

/** Creates the file empty if it does not exist, readable and writable by the owner only. */
export function makePrivateFile(file: string, warn = consoleWarn) {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  tighten(file, PRIVATE_FILE_MODE, warn);
}

/** Restricts a file that may exist (a WAL left by a previous run) to its owner. */
export function restrictIfExists(file: string, warn = consoleWarn) {
  if (existsSync(file)) tighten(file, PRIVATE_FILE_MODE, warn);
}

/**
 * A SQLite database file and its companions. SQLite creates -wal and -shm with the database file's permissions, so a
 * database file created 0600 before SQLite opens it keeps them private too.
 */
export function makePrivateSqliteFiles(dbPath: string, warn = consoleWarn) {
  makePrivateFile(dbPath, warn);
  for (const suffix of ['-wal', '-shm', '-journal']) restrictIfExists(`${dbPath}${suffix}`, warn);
}

import type { Command } from 'commander';
import { formatNumber } from '../../shared/format.js';
import { BackupError, createBackup, type Manifest, restoreBackup, verifyBackup } from '../backup/backup.js';
import { loadConfig } from '../config.js';

/** The passphrase comes from the environment, never from the command line (where `ps` would show it). */
const PASSPHRASE_ENV = 'LISTONOSZ_BACKUP_PASSPHRASE';

function summary(m: Manifest): string[] {
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  return [
    `Kopia z ${m.createdAt}, migracja ${m.migration ?? '—'}: ${formatNumber(Object.keys(m.tables).length)} tabel, ${formatNumber(rows)} wierszy (wiadomości: ${formatNumber(m.tables.messages ?? 0)}).`,
    ...m.files.map((f) => `  ${f.name}: ${formatNumber(f.bytes)} B, SHA-256 ${f.sha256}`),
    m.keyIncluded
      ? '  Klucz instancji jest w kopii: chroń ją jak hasła do kont e-mail (albo szyfruj: --encrypt).'
      : '  Klucza instancji nie ma w kopii (LISTONOSZ_SECRET_KEY): przechowuj go osobno — bez niego hasła kont nie dadzą się odczytać.',
  ];
}

async function run(work: () => Promise<string[]>) {
  try {
    for (const line of await work()) console.log(line);
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    console.error(err.message);
    process.exitCode = 2;
  }
}

function sqliteOnly() {
  const config = loadConfig();
  if (config.database.dialect !== 'sqlite') {
    throw new BackupError(
      'Ta instalacja działa na PostgreSQL: kopię robi pg_dump, przywraca pg_restore (docs/operations.md, „Kopie zapasowe”).',
    );
  }
  return { config, dbPath: config.database.path };
}

/** `listonosz backup | restore | verify-backup` (SQLite; D69). */
export function registerBackupCommands(program: Command) {
  program
    .command('backup <file>')
    .description('A consistent copy of the SQLite database and the instance key, while sending goes on')
    .option('--encrypt', `seal the copy with the passphrase from ${PASSPHRASE_ENV} (AES-256-GCM)`)
    .action(async (file: string, opts: { encrypt?: boolean }) =>
      run(async () => {
        const { config, dbPath } = sqliteOnly();
        const passphrase = process.env[PASSPHRASE_ENV];
        if (opts.encrypt && !passphrase) throw new BackupError(`Podaj hasło kopii w zmiennej ${PASSPHRASE_ENV}.`);
        const manifest = await createBackup({
          dbPath,
          dataDir: config.dataDir,
          target: file,
          passphrase: opts.encrypt ? passphrase : undefined,
        });
        return [`Zapisano kopię ${file}${opts.encrypt ? ' (zaszyfrowaną)' : ''}.`, ...summary(manifest)];
      }),
    );
  program
    .command('verify-backup <file>')
    .description('Check a backup: checksums, the database integrity and its row counts')
    .action(async (file: string) =>
      run(async () => {
        const manifest = await verifyBackup(file, process.env[PASSPHRASE_ENV]);
        return ['Kopia jest cała i da się z niej przywrócić dane.', ...summary(manifest)];
      }),
    );
  program
    .command('restore <file>')
    .description('Restore a backup into an empty data folder (LISTONOSZ_DATA_DIR)')
    .action(async (file: string) =>
      run(async () => {
        const { config } = sqliteOnly();
        const manifest = await restoreBackup({
          file,
          dataDir: config.dataDir,
          passphrase: process.env[PASSPHRASE_ENV],
        });
        return [`Przywrócono kopię do ${config.dataDir}. Uruchom Listonosza (npm start).`, ...summary(manifest)];
      }),
    );
}

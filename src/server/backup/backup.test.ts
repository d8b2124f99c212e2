import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { loadDemoData } from '../demo/demo.js';
import { INSTANCE_KEY_FILE } from '../lib/instance-key.js';
import { systemActor } from '../modules/auth/auth.js';
import { openContainer } from '../runtime.js';
import { BackupError, createBackup, DB_FILE, restoreBackup, verifyBackup } from './backup.js';

/**
 * `listonosz backup | verify-backup | restore` on a real SQLite file (issue 15 point 4, D69): a consistent copy made
 * while another process keeps writing; checked end to end; restored into an empty folder, where Listonosz opens it
 * with its instance key; sealed with a passphrase; a damaged copy and a non-empty folder refused in Polish.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);
const tmp = (name: string) => mkdtempSync(path.join(tmpdir(), `listonosz-${name}-`));
let dataDir: string;
let dbPath: string;
let writer: ChildProcess | null = null;

/** Another process writing all the time (as the worker does while the backup runs): a row every few ms. */
function startWriter(file: string): ChildProcess {
  const script = `
    const Db = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
    const db = new Db(${JSON.stringify(file)}, { timeout: 10000 });
    db.exec('create table if not exists writer_probe (id integer primary key, at text)');
    const insert = db.prepare('insert into writer_probe (at) values (?)');
    setInterval(() => { for (let i = 0; i < 20; i++) insert.run(new Date().toISOString()); }, 2);
  `;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

const probeRows = (file: string) => {
  const db = new SqliteDatabase(file, { readonly: true, timeout: 10_000 });
  try {
    return Number(db.prepare('select count(*) from writer_probe').pluck().get());
  } catch {
    return 0;
  } finally {
    db.close();
  }
};

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(process.env.TEST_DB === 'postgres')('backup and restore (SQLite)', () => {
  beforeAll(async () => {
    dataDir = tmp('data');
    dbPath = path.join(dataDir, DB_FILE);
    const container = await openContainer(loadConfig({ LISTONOSZ_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    await loadDemoData(container.services, { units: 30 });
    await container.destroy();
  }, 60_000);
  afterAll(() => {
    writer?.kill('SIGKILL');
  });

  let plain: string;

  it('copies while another process writes; the copy verifies and restores where Listonosz opens it', async () => {
    writer = startWriter(dbPath);
    await until(() => probeRows(dbPath) >= 200, 'the writer to write');
    plain = path.join(tmp('out'), 'kopia.tar');
    const manifest = await createBackup({ dbPath, dataDir, target: plain });
    const after = probeRows(dbPath);
    await until(() => probeRows(dbPath) > after, 'the writer to go on after the backup');
    writer.kill('SIGKILL');
    writer = null;

    expect(manifest.keyIncluded).toBe(true);
    expect(manifest.tables.writer_probe).toBeGreaterThanOrEqual(200);
    expect(manifest.tables.writer_probe).toBeLessThanOrEqual(after);
    expect(manifest.tables.units).toBe(30);
    expect(manifest.migration).toMatch(/^\d{4}_/);
    expect(await verifyBackup(plain)).toEqual(manifest);

    const restored = path.join(tmp('restored'), 'data');
    await restoreBackup({ file: plain, dataDir: restored });
    expect(readFileSync(path.join(restored, INSTANCE_KEY_FILE), 'utf8')).toBe(
      readFileSync(path.join(dataDir, INSTANCE_KEY_FILE), 'utf8'),
    );
    expect(probeRows(path.join(restored, DB_FILE))).toBe(manifest.tables.writer_probe);
    // Listonosz opens the restored folder: its key opens the database's key check, the data is there.
    const container = await openContainer(loadConfig({ LISTONOSZ_DATA_DIR: restored, LOG_LEVEL: 'silent' }));
    try {
      const positions = await container.services.positions.list(systemActor('test'));
      expect(positions.map((p) => p.name)).toContain('Czynsze');
    } finally {
      await container.destroy();
    }
  }, 90_000);

  it('sealed with a passphrase: no readable byte inside, a wrong passphrase refused, the right one restores', async () => {
    const sealed = path.join(tmp('out'), 'kopia.tar.enc');
    await createBackup({ dbPath, dataDir, target: sealed, passphrase: 'Zielona-Łąka-2026' });
    const bytes = readFileSync(sealed);
    expect(bytes.subarray(0, 8).toString()).toBe('LSTBAK01');
    expect(bytes.includes('SQLite format 3')).toBe(false);
    expect(bytes.includes('manifest.json')).toBe(false);
    await expect(verifyBackup(sealed)).rejects.toThrow(/zaszyfrowana — podaj hasło/);
    await expect(verifyBackup(sealed, 'zle-haslo')).rejects.toThrow(/Złe hasło kopii/);
    const manifest = await verifyBackup(sealed, 'Zielona-Łąka-2026');
    const restored = path.join(tmp('restored'), 'data');
    await restoreBackup({ file: sealed, dataDir: restored, passphrase: 'Zielona-Łąka-2026' });
    expect(probeRows(path.join(restored, DB_FILE))).toBe(manifest.tables.writer_probe);
  }, 60_000);

  it('a damaged copy names the damaged file; a folder that has a database is never overwritten', async () => {
    const damaged = path.join(tmp('out'), 'uszkodzona.tar');
    const bytes = readFileSync(plain);
    // A byte in the middle of the database entry (past the manifest's header and body).
    const at = Math.floor(bytes.length / 2);
    bytes.writeUInt8((bytes.readUInt8(at) ^ 0xff) & 0xff, at);
    writeFileSync(damaged, bytes);
    await expect(verifyBackup(damaged)).rejects.toThrow(
      new BackupError('Plik listonosz.db w kopii jest uszkodzony (inna suma SHA-256 niż w spisie).'),
    );
    await expect(restoreBackup({ file: plain, dataDir })).rejects.toThrow(/jest już baza — przywracaj do pustego/);
  });

  it('the commands say what they did, in Polish', async () => {
    const target = path.join(tmp('out'), 'cli.tar');
    const env: NodeJS.ProcessEnv = { ...process.env, TEST_DB: '', LISTONOSZ_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    delete env.LISTONOSZ_SECRET_KEY;
    const cli = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts'), ...args], {
        cwd: ROOT,
        env,
        timeout: 60_000,
      });
    expect((await cli(['backup', target])).stdout).toMatch(/^Zapisano kopię .*cli\.tar\.\nKopia z .*, migracja \d{4}_/);
    const verified = await cli(['verify-backup', target]);
    expect(verified.stdout).toContain('Kopia jest cała i da się z niej przywrócić dane.');
    expect(verified.stdout).toMatch(/listonosz\.db: [\d\s ]+ B, SHA-256 [0-9a-f]{64}/);
  }, 90_000);
});

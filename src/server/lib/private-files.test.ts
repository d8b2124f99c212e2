import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openContainer } from '../runtime.js';
import { makePrivateDir } from './private-files.js';

/**
 * The data folder (0700) and the SQLite database with its -wal and -shm files (0600) belong to the account running
 * Listonosz alone, whatever its umask; a data folder left by an older version is tightened at start.
 */
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempRoot() {
  const root = mkdtempSync(path.join(tmpdir(), 'listonosz-perm-'));
  made.push(root);
  return root;
}

const modeOf = (p: string) => (statSync(p).mode & 0o777).toString(8);

/** Runs `fn` with the given umask (the test runs in a forked process, where the umask may be changed). */
async function withUmask<T>(mask: number, fn: () => Promise<T>): Promise<T> {
  const before = process.umask(mask);
  try {
    return await fn();
  } finally {
    process.umask(before);
  }
}

async function startAndInspect(dataDir: string) {
  const config = loadConfig(
    { NODE_ENV: 'test', LISTONOSZ_DATA_DIR: dataDir, LOG_LEVEL: 'silent', CAPTURE_SMTP: 'off' },
    { passwordHashCost: 2 ** 10 },
  );
  const container = await openContainer(config);
  try {
    // Something written, so the WAL and shared-memory files exist while the database is open.
    await container.services.auth.issueSetupToken();
    const db = path.join(dataDir, 'listonosz.db');
    expect(existsSync(`${db}-wal`) && existsSync(`${db}-shm`)).toBe(true);
    return {
      dir: modeOf(dataDir),
      db: modeOf(db),
      wal: modeOf(`${db}-wal`),
      shm: modeOf(`${db}-shm`),
      key: modeOf(path.join(dataDir, 'instance.key')),
    };
  } finally {
    await container.destroy();
  }
}

const PRIVATE = { dir: '700', db: '600', wal: '600', shm: '600', key: '600' };

describe('data folder and database permissions', () => {
  it.each([
    ['000', 0o000],
    ['022', 0o022],
    ['002', 0o002],
  ])('a fresh data folder under umask %s is private', async (_name, mask) => {
    const dataDir = path.join(tempRoot(), 'nested', 'data');
    expect(await withUmask(mask, () => startAndInspect(dataDir))).toEqual(PRIVATE);
  });

  it('a data folder of an older version (0755, files 0644) is tightened at start', async () => {
    const dataDir = path.join(tempRoot(), 'data');
    await withUmask(0o022, () => startAndInspect(dataDir));
    const db = path.join(dataDir, 'listonosz.db');
    chmodSync(dataDir, 0o755);
    chmodSync(db, 0o644);
    chmodSync(path.join(dataDir, 'instance.key'), 0o644);
    // A WAL left behind by a process that was killed.
    writeFileSync(`${db}-wal`, '');
    chmodSync(`${db}-wal`, 0o666);
    expect(await withUmask(0o022, () => startAndInspect(dataDir))).toEqual(PRIVATE);
  });

  it('a shared folder with the sticky bit (like /tmp) is not changed, with a warning', () => {
    const shared = path.join(tempRoot(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const warnings: string[] = [];
    makePrivateDir(shared, (m) => warnings.push(m));
    expect((statSync(shared).mode & 0o7777).toString(8)).toBe('1777');
    expect(warnings).toEqual([expect.stringContaining('sticky bit')]);
  });
});

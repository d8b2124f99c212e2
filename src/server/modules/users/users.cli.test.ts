import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'listonosz-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// SQLite in the data folder, whatever database the test run itself uses.
const { DATABASE_URL: _, ...inherited } = process.env;
const cliEnv = { ...inherited, LISTONOSZ_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TEST_DB: '' };

/** Runs the real `listonosz user add` on a SQLite database in a temporary data folder. */
function userAdd(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts'), 'user', 'add', ...args],
      {
        cwd: ROOT,
        env: cliEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

describe('listonosz user add', () => {
  it('refuses a password that is easy to guess, with the same Polish reason as the web app', async () => {
    const weak = await userAdd(['--login', 'jan', '--name', 'Jan Kowalski', '--password', 'Listonosz-2026!']);
    expect(weak.err).toMatch(/^password: Hasło jest zbyt łatwe do odgadnięcia: .*Użyj co najmniej 12 znaków/m);
    expect(weak.code).toBe(2);
    expect(weak.out).not.toContain('Utworzono');
    const short = await userAdd(['--login', 'jan', '--name', 'Jan Kowalski', '--password', 'Krotkie-1']);
    expect(short.err).toContain('password: Hasło musi mieć co najmniej 12 znaków.');
    expect(short.code).toBe(2);
  }, 120_000);
});

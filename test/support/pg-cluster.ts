import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A private PostgreSQL cluster for a test that must stop or restart the server. The machine's shared server on
 * 5432 is used by other test files at the same time and is never touched. As root, initdb and pg_ctl run as the
 * `postgres` user (PostgreSQL refuses to run as root) on a scratch folder that user owns.
 */
export interface PgCluster {
  url: string;
  port: number;
  /**
   * Stop (fast: every connection is cut), stay down `downMs`, start again. Asynchronous, so servers in the test
   * process (the SMTP sink) keep answering meanwhile.
   */
  restart(downMs: number): Promise<void>;
  stop(): void;
  destroy(): void;
}

/** Why a private cluster cannot be made here, or null when it can. */
export function pgClusterUnavailable(): string | null {
  if (!existsSync(path.join(BIN, 'initdb'))) return `no PostgreSQL binaries in ${BIN}`;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      return 'running as root and there is no postgres user to run initdb';
    }
  }
  return null;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startPgCluster(): Promise<PgCluster> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'listonosz-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(path.join(BIN, cmd), args, { stdio: 'pipe' });
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  // Sockets in the scratch folder (the default /var/run/postgresql may be missing or shared); TCP on loopback only.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const startArgs = ['-D', data, '-l', log, '-o', serverOptions, '-w', '-t', '30', 'start'];
  const stopArgs = ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop'];
  const runAsync = (cmd: string, args: string[]) =>
    asRoot ? exec('runuser', ['-u', 'postgres', '--', path.join(BIN, cmd), ...args]) : exec(path.join(BIN, cmd), args);
  const stop = () => run('pg_ctl', stopArgs);
  run('pg_ctl', startArgs);
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'listonosz']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/listonosz`,
    port,
    async restart(downMs) {
      await runAsync('pg_ctl', stopArgs);
      await new Promise((r) => setTimeout(r, downMs));
      await runAsync('pg_ctl', startArgs);
    },
    stop() {
      if (!stopped) stop();
      stopped = true;
    },
    destroy() {
      try {
        if (!stopped) stop();
      } catch {
        // Already down: only the folder is left to remove.
      }
      stopped = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

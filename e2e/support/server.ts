import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (e2e/support → ../..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB_SRC = path.join(ROOT, 'src', 'web');
const WEB_INDEX = path.join(ROOT, 'dist', 'web', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** Builds dist/web with Vite when it is missing or older than anything in src/web (or vite.config.ts). */
export function ensureWebBuild(): void {
  const sources = Math.max(newestMtime(WEB_SRC), statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs);
  if (existsSync(WEB_INDEX) && statSync(WEB_INDEX).mtimeMs >= sources) return;
  const started = performance.now();
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  console.log(`e2e: web bundle built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface E2EServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The first-run link the server printed (…/?setup=TOKEN). */
  setupUrl: string;
  dataDir: string;
  /** A private copy of dist/web, passed as LISTONOSZ_WEB_ROOT (see startServer). */
  webRoot: string;
  smtpPort: number;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /**
   * True when dist/web/index.html changed since the server started: someone rebuilt the bundle, and the running
   * server no longer serves the scripts the page asks for (a failure then is not the app's fault).
   */
  webBundleChanged(): boolean;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `listonosz start` as a real process on 127.0.0.1: a fresh temporary data folder (SQLite), the capture
 * SMTP on its own free port, LOG_LEVEL=warn. Resolves once the set-up link is printed.
 */
export async function startServer(options: { env?: Record<string, string> } = {}): Promise<E2EServer> {
  ensureWebBuild();
  const indexAtStart = readFileSync(WEB_INDEX, 'utf8');
  const tmp = mkdtempSync(path.join(tmpdir(), 'listonosz-e2e-'));
  const dataDir = path.join(tmp, 'data');
  // A snapshot of the bundle for this server. Today the server always serves dist/web (a rebuild by someone else
  // mid-run breaks the page: see webBundleChanged); once it honours LISTONOSZ_WEB_ROOT, runs are immune to that.
  const webRoot = path.join(tmp, 'web');
  cpSync(path.dirname(WEB_INDEX), webRoot, { recursive: true });
  const port = await freePort();
  let smtpPort = await freePort();
  while (smtpPort === port) smtpPort = await freePort();
  const url = `http://127.0.0.1:${port}`;

  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.LISTONOSZ_SECRET_KEY;
  Object.assign(env, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    LISTONOSZ_DATA_DIR: dataDir,
    LISTONOSZ_WEB_ROOT: webRoot,
    CAPTURE_SMTP: 'on',
    CAPTURE_SMTP_HOST: '127.0.0.1',
    CAPTURE_SMTP_PORT: String(smtpPort),
    LOG_LEVEL: 'warn',
    ...options.env,
  });

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  const verbose = process.env.E2E_SERVER_LOG === '1';
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    if (verbose) process.stdout.write(s);
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    process.stderr.write(`[server] ${s}`);
  });

  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    cleanup();
  };

  try {
    const setupUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${out}`)), 60_000);
      const check = () => {
        const m = /(https?:\/\/\S+\/\?setup=[\w-]+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on('data', check);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code ?? signal}) before printing the set-up link:\n${out}`));
      });
    });
    if (!setupUrl.startsWith(`${url}/`)) throw new Error(`unexpected set-up link ${setupUrl} (expected ${url}/…)`);
    const webBundleChanged = () => !existsSync(WEB_INDEX) || readFileSync(WEB_INDEX, 'utf8') !== indexAtStart;
    return { url, setupUrl, dataDir, webRoot, smtpPort, output: () => out, webBundleChanged, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The git-ignored folder for screenshots and other artefacts. */
export const RESULTS_DIR = path.join(ROOT, 'test-results');

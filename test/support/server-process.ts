import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The first-run code printed on the console. */
  setupToken: string;
  /** What the process wrote (its log lines and errors). */
  output: () => string;
  stop(): Promise<void>;
}

/** `listonosz start` (the real CLI, as `npm start` runs it) on free ports over a new SQLite data folder. */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'listonosz-server-'));
  const base = { ...process.env };
  // SQLite in the data folder, whatever the test run itself uses.
  delete base.DATABASE_URL;
  delete base.TEST_DB;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts'), 'start'], {
    cwd: ROOT,
    env: {
      ...base,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      CAPTURE_SMTP_PORT: '0',
      LOG_LEVEL: 'error',
      LISTONOSZ_DATA_DIR: dataDir,
      LISTONOSZ_WEB_ROOT: path.join(dataDir, 'no-web'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const started = await new Promise<{ url: string; setupToken: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), 60_000);
    child.stdout?.on('data', () => {
      const url = out.match(/działa: (http:\/\/\S+)/)?.[1];
      const token = out.match(/\?setup=([A-Za-z0-9_-]+)/)?.[1];
      if (url && token) {
        clearTimeout(timer);
        resolve({ url: url.replace('localhost', '127.0.0.1'), setupToken: token });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (${code}):\n${out}\n${err}`));
    });
  });
  return {
    child,
    ...started,
    output: () => `${out}\n${err}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

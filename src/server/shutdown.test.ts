import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../test/support/db.js';
import { collectOutput, exited, killed, spawnCli } from '../../test/support/worker-process.js';
import { stopGraceMs } from './shutdown.js';

/**
 * SIGTERM to `listonosz serve` (the real CLI in its own process) while a request is in progress: a client that
 * stalls in the middle of its upload does not hold the stop; its connection is closed after the grace.
 */
let db: TestDbHandle | null = null;
let dataDir = '';
const children: ChildProcess[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(children.splice(0).map((c) => killed(c, 'SIGKILL')));
  await db?.destroy();
  db = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('stopping the web server while a request is in progress', () => {
  it('exits within the deadline, cutting off an upload that stalls', async () => {
    db = await createTestDb({ file: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'listonosz-serve-'));
    const child = spawnCli('serve', {
      LISTONOSZ_DATA_DIR: dataDir,
      ...db.env,
      LISTONOSZ_SECRET_KEY: randomBytes(32).toString('base64'),
      HOST: '127.0.0.1',
      PORT: '0',
      SHUTDOWN_TIMEOUT_SECONDS: '6',
    });
    children.push(child);
    const output = collectOutput(child);
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start in 30 s:\n${output()}`)), 30_000);
      child.stdout?.on('data', () => {
        const m = /Listonosz działa: http:\/\/[^:]+:(\d+)/.exec(output());
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });

    // A request whose body never finishes arriving.
    const socket = net.connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => {});
    const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"login":',
    );
    await new Promise((r) => setTimeout(r, 300));

    child.kill('SIGTERM');
    const end = await exited(child);
    expect(end.ms, output()).toBeLessThan(6000);
    expect(end.ms, output()).toBeGreaterThanOrEqual(stopGraceMs(6000) - 200);
    expect(end.code, output()).toBe(0);
    await socketClosed;
  }, 60_000);
});

import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOutput, exited, spawnCli } from '../../test/support/worker-process.js';

/**
 * Issue 15 point 2: `npm start` never ends in an EADDRINUSE stack trace. The sandbox SMTP's default port (2525) held by
 * another mail tool → a free port, said on start; a port set explicitly (CAPTURE_SMTP_PORT, PORT) and taken → one
 * Polish line naming the variable to change, exit code 1.
 */
const DEFAULT_SANDBOX_PORT = 2525;
const held: Server[] = [];

/** Holds a port on 127.0.0.1 the way another program would (0: any free one); already held by one does as well. */
async function hold(port: number): Promise<number> {
  const server = createServer();
  return new Promise<number>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(port) : reject(err)));
    server.listen(port, '127.0.0.1', () => {
      held.push(server);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function start(env: Record<string, string>) {
  const child = spawnCli('start', {
    LISTONOSZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'listonosz-ports-')),
    LISTONOSZ_WEB_ROOT: path.join(tmpdir(), 'listonosz-no-web'),
    HOST: '127.0.0.1',
    CAPTURE_SMTP: 'on',
    CAPTURE_SMTP_HOST: '127.0.0.1',
    ...env,
  });
  return { child, output: collectOutput(child) };
}

const noStackTrace = (out: string) => {
  expect(out).not.toMatch(/EADDRINUSE|^\s+at /m);
};

let taken = 0;
beforeAll(async () => {
  await hold(DEFAULT_SANDBOX_PORT);
  taken = await hold(0);
});
afterAll(async () => {
  await Promise.all(held.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

// Port 2525 is one per machine: CI's side-by-side runs must not race for it, so one run holds it (not a database
// matter: skipped on PostgreSQL; run once on Node 24 by .ci/run).
describe.skipIf(process.env.TEST_DB === 'postgres')('start-up on a busy port', () => {
  it('the default sandbox port taken: a free one, and the start-up says which', { timeout: 90_000 }, async () => {
    const { child, output } = start({ PORT: '0' });
    try {
      const deadline = Date.now() + 80_000;
      // The start-up prints its lines one by one (separate chunks on a busy machine): wait for the sandbox's.
      while (!/Piaskownica SMTP \(nic/.test(output()) && child.exitCode === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const out = output();
      const moved = out.match(/Port 2525 zajmuje inny program — piaskownica SMTP wzięła wolny port (\d+)/);
      expect(moved, out).not.toBeNull();
      expect(out).toContain(`Piaskownica SMTP (nic nie wychodzi na zewnątrz): 127.0.0.1:${moved?.[1]}`);
      expect(Number(moved?.[1])).not.toBe(DEFAULT_SANDBOX_PORT);
      noStackTrace(out);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  });

  it.each([
    ['CAPTURE_SMTP_PORT', () => ({ PORT: '0', CAPTURE_SMTP_PORT: String(taken) })],
    ['PORT', () => ({ PORT: String(taken), CAPTURE_SMTP_PORT: '0' })],
  ])('%s set and taken: one Polish line naming it, exit code 1', { timeout: 90_000 }, async (variable, env) => {
    const { child, output } = start(env());
    const { code } = await exited(child);
    const lines = output().trim().split('\n');
    expect(code).toBe(1);
    expect(lines, output()).toEqual([
      expect.stringMatching(
        new RegExp(`^Port ${taken} .*zajmuje inny program — ustaw inny w zmiennej ${variable} albo zatrzymaj`),
      ),
    ]);
    noStackTrace(output());
  });
});

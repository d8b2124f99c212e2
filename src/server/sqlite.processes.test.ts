import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { testDialect } from '../../test/support/db.js';
import { createHarness, type Harness } from '../../test/support/sending.js';
import { collectOutput, exited, killed, spawnCli, whenRunning } from '../../test/support/worker-process.js';

/**
 * One SQLite file on one machine, as an operator runs it: `listonosz serve` and a separate `listonosz worker`, and
 * the local commands (`demo`, `user add`, `migrate`) started beside them. None may meet "database is locked".
 */
let h: Harness | null = null;
const children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => killed(c, 'SIGKILL')));
  await h?.close();
  h = null;
});

const MESSAGES = 2000;

function cli(command: Parameters<typeof spawnCli>[0], env: Record<string, string>, args: string[] = []) {
  const child = spawnCli(command, env, args);
  children.push(child);
  return { child, output: collectOutput(child) };
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: () => string) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out:\n${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A signed-in client of the running `serve`, asking for pages that read and write the database. */
async function apiClient(base: string, setupToken: string) {
  const setup = await fetch(`${base}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      setupToken,
      login: 'admin',
      displayName: 'Administrator',
      password: 'Dluga-fraza-administratora-42',
    }),
  });
  expect(setup.status, await setup.clone().text()).toBe(201);
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: 'Dluga-fraza-administratora-42' }),
  });
  expect(login.status, await login.clone().text()).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie } });
    return { status: res.status, body: await res.text() };
  };
}

describe.runIf(testDialect === 'sqlite')('serve and worker on one SQLite file', () => {
  it(`the worker sends ${MESSAGES} messages beside serve while demo and user add run; nothing is locked`, async () => {
    h = await createHarness({}, { maxConnections: 4 }, { fileDb: true });
    const harness = h;
    const env = { ...harness.t.env, LOG_LEVEL: 'warn' };

    const serve = cli('serve', { ...env, HOST: '127.0.0.1', PORT: '0', CAPTURE_SMTP: 'on', CAPTURE_SMTP_PORT: '0' });
    await waitFor(
      () => /działa: http:\/\/\S+/.test(serve.output()) && /\?setup=[\w-]+/.test(serve.output()),
      60_000,
      serve.output,
    );
    const base = (/działa: (http:\/\/\S+)/.exec(serve.output())?.[1] ?? '').replace('localhost', '127.0.0.1');
    const api = await apiClient(base, /\?setup=([\w-]+)/.exec(serve.output())?.[1] ?? '');
    const sandbox = () =>
      harness.t.container.db
        .selectFrom('smtp_accounts')
        .select(['id', 'host', 'port'])
        .where('kind', '=', 'capture')
        .executeTakeFirstOrThrow();
    const sandboxBefore = await sandbox();

    await harness.queueMany(MESSAGES);
    const worker = cli('worker', { ...env, WORKER_LEASE_SECONDS: '60' });
    await whenRunning(worker.child);

    // While the worker sends: the local commands from other processes, and the API keeps answering.
    // As an operator types it: the capture SMTP on (the default on SQLite), its port the default 2525.
    const demo = cli('demo', { ...env, CAPTURE_SMTP: 'on' }, ['--units', '30']);
    const userAdd = cli('user', env, ['add', '--login', 'kasia', '--name', 'Katarzyna Nowak', '--role', 'clerk']);
    const migrate = cli('migrate', env);
    const apiStatuses: number[] = [];
    let commandsDone = false;
    const commands = Promise.all([exited(demo.child), exited(userAdd.child), exited(migrate.child)]).finally(() => {
      commandsDone = true;
    });
    const sentCount = async () =>
      Number(
        (
          await harness.t.container.db
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'sent')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const allOutput = () =>
      [serve, worker, demo, userAdd, migrate].map((p) => p.output()).join('\n--------\n') +
      `\nAPI: ${apiStatuses.join(',')}`;
    while (!commandsDone || (await sentCount()) < MESSAGES) {
      for (const path of ['/api/auth/me', '/api/mailboxes/outbox?limit=20', '/api/mailboxes/counts', '/api/accounts']) {
        const res = await api(path);
        apiStatuses.push(res.status);
        expect(res.status, `${path}: ${res.body}\n${allOutput()}`).toBe(200);
      }
      if (worker.child.exitCode !== null) throw new Error(`the worker stopped:\n${allOutput()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const [demoEnd, userEnd, migrateEnd] = await commands;

    expect({ demo: demoEnd.code, user: userEnd.code, migrate: migrateEnd.code }, allOutput()).toEqual({
      demo: 0,
      user: 0,
      migrate: 0,
    });
    expect(userAdd.output()).toContain('Utworzono użytkownika kasia');
    expect(demo.output()).toContain('Dane demonstracyjne');
    expect(allOutput()).not.toMatch(/database is locked|SQLITE_BUSY/i);
    // Every message exactly once.
    const counts = harness.sink.byMessageId();
    expect(counts.size).toBe(MESSAGES);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    // The demo kept the sandbox account that serve had set up (its port is serve's capture SMTP, not 2525).
    expect(await sandbox()).toEqual(sandboxBefore);
    expect(apiStatuses.length).toBeGreaterThan(0);
  }, 300_000);
});

#!/usr/bin/env node
// First, before anything allocates: heaps grow by half their live objects at most (D84).
import './lib/heap-growth.js';
import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatNumber } from '../shared/format.js';
import { UserCreate } from '../shared/users.js';
import { registerBackupCommands } from './cli/backup.js';
import { registerKeyCommands } from './cli/keys.js';
import { registerRemoteCommands } from './cli/remote.js';
import { loadConfig } from './config.js';
import type { Container } from './container.js';
import { newWorkerId } from './container-feedback.js';
import { createDb } from './db/create-db.js';
import { migrateDownAll, migrateToLatest } from './db/migrate.js';
import { loadDemoData, loadDemoDocuments } from './demo/demo.js';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_UNITS, MAX_DEMO_UNITS, MIN_DEMO_UNITS } from './demo/demo-data.js';
import { DomainError, ValidationError } from './lib/errors.js';
import { systemActor } from './modules/auth/auth.js';
import { openContainer, startProcessMetrics, startServer } from './runtime.js';
import { onShutdown, stopGraceMs, stoppedWorkerLine } from './shutdown.js';

const program = new Command()
  .name('listonosz')
  .description('Listonosz — electronic correspondence for property managers')
  .showHelpAfterError();

function retentionJob(container: Container) {
  return container.createRetentionJob({
    workerId: newWorkerId(),
    log: (line) => console.log(line),
    onError: (err) => console.error('retention job failed:', err),
  });
}

async function serve(opts: { withWorker: boolean }) {
  const config = loadConfig();
  const container = await openContainer(config);
  const server = await startServer(container);
  const metrics = await startProcessMetrics(container).catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  const worker = opts.withWorker ? container.createSendingWorker() : null;
  worker?.start();
  const readers = opts.withWorker ? container.createFeedbackReaders() : null;
  readers?.start();
  const drops = opts.withWorker ? container.createDropFolderWatcher() : null;
  drops?.start();
  const hooks = opts.withWorker ? container.createWebhookDelivery() : null;
  hooks?.start();
  const retention = opts.withWorker ? retentionJob(container) : null;
  retention?.start();
  const setupToken = await container.services.auth.issueSetupToken();
  console.log(`\nListonosz działa: ${server.url}  (baza: ${container.dialect.name})`);
  if (server.capture) {
    if (server.captureMovedFrom !== null) {
      console.log(
        `Port ${server.captureMovedFrom} zajmuje inny program — piaskownica SMTP wzięła wolny port ${server.capture.port} (stały port: zmienna CAPTURE_SMTP_PORT).`,
      );
    }
    console.log(`Piaskownica SMTP (nic nie wychodzi na zewnątrz): 127.0.0.1:${server.capture.port}`);
  }
  if (setupToken) {
    console.log('\nPierwsze uruchomienie — utwórz konto administratora:');
    console.log(`  ${server.url}/?setup=${setupToken}`);
    console.log('  albo w konsoli: npx listonosz user add --login admin --name "Administrator" --role admin\n');
  }
  if (worker) console.log('Wysyłka w tle działa w tym samym procesie.');
  if (metrics) console.log(`Metryki (Prometheus): http://127.0.0.1:${metrics.port}/metrics`);
  const graceMs = stopGraceMs(config.shutdownTimeoutMs);
  onShutdown(async () => {
    // Readiness answers 503 from now on, while requests and sends in progress finish.
    container.observability.lifecycle.beginStop();
    // The worker may be sending to the capture SMTP: that closes last.
    const [, stopped] = await Promise.all([
      server.closeHttp(graceMs),
      worker?.stop({ graceMs }),
      readers?.stop({ graceMs }),
      drops?.stop(),
      hooks?.stop(),
      metrics?.close(),
      retention?.stop(),
    ]);
    if (stopped) console.log(stoppedWorkerLine(stopped));
    await server.stop(graceMs);
    await container.destroy();
  }, config.shutdownTimeoutMs);
}

program
  .command('start')
  .description('Web app, API and background work in one process (the default set-up: SQLite in ./data)')
  .action(() => serve({ withWorker: true }));

program
  .command('serve')
  .description('Web app and API only (run workers separately with `listonosz worker`)')
  .action(() => serve({ withWorker: false }));

program
  .command('worker')
  .description(
    'The background worker: sends the outbox, retries, reaps expired leases, reads the feedback mailboxes, delivers webhooks, removes data past its retention (run one or more)',
  )
  .action(async () => {
    const config = loadConfig();
    const container = await openContainer(config);
    const metrics = await startProcessMetrics(container).catch(async (err: unknown) => {
      await container.destroy();
      throw err;
    });
    const worker = container.createSendingWorker();
    worker.start();
    const readers = container.createFeedbackReaders();
    readers.start();
    // Drop folders (D62): files put there become batches through the same intake as POST /api/intake.
    const drops = container.createDropFolderWatcher({ onError: (err) => console.error(err) });
    drops.start();
    const hooks = container.createWebhookDelivery();
    hooks.start();
    // Retention (D76): once a day, one worker at a time, removes what has outlived its time.
    const retention = retentionJob(container);
    retention.start();
    const tick = () => container.services.auth.cleanup().catch((err: unknown) => console.error(err));
    const timer = setInterval(tick, 3600_000);
    timer.unref();
    console.log(`Listonosz worker running (database: ${container.dialect.name}).`);
    if (metrics) console.log(`Metrics (Prometheus): http://127.0.0.1:${metrics.port}/metrics`);
    // Graceful stop: claim nothing new, give back what was not started, let the sends in flight finish a few seconds.
    onShutdown(async () => {
      clearInterval(timer);
      container.observability.lifecycle.beginStop();
      const graceMs = stopGraceMs(config.shutdownTimeoutMs);
      const [stopped] = await Promise.all([
        worker.stop({ graceMs }),
        readers.stop({ graceMs }),
        drops.stop(),
        hooks.stop(),
        metrics?.close(),
        retention.stop(),
      ]);
      console.log(stoppedWorkerLine(stopped));
      await container.destroy();
    }, config.shutdownTimeoutMs);
  });

program
  .command('migrate')
  .description('Bring the database schema up to date')
  .addOption(new Option('--down-all', 'undo every migration (drops all data)'))
  .addOption(new Option('--round-trip', 'up, down to nothing, up again (a check for CI on an empty database)'))
  .action(async (opts: { downAll?: boolean; roundTrip?: boolean }) => {
    const config = loadConfig();
    const handle = createDb(config.database);
    try {
      const steps: string[] = [];
      if (opts.roundTrip) {
        steps.push(...(await migrateToLatest(handle.db, handle.dialect)));
        steps.push(...(await migrateDownAll(handle.db, handle.dialect)));
        steps.push(...(await migrateToLatest(handle.db, handle.dialect)));
      } else if (opts.downAll) {
        steps.push(...(await migrateDownAll(handle.db, handle.dialect)));
      } else {
        steps.push(...(await migrateToLatest(handle.db, handle.dialect)));
      }
      console.log(steps.length > 0 ? steps.join('\n') : 'Schema is up to date.');
    } finally {
      await handle.destroy();
    }
  });

function integer(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`podaj liczbę od ${min} do ${max}.`);
    return n;
  };
}

program
  .command('demo')
  .description(
    "Load sample data: a housing cooperative, two homeowners' associations, units and recipients (safe to repeat)",
  )
  .option('--units <n>', 'number of units', integer(MIN_DEMO_UNITS, MAX_DEMO_UNITS), DEFAULT_DEMO_UNITS)
  .option('--seed <n>', 'seed: the same seed gives the same data', integer(0, 2 ** 32 - 1), DEFAULT_DEMO_SEED)
  .option('--no-documents', 'do not create sample fee notices for next month')
  .action(async (opts: { units: number; seed: number; documents: boolean }) => {
    const config = loadConfig();
    const container = await openContainer(config);
    try {
      if (config.capture.enabled) {
        // A running server owns the sandbox account (its port is that server's): only a missing one is created.
        await container.services.accounts.ensureCaptureAccount(config.capture.host, config.capture.port, {
          onlyIfMissing: true,
        });
      }
      const started = performance.now();
      const s = await loadDemoData(container.services, { units: opts.units, seed: opts.seed });
      const seconds = formatNumber((performance.now() - started) / 1000, 1);
      console.log(`Dane demonstracyjne (ziarno ${opts.seed}, lokali: ${opts.units}) — gotowe w ${seconds} s.`);
      console.log(
        `  Dodano: stanowiska ${s.positions}, nieruchomości ${s.properties}, lokale ${s.units}, adresaci ${s.recipients}.`,
      );
      if (s.skipped > 0) console.log(`  Pominięto (już istniały): ${s.skipped}.`);
      console.log(`  Konto domyślne stanowisk: ${s.account.name}.`);
      if (opts.documents) {
        const next = new Date();
        next.setUTCMonth(next.getUTCMonth() + 1, 1);
        const period = next.toISOString().slice(0, 7);
        const n = await loadDemoDocuments(container.services, { units: opts.units, seed: opts.seed, period });
        console.log(
          n > 0
            ? `  Zawiadomienia o opłatach od 01.${period.slice(5)}.${period.slice(0, 4)}: ${n} (gotowe do wysyłki w kreatorze).`
            : `  Zawiadomienia o opłatach na ${period} już są — pominięto.`,
        );
      }
    } finally {
      await container.destroy();
    }
  });

const user = program.command('user').description('Manage users from the console');
user
  .command('add')
  .description('Create a user; without --password a random password is generated and printed')
  .requiredOption('--login <login>', 'login (lower-case letters, digits, . _ @ -)')
  .requiredOption('--name <name>', 'display name, e.g. "Anna Kowalska"')
  .option('--email <email>', 'e-mail address (for test sends)')
  .addOption(new Option('--role <role>', 'role').choices(['admin', 'clerk']).default('clerk'))
  .option(
    '--password <password>',
    'password (at least 12 characters, not easy to guess); prefer LISTONOSZ_PASSWORD in the environment',
  )
  .action(async (opts: { login: string; name: string; email?: string; role: string; password?: string }) => {
    const generated = randomBytes(12).toString('base64url');
    const password = opts.password ?? process.env.LISTONOSZ_PASSWORD ?? generated;
    const input = UserCreate.safeParse({
      login: opts.login,
      displayName: opts.name,
      email: opts.email ?? null,
      role: opts.role,
      password,
    });
    if (!input.success) {
      for (const issue of input.error.issues) console.error(`${issue.path.join('.')}: ${issue.message}`);
      process.exitCode = 2;
      return;
    }
    const container = await openContainer(loadConfig());
    try {
      const created = await container.services.users.create(systemActor('cli'), input.data);
      console.log(`Utworzono użytkownika ${created.login} (${created.role}).`);
      if (password === generated) console.log(`Hasło: ${generated}`);
    } catch (err) {
      // The same rules as in the browser (a weak password, a taken login): say which field and why.
      if (!(err instanceof DomainError)) throw err;
      const fields = err instanceof ValidationError ? err.fields : [];
      for (const f of fields.length > 0 ? fields : [{ path: '', message: err.message }]) {
        console.error(f.path ? `${f.path}: ${f.message}` : f.message);
      }
      process.exitCode = 2;
    } finally {
      await container.destroy();
    }
  });

registerKeyCommands(program);
registerBackupCommands(program);
registerRemoteCommands(program);

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { type Container, createContainer } from './container.js';
import { migrateToLatest } from './db/migrate.js';
import { makePrivateDir } from './lib/private-files.js';
import { systemActor } from './modules/auth/auth.js';
import { type CaptureServer, startCaptureServer } from './modules/sandbox/capture-server.js';

/** Opens the database, brings its schema up to date and checks the instance key: what every command needs. */
export async function openContainer(config: Config): Promise<Container> {
  // The folder holds the SQLite database and the instance key (unless both live elsewhere): its owner's only.
  if (config.database.dialect === 'sqlite' || !config.secretKey) makePrivateDir(config.dataDir);
  const container = await createContainer(config, {
    onBackgroundError: (err) => console.error('background job failed:', err),
  });
  await migrateToLatest(container.db, container.dialect);
  await container.checkInstanceKey();
  return container;
}

export interface RunningServer {
  app: FastifyInstance;
  capture: CaptureServer | null;
  url: string;
  stop(): Promise<void>;
}

/** Starts the HTTP server (and the capture SMTP when enabled). */
export async function startServer(container: Container, opts: { logger?: boolean } = {}): Promise<RunningServer> {
  const { config, services } = container;
  let capture: CaptureServer | null = null;
  if (config.capture.enabled) {
    capture = await startCaptureServer({
      host: config.capture.host,
      port: config.capture.port,
      maxMessageBytes: config.bodyLimitBytes * 2,
      store: (envelope, raw) => services.sandbox.capture(envelope, raw),
      authenticate: (username, password) => services.accounts.isCaptureLogin(username, password),
      onError: (err) => console.error('capture SMTP:', err),
    });
    await services.accounts.ensureCaptureAccount(config.capture.host, capture.port);
  }
  const app = await buildApp(container, { logger: opts.logger });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.replace(/:\d+$/, `:${port}`);
  const housekeeping = setInterval(() => {
    services.auth.cleanup().catch((err: unknown) => app.log.warn({ err }, 'session clean-up failed'));
  }, 3600_000);
  housekeeping.unref();
  // Batches whose run stopped with a previous process carry on (items make it idempotent).
  await services.batches.resumeStale(systemActor('start-up'));
  return {
    app,
    capture,
    url,
    async stop() {
      clearInterval(housekeeping);
      await app.close();
      await capture?.close();
    },
  };
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits. */
export function onShutdown(stop: () => Promise<void>) {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error(err);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

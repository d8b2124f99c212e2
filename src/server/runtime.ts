import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { type Container, createContainer } from './container.js';
import { migrateToLatest } from './db/migrate.js';
import { makePrivateDir } from './lib/private-files.js';
import { type MetricsServer, startMetricsServer } from './metrics/metrics-server.js';
import { systemActor } from './modules/auth/auth.js';
import { type CaptureServer, startCaptureServer } from './modules/sandbox/capture-server.js';

/** Opens the database, brings its schema up to date and checks the instance key: what every command needs. */
export async function openContainer(config: Config): Promise<Container> {
  // The folder holds the SQLite database and the instance key (unless both live elsewhere): its owner's only.
  if (config.database.dialect === 'sqlite' || !config.secretKey) makePrivateDir(config.dataDir);
  // JSON lines like the rest (D74); a batch run's failure names its batch.
  const log = pino({ level: config.logLevel, base: { component: 'background' } });
  const container = await createContainer(config, {
    onBackgroundError: (err, context) => log.error({ err, ...context }, 'background job failed'),
  });
  await migrateToLatest(container.db, container.dialect);
  await container.checkInstanceKey();
  return container;
}

export interface RunningServer {
  app: FastifyInstance;
  capture: CaptureServer | null;
  /** The port the sandbox SMTP was meant to take when another program held it (it took a free one instead). */
  captureMovedFrom: number | null;
  url: string;
  /** Stops taking requests; those in progress get `graceMs`, then their connections are closed. */
  closeHttp(graceMs: number): Promise<void>;
  /** closeHttp, then the capture SMTP (stop a worker that sends to it before this). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * A port another program holds, said in one Polish line that names the setting to change (the command prints it and
 * stops, without a stack trace).
 */
export class PortInUseError extends Error {}

const inUse = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';

/** Starts the HTTP server (and the capture SMTP when enabled). */
export async function startServer(container: Container, opts: { logger?: boolean } = {}): Promise<RunningServer> {
  const { config, services } = container;
  let capture: CaptureServer | null = null;
  let captureMovedFrom: number | null = null;
  if (config.capture.enabled) {
    const listen = (port: number) =>
      startCaptureServer({
        host: config.capture.host,
        port,
        maxMessageBytes: config.bodyLimitBytes * 2,
        store: (envelope, raw) => services.sandbox.capture(envelope, raw),
        authenticate: (username, password) => services.accounts.isCaptureLogin(username, password),
        onError: (err) => console.error('capture SMTP:', err),
      });
    try {
      capture = await listen(config.capture.port);
    } catch (err) {
      if (!inUse(err)) throw err;
      if (config.capture.portSet) {
        throw new PortInUseError(
          `Port ${config.capture.port} piaskownicy SMTP (${config.capture.host}) zajmuje inny program — ustaw inny w zmiennej CAPTURE_SMTP_PORT albo zatrzymaj tamten program.`,
        );
      }
      // Not chosen by anyone (the default 2525, taken by another mail tool): any free port does; the sandbox account
      // follows it below and the start-up line says which.
      capture = await listen(0);
      captureMovedFrom = config.capture.port;
    }
    await services.accounts.ensureCaptureAccount(config.capture.host, capture.port);
  }
  const app = await buildApp(container, { logger: opts.logger });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await capture?.close();
    if (!inUse(err)) throw err;
    throw new PortInUseError(
      `Port ${config.port} (${config.host}) zajmuje inny program — ustaw inny w zmiennej PORT albo zatrzymaj tamten program.`,
    );
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.replace(/:\d+$/, `:${port}`);
  const housekeeping = setInterval(() => {
    services.auth.cleanup().catch((err: unknown) => app.log.warn({ err }, 'session clean-up failed'));
    services.idempotency.cleanup().catch((err: unknown) => app.log.warn({ err }, 'idempotency clean-up failed'));
  }, 3600_000);
  housekeeping.unref();
  // Batches whose run stopped with a previous process carry on (items make it idempotent).
  await services.batches.resumeStale(systemActor('start-up'));
  let httpClosed: Promise<void> | null = null;
  const running: RunningServer = {
    app,
    capture,
    captureMovedFrom,
    url,
    closeHttp(graceMs) {
      httpClosed ??= (async () => {
        clearInterval(housekeeping);
        // An upload that stalls or a long request must not hold the stop: past the grace its connection is cut.
        const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
        try {
          await app.close();
        } finally {
          clearTimeout(cut);
        }
      })();
      return httpClosed;
    },
    async stop(graceMs = 5000) {
      await running.closeHttp(graceMs);
      await capture?.close();
    },
  };
  return running;
}

/**
 * This process's own /metrics on 127.0.0.1:METRICS_PORT, when set (D74): every `listonosz worker` needs one (its
 * counters live in it), each on its own port. A taken port stops the start with one Polish line.
 */
export async function startProcessMetrics(container: Container): Promise<MetricsServer | null> {
  const { metrics } = container.config;
  if (metrics.port === undefined) return null;
  try {
    return await startMetricsServer(container.observability.metrics, metrics.port, {
      token: metrics.token,
      trustProxy: false,
    });
  } catch (err) {
    if (!inUse(err)) throw err;
    throw new PortInUseError(
      `Port ${metrics.port} (127.0.0.1) na metryki zajmuje inny program — ustaw inny w zmiennej METRICS_PORT (każdy proces worker potrzebuje własnego).`,
    );
  }
}

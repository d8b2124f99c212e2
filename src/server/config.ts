import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { RetryPolicy } from './sending/retry-policy.js';

/**
 * The only reader of process.env. Parsed once with zod and frozen; everything else receives a Config.
 * Every variable is documented in README.md ("Configuration").
 */
const onOff = z.enum(['on', 'off']);

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  LISTONOSZ_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LISTONOSZ_SECRET_KEY: z
    .string()
    .regex(
      /^[A-Za-z0-9+/_-]{43}=?$/,
      'LISTONOSZ_SECRET_KEY must be 32 random bytes in base64 (openssl rand -base64 32)',
    )
    .optional(),
  CAPTURE_SMTP: onOff.optional(),
  CAPTURE_SMTP_HOST: z.string().default('127.0.0.1'),
  CAPTURE_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  TRUST_PROXY: onOff.default('off'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_MB: z.coerce.number().positive().max(200).default(25),
  IMPORT_LIMIT_MB: z.coerce.number().positive().max(2000).default(300),
  UPLOAD_QUOTA_MB_PER_DAY: z.coerce.number().min(0).max(1_000_000).default(2048),
  API_KEY_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  RENDER_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  PDF_READ_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
  PDF_READ_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(120),
  PDF_READ_MEMORY_MB: z.coerce.number().int().min(128).max(16_384).default(512),
  PDF_MAX_PAGES: z.coerce.number().int().min(1).max(100_000).default(5000),
  LISTONOSZ_WEB_ROOT: z.string().optional(),
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  SEND_LIFETIME_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(24),
  SEND_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d+(ms|s|m|h)(,\d+(ms|s|m|h))*$/, 'SEND_RETRY_SCHEDULE: comma-separated delays such as 1m,2m,5m,10m')
    .default('1m,2m,5m,10m,20m,40m,1h,2h,4h'),
  SMTP_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(60),
  WORKER_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(300),
  WORKER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  WORKER_REAP_SECONDS: z.coerce.number().positive().max(3600).default(15),
  FEEDBACK_REFRESH_SECONDS: z.coerce.number().positive().max(3600).default(30),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(15),
  FEEDBACK_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(60),
  DROP_ROOT: z.string().optional(),
  DROP_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  DROP_LEASE_SECONDS: z.coerce.number().positive().max(3600).default(120),
  WEBHOOK_ALLOW_LOOPBACK: onOff.default('off'),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: onOff.default('off'),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(60).default(10),
  METRICS_TOKEN: z
    .string()
    .min(24, 'METRICS_TOKEN must be at least 24 characters (openssl rand -base64 32)')
    .regex(/^[\x21-\x7e]+$/, 'METRICS_TOKEN: printable ASCII without spaces')
    .optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

function durationMs(text: string): number {
  const m = text.match(/^(\d+)(ms|s|m|h)$/) as RegExpMatchArray;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly database: { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string; poolSize: number };
  /** Base64 instance key from the environment; when absent it is read from (or created in) the data folder. */
  readonly secretKey: string | undefined;
  /** `portSet`: CAPTURE_SMTP_PORT was given; if not and 2525 is taken, the sandbox takes a free port instead. */
  readonly capture: { enabled: boolean; host: string; port: number; portSet: boolean };
  readonly sessionTtlMs: number;
  readonly trustProxy: boolean;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly bodyLimitBytes: number;
  /** Largest printout, ZIP or data file accepted by the document imports. */
  readonly importLimitBytes: number;
  /** Bytes one user may store per office day (documents, ZIPs, printouts, attachments); 0 turns the quota off. */
  readonly uploadQuotaBytesPerDay: number;
  /** Requests one API key may make per minute (per server process), apart from people's limits. */
  readonly apiKeyRequestsPerMinute: number;
  /** PDF rendering threads; default one per core, 0 renders on the main thread. */
  readonly renderThreads: number | undefined;
  /** Reading uploaded and stored PDFs in child processes: how many at once, and the limits per file. */
  readonly pdfRead: { processes: number; timeoutMs: number; memoryMb: number; maxPages: number };
  /** Folder of the built web app; default dist/web next to the server. */
  readonly webRoot: string | undefined;
  /** How long SIGTERM/SIGINT may take before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  /** scrypt cost; lowered only by the test suite (hashes store their own parameters). */
  readonly passwordHashCost: number;
  readonly sending: {
    readonly retry: RetryPolicy;
    readonly smtpTimeoutMs: number;
    readonly leaseMs: number;
    readonly pollMs: number;
    readonly reapEveryMs: number;
  };
  /** Feedback mailboxes: how often a worker looks for new or changed ones (a new one is read from then on), and how
   * long a reader's lease lasts unrenewed (after a crash another worker reads on after it). */
  readonly feedback: { readonly refreshMs: number; readonly leaseMs: number };
  /** Drop folders (D62): relative folder paths resolve under `root`; a file is looked at every `pollMs` and taken
   * once its size stayed the same across two looks; a worker's claim on a file lasts `leaseMs` unrenewed. */
  readonly drop: { readonly root: string; readonly pollMs: number; readonly leaseMs: number };
  /** Webhook delivery (D60): which receiver addresses are allowed besides public HTTPS ones, the time per request. */
  readonly webhooks: { readonly allowLoopback: boolean; readonly allowPrivate: boolean; readonly timeoutMs: number };
  /** /metrics (D74): the Bearer token a scrape must carry (without it, only direct requests from this machine), and
   * the port on 127.0.0.1 where this process also serves its own /metrics (each worker needs its own). */
  readonly metrics: { readonly token: string | undefined; readonly port: number | undefined };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.LISTONOSZ_DATA_DIR);
  const config: Config = {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    dataDir,
    database: e.DATABASE_URL
      ? { dialect: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { dialect: 'sqlite', path: path.join(dataDir, 'listonosz.db') },
    secretKey: e.LISTONOSZ_SECRET_KEY,
    // The capture SMTP is on by default only for the single-process SQLite set-up.
    capture: {
      enabled: (e.CAPTURE_SMTP ?? (e.DATABASE_URL ? 'off' : 'on')) === 'on',
      host: e.CAPTURE_SMTP_HOST,
      port: e.CAPTURE_SMTP_PORT,
      portSet: Boolean(env.CAPTURE_SMTP_PORT),
    },
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    trustProxy: e.TRUST_PROXY === 'on',
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: Math.round(e.BODY_LIMIT_MB * 1024 * 1024),
    importLimitBytes: Math.round(e.IMPORT_LIMIT_MB * 1024 * 1024),
    uploadQuotaBytesPerDay: Math.round(e.UPLOAD_QUOTA_MB_PER_DAY * 1024 * 1024),
    apiKeyRequestsPerMinute: e.API_KEY_REQUESTS_PER_MINUTE,
    renderThreads: e.RENDER_THREADS,
    // Two by default: PDFs are uploaded now and then, and each process may take PDF_READ_MEMORY_MB twice over.
    pdfRead: {
      processes: e.PDF_READ_PROCESSES ?? Math.min(2, availableParallelism()),
      timeoutMs: e.PDF_READ_TIMEOUT_SECONDS * 1000,
      memoryMb: e.PDF_READ_MEMORY_MB,
      maxPages: e.PDF_MAX_PAGES,
    },
    webRoot: e.LISTONOSZ_WEB_ROOT ? path.resolve(e.LISTONOSZ_WEB_ROOT) : undefined,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    passwordHashCost: 2 ** 17,
    sending: {
      retry: {
        delaysMs: e.SEND_RETRY_SCHEDULE.split(',').map(durationMs),
        jitter: 0.2,
        maxAttempts: e.SEND_MAX_ATTEMPTS,
        lifetimeMs: e.SEND_LIFETIME_HOURS * 3_600_000,
      },
      smtpTimeoutMs: e.SMTP_TIMEOUT_SECONDS * 1000,
      leaseMs: e.WORKER_LEASE_SECONDS * 1000,
      pollMs: e.WORKER_POLL_MS,
      reapEveryMs: e.WORKER_REAP_SECONDS * 1000,
    },
    feedback: { refreshMs: e.FEEDBACK_REFRESH_SECONDS * 1000, leaseMs: e.FEEDBACK_LEASE_SECONDS * 1000 },
    drop: {
      root: path.resolve(e.DROP_ROOT ?? path.join(dataDir, 'drop')),
      pollMs: e.DROP_POLL_MS,
      leaseMs: e.DROP_LEASE_SECONDS * 1000,
    },
    webhooks: {
      allowLoopback: e.WEBHOOK_ALLOW_LOOPBACK === 'on',
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'on',
      timeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
    },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT },
    ...overrides,
  };
  return Object.freeze(config);
}

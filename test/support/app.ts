import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { type Container, type ContainerOptions, createContainer } from '../../src/server/container.js';
import { systemClock } from '../../src/server/lib/clock.js';
import { systemActor } from '../../src/server/modules/auth/auth.js';
import type { Role } from '../../src/shared/auth.js';
import { createTestClock } from './clock.js';
import { createTestDb } from './db.js';

export const TEST_PASSWORD = 'Hasło-testowe-123';

export interface TestApp {
  app: FastifyInstance;
  container: Container;
  /** Environment for another process (a worker) to open this database with this instance key. */
  env: Record<string, string>;
  clock: ReturnType<typeof createTestClock>;
  close(): Promise<void>;
}

/** The whole API over a fresh database of the chosen dialect, without listening on a port. */
export async function createTestApp(
  options: Omit<ContainerOptions, 'dbHandle' | 'clock'> & {
    realClock?: boolean;
    env?: Record<string, string>;
    /** SQLite in a file rather than in memory, so other processes can share it. */
    fileDb?: boolean;
    /** A private PostgreSQL server, or a folder for the SQLite file (see createTestDb). */
    postgresUrl?: string;
    sqliteDir?: string;
    /** A folder with a built web app (index.html) to serve; by default none. */
    webRoot?: string;
  } = {},
): Promise<TestApp> {
  const { realClock, env, fileDb, webRoot, postgresUrl, sqliteDir, ...containerOptions } = options;
  const dbHandle = await createTestDb({ file: fileDb, postgresUrl, sqliteDir });
  const instanceKey = containerOptions.instanceKey ?? randomBytes(32);
  // A SQLite file in a given folder is the data folder itself (its disk is what the test is about).
  const dataDir = sqliteDir
    ? (dbHandle.env.LISTONOSZ_DATA_DIR as string)
    : mkdtempSync(path.join(tmpdir(), 'listonosz-test-'));
  const config = loadConfig(
    { NODE_ENV: 'test', LISTONOSZ_DATA_DIR: dataDir, LOG_LEVEL: 'silent', BODY_LIMIT_MB: '1', ...env },
    { passwordHashCost: 2 ** 10 },
  );
  const clock = createTestClock();
  const container = await createContainer(config, {
    dbHandle,
    clock: realClock ? systemClock : clock,
    ...containerOptions,
    instanceKey,
  });
  const app = await buildApp(container, { logger: false, webRoot: webRoot ?? path.join(dataDir, 'no-web') });
  await app.ready();
  return {
    app,
    container,
    env: { ...dbHandle.env, LISTONOSZ_SECRET_KEY: instanceKey.toString('base64') },
    clock,
    async close() {
      await app.close();
      await container.destroy();
    },
  };
}

/** Creates a user straight through the service (as the system). */
export async function createUser(t: TestApp, login: string, role: Role, positionIds: string[] = []) {
  return t.container.services.users.create(systemActor('test'), {
    login,
    displayName: login,
    email: `${login}@example.pl`,
    role,
    password: TEST_PASSWORD,
    positionIds,
  });
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function login(t: TestApp, userLogin: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: userLogin, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'listonosz_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `listonosz_session=${cookie.value}`, csrf: res.json().csrfToken };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request as a logged-in user (or anonymous with `null`), with the CSRF header the app sends. */
export function call(
  t: TestApp,
  session: Session | null,
  method: Method,
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {},
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}

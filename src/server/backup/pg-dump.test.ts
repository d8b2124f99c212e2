import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { testPostgresUrl } from '../../../test/support/db.js';
import { loadConfig } from '../config.js';
import { createContainer } from '../container.js';
import { createDb } from '../db/create-db.js';
import { loadDemoData } from '../demo/demo.js';
import { systemActor } from '../modules/auth/auth.js';

/**
 * PostgreSQL backups are PostgreSQL's own tools (docs/operations.md, D69): `pg_dump -Fc` of a database with the demo
 * data, `pg_restore` into a new database, and every table holds the same rows; the instance key opens the restored
 * database's key check. Runs in the PostgreSQL suite.
 */
const run = promisify(execFile);
let t: TestApp;
let schema = '';
const restoredDb = `restore_${randomBytes(4).toString('hex')}`;
const urlOf = (db: string) => testPostgresUrl.replace(/\/[^/?]+(\?|$)/, `/${db}$1`);

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: testPostgresUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

describe.runIf(process.env.TEST_DB === 'postgres')('pg_dump and pg_restore (PostgreSQL)', () => {
  beforeAll(async () => {
    t = await createTestApp();
    schema = decodeURIComponent(t.env.DATABASE_URL ?? '').match(/search_path=(\w+)/)?.[1] ?? '';
    await loadDemoData(t.container.services, { units: 30 });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await admin((c) => c.query(`drop database if exists ${restoredDb} with (force)`));
  });

  it('a dump restores into a new database with every row, and the instance key still opens it', async () => {
    expect(schema).toMatch(/^t_/);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'listonosz-pgdump-')), 'listonosz.dump');
    await run('pg_dump', ['--format=custom', `--schema=${schema}`, '--no-owner', `--file=${file}`, testPostgresUrl]);
    await admin((c) => c.query(`create database ${restoredDb}`));
    // A whole-database dump carries its extensions; this one is of one schema, so pg_trgm comes first by hand.
    const restoredUrl = urlOf(restoredDb);
    const setup = new pg.Client({ connectionString: restoredUrl });
    await setup.connect();
    await setup.query('create extension if not exists pg_trgm with schema public');
    await setup.end();
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restoredUrl}`, file]);

    const original = t.container.db;
    const restored = createDb({ dialect: 'postgres', url: restoredUrl, searchPath: schema, poolSize: 2 });
    const tables = ['positions', 'properties', 'units', 'recipients', 'smtp_accounts', 'audit_log'] as const;
    try {
      for (const table of tables) {
        const rows = async (db: typeof original) =>
          Number(
            (
              await db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        expect({ table, n: await rows(restored.db) }).toEqual({ table, n: await rows(original) });
      }
    } finally {
      await restored.destroy();
    }
    // The instance key opens the restored database's key check (the stored SMTP passwords stay readable).
    const config = loadConfig({
      LISTONOSZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'listonosz-pgrestore-')),
      DATABASE_URL: `${restoredUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      LISTONOSZ_SECRET_KEY: t.env.LISTONOSZ_SECRET_KEY ?? '',
      LOG_LEVEL: 'silent',
    });
    const container = await createContainer(config);
    try {
      await expect(container.checkInstanceKey()).resolves.not.toThrow();
      expect((await container.services.positions.list(systemActor('test'))).length).toBeGreaterThan(0);
    } finally {
      await container.destroy();
    }
  }, 120_000);
});

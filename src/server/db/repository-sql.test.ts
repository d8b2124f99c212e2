import {
  DummyDriver,
  Kysely,
  NoResultError,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../repositories.js';
import { type DialectName, dialectSql } from './dialect.js';
import type { Database } from './schema.js';

/**
 * Every repository query, compiled for SQLite and for PostgreSQL and kept as a file snapshot
 * (src/server/db/queries/<dialect>/<repository>.sql), so a reviewer sees each SQL change in the diff.
 * Nothing runs: a dummy driver returns no rows.
 */
function compilingDb(dialect: DialectName, sink: string[]) {
  return new Kysely<Database>({
    dialect:
      dialect === 'sqlite'
        ? {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          }
        : {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new PostgresIntrospector(db),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          },
    log: (event) => {
      const params = event.query.parameters.map((p) => (Buffer.isBuffer(p) ? `<${p.length} bytes>` : p));
      sink.push(`${event.query.sql};\n-- params: ${JSON.stringify(params)}`);
    },
  });
}

import { coreCases } from './repository-sql.cases-core.fixture.js';
import { documentCases } from './repository-sql.cases-documents.fixture.js';
import { downloadLinkCases } from './repository-sql.cases-download-links.fixture.js';
import { feedbackCases } from './repository-sql.cases-feedback.fixture.js';
import { importCases } from './repository-sql.cases-imports.fixture.js';
import { inboxCases } from './repository-sql.cases-inbox.fixture.js';
import { intakeCases } from './repository-sql.cases-intake.fixture.js';
import { keyCases } from './repository-sql.cases-keys.fixture.js';
import { messageCases } from './repository-sql.cases-messages.fixture.js';
import { storageCases } from './repository-sql.cases-storage.fixture.js';
import { suppressionCases } from './repository-sql.cases-suppressions.fixture.js';
import { triageCases } from './repository-sql.cases-triage.fixture.js';
import { webhookCases } from './repository-sql.cases-webhooks.fixture.js';

const cases = {
  ...coreCases,
  ...messageCases,
  ...importCases,
  ...documentCases,
  ...storageCases,
  ...suppressionCases,
  ...feedbackCases,
  ...triageCases,
  ...inboxCases,
  ...intakeCases,
  ...keyCases,
  ...webhookCases,
  ...downloadLinkCases,
};

describe.each(['sqlite', 'postgres'] as const)('repository SQL (%s)', (dialect) => {
  const repos = createRepositories(dialectSql(dialect));

  it('has a case for every repository method', () => {
    for (const [name, repo] of Object.entries(repos)) {
      expect(Object.keys(cases[name as keyof Repositories]).sort(), name).toEqual(Object.keys(repo).sort());
    }
  });

  it.each(Object.keys(repos) as (keyof Repositories)[])('%s', async (name) => {
    const out: string[] = [];
    for (const [method, argLists] of Object.entries(cases[name])) {
      for (const args of argLists as unknown[][]) {
        const sink: string[] = [];
        const fn = (repos[name] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
        // Methods that insist on a row throw NoResultError here; their query was compiled all the same.
        await fn(compilingDb(dialect, sink), ...args).catch((err: unknown) => {
          if (!(err instanceof NoResultError)) throw err;
        });
        out.push(`-- ${name}.${method}\n${sink.join('\n') || '-- (no query)'}`);
      }
    }
    await expect(`${out.join('\n\n')}\n`).toMatchFileSnapshot(`./queries/${dialect}/${name}.sql`);
  });
});

/**
 * bench:mailbox — how fast a mailbox page answers over 200 000 (or 2 000 000) messages.
 *
 * Seeds N messages (default 200 000) spread over six accounts and every mailbox, then times, through the real
 * HTTP app (session check, validation, query, serialisation):
 *   - first page: the outbox view as an administrator (GET /api/mailboxes/outbox);
 *   - deep page: the outbox filtered by account and a text search, at a keyset cursor ~10 pages in;
 *   - rare search: one person's e-mail address searched in the whole sent mailbox.
 *   - property: the outbox filtered by a property (half the messages come from documents of four properties,
 *     one of them holding a tenth of the documents); `--property-index=no` drops documents(property_id) first.
 *   - counts: GET /api/mailboxes/counts (the dashboard's and the tabs' figures), unfiltered and for one account.
 * Usage: npm run bench:mailbox [-- --dialect=postgres] [--rows=200000] [--runs=200] [--reuse=<file|schema>]
 * `--reuse` keeps the seeded database (a SQLite file path, or a PostgreSQL schema in the test database) and, when
 * it already holds messages, times it without seeding again (see mailbox-seed.ts; drop the schema or delete
 * the file when done).
 * The last line is JSON: {"dialect","rows","p50_ms","p95_ms", …} (p50/p95 of the slowest scenario).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { createContainer } from '../src/server/container.js';
import { type BenchFixtures, openBenchDb, seed, seededFixtures } from './mailbox-seed.js';
import { argValue, percentiles, rssMb } from './support.js';

const dialect = argValue('dialect', 'sqlite') === 'postgres' ? 'postgres' : 'sqlite';
let rows = Number(argValue('rows', '200000'));
const runs = Number(argValue('runs', '200'));
const propertyIndex = argValue('property-index', 'yes') !== 'no';
const reuse = argValue('reuse', '') || null;

async function main() {
  const { handle, reused, keep } = await openBenchDb(dialect, reuse);
  const config = loadConfig(
    { NODE_ENV: 'test', LISTONOSZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'listonosz-bench-')), LOG_LEVEL: 'silent' },
    { passwordHashCost: 2 ** 10 },
  );
  const container = await createContainer(config, { dbHandle: handle, instanceKey: randomBytes(32) });
  const { db } = container;

  const started = Date.now();
  let seedSeconds: number | null = null;
  let fixtures: BenchFixtures;
  if (reused) {
    fixtures = await seededFixtures(db);
    const { n } = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    rows = Number(n);
    console.log(`${dialect}: reusing ${reuse} with ${rows} messages (--rows ignored)`);
  } else {
    fixtures = await seed(container, dialect, rows);
    seedSeconds = (Date.now() - started) / 1000;
    console.log(
      `${dialect}: seeded ${rows} messages in ${seedSeconds.toFixed(1)} s (${Math.round(rows / seedSeconds)} rows/s)`,
    );
  }
  const { accountIds, propertyIds } = fixtures;
  // Dropped for this run only (a kept database gets it back at the end).
  if (!propertyIndex) await sql`drop index documents_property`.execute(db);

  const app = await buildApp(container, { logger: false, webRoot: path.join(config.dataDir, 'no-web') });
  await app.ready();
  const loginRes = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login: 'bench', password: 'Hasło-benchmarku-1' },
  });
  const cookie = `listonosz_session=${loginRes.cookies.find((c) => c.name === 'listonosz_session')?.value}`;
  const get = async (url: string) => {
    const t0 = process.hrtime.bigint();
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return { ms, body: res.json() as { items: unknown[]; nextCursor: string | null } };
  };

  // Deep pages: for each (account, search term), walk 10 pages in (not timed) and remember the cursor.
  // Term i is searched within account i, whose messages are all of document kind i (see SUBJECTS).
  const terms = ['nowak', 'faktura', 'wody', 'rozliczenie roczne', 'łukasik', 'słoneczna'];
  const deepUrls: string[] = [];
  for (const [i, term] of terms.entries()) {
    const filter = `/api/mailboxes/outbox?accountId=${accountIds[i % accountIds.length]}&q=${encodeURIComponent(term)}&limit=50`;
    let cursor: string | null = null;
    let depth = 0;
    for (; depth < 10; depth++) {
      const { body } = await get(`${filter}${cursor ? `&cursor=${cursor}` : ''}`);
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    deepUrls.push(`${filter}${cursor ? `&cursor=${cursor}` : ''}`);
    console.log(`deep page for "${term}": ${depth} pages in`);
  }

  // One person's e-mail address, searched in the whole sent mailbox: a rare term over the largest view.
  const rareUrls = [17, 4242, 99_999, 150_001].map(
    (i) => `/api/mailboxes/sent?q=${encodeURIComponent(`.${i}@example.pl`)}&limit=50`,
  );

  // The outbox of one property: the largest one and the rare one in turn.
  const propertyUrls = [0, 2].map((i) => `/api/mailboxes/outbox?propertyId=${propertyIds[i]}&limit=50`);

  const firstPage: number[] = [];
  const deepPage: number[] = [];
  const rarePage: number[] = [];
  const propertyPage: number[] = [];
  const countsCall: number[] = [];
  for (let i = 0; i < 20; i++) await get('/api/mailboxes/outbox?limit=50'); // warm-up
  for (let i = 0; i < runs; i++) {
    firstPage.push((await get('/api/mailboxes/outbox?limit=50')).ms);
    deepPage.push((await get(deepUrls[i % deepUrls.length] as string)).ms);
    rarePage.push((await get(rareUrls[i % rareUrls.length] as string)).ms);
    propertyPage.push((await get(propertyUrls[i % propertyUrls.length] as string)).ms);
    // The dashboard's and the tabs' counts (refreshed every 5 s), unfiltered and for one account in turn.
    countsCall.push((await get(`/api/mailboxes/counts${i % 2 ? `?accountId=${accountIds[0]}` : ''}`)).ms);
  }
  const first = percentiles(firstPage);
  const deep = percentiles(deepPage);
  const rare = percentiles(rarePage);
  const byProperty = percentiles(propertyPage);
  const counts = percentiles(countsCall);
  console.log(`outbox first page: p50 ${first.p50_ms} ms, p95 ${first.p95_ms} ms (n=${first.n})`);
  console.log(
    `outbox deep page, account filter + text search: p50 ${deep.p50_ms} ms, p95 ${deep.p95_ms} ms (n=${deep.n})`,
  );
  console.log(`sent, search for one e-mail address: p50 ${rare.p50_ms} ms, p95 ${rare.p95_ms} ms (n=${rare.n})`);
  console.log(
    `outbox of one property (documents(property_id) index ${propertyIndex ? 'present' : 'dropped'}): p50 ${byProperty.p50_ms} ms, p95 ${byProperty.p95_ms} ms (n=${byProperty.n})`,
  );
  console.log(`mailbox counts (capped, D81): p50 ${counts.p50_ms} ms, p95 ${counts.p95_ms} ms (n=${counts.n})`);
  const worse = [first, deep, rare, byProperty, counts].reduce((a, b) => (b.p95_ms > a.p95_ms ? b : a));
  await app.close();
  if (!propertyIndex) await sql`create index documents_property on documents (property_id, id)`.execute(db);
  await container.destroy();
  if (keep) console.log(`kept the database: --reuse=${reuse}`);
  console.log(
    JSON.stringify({
      dialect,
      rows,
      p50_ms: worse.p50_ms,
      p95_ms: worse.p95_ms,
      first_page: { p50_ms: first.p50_ms, p95_ms: first.p95_ms },
      deep_page: { p50_ms: deep.p50_ms, p95_ms: deep.p95_ms },
      rare_search: { p50_ms: rare.p50_ms, p95_ms: rare.p95_ms },
      property: { p50_ms: byProperty.p50_ms, p95_ms: byProperty.p95_ms, index: propertyIndex },
      counts: { p50_ms: counts.p50_ms, p95_ms: counts.p95_ms },
      seed_rows_per_s: seedSeconds === null ? null : Math.round(rows / seedSeconds),
      rss_mb: rssMb(),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

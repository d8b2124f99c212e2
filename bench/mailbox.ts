/**
 * bench:mailbox — how fast a mailbox page answers over 200 000 messages.
 *
 * Seeds N messages (default 200 000) spread over six accounts and every mailbox, then times, through the real
 * HTTP app (session check, validation, query, serialisation):
 *   - first page: the outbox view as an administrator (GET /api/mailboxes/outbox);
 *   - deep page: the outbox filtered by account and a text search, at a keyset cursor ~10 pages in;
 *   - rare search: one person's e-mail address searched in the whole sent mailbox.
 *   - property: the outbox filtered by a property (half the messages come from documents of four properties,
 *     one of them holding a tenth of the documents); `--property-index=no` drops documents(property_id) first.
 * Usage: npm run bench:mailbox [-- --dialect=postgres] [--rows=200000] [--runs=200]
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
import type { NewRow } from '../src/server/db/schema.js';
import { newId } from '../src/server/lib/ids.js';
import { systemActor } from '../src/server/modules/auth/auth.js';
import { messageIdHeader, messageSearchFields } from '../src/server/modules/messages/messages.js';
import { mailboxOf } from '../src/shared/messages.js';
import { DOCUMENT_TYPES, pickStatus, sampleMessage } from '../test/support/sample-messages.js';
import { argValue, benchDb, percentiles, rssMb, seededRandom } from './support.js';

const dialect = argValue('dialect', 'sqlite') === 'postgres' ? 'postgres' : 'sqlite';
const rows = Number(argValue('rows', '200000'));
const runs = Number(argValue('runs', '200'));
const propertyIndex = argValue('property-index', 'yes') !== 'no';

async function main() {
  const handle = await benchDb(dialect);
  const config = loadConfig(
    { NODE_ENV: 'test', LISTONOSZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'listonosz-bench-')), LOG_LEVEL: 'silent' },
    { passwordHashCost: 2 ** 10 },
  );
  const container = await createContainer(config, { dbHandle: handle, instanceKey: randomBytes(32) });
  const { db } = container;
  const admin = systemActor('bench');

  const accountIds: string[] = [];
  for (let i = 1; i <= 6; i++) {
    const account = await container.services.accounts.create(admin, {
      name: `Konto ${i}`,
      fromName: `Administracja ${i}`,
      fromAddress: `konto${i}@example.pl`,
      feedbackAddress: `zwroty${i}@example.pl`,
      envelopeMode: 'feedback',
      readReceipt: false,
      host: '127.0.0.1',
      port: 2525,
      security: 'none',
      username: null,
      password: null,
      rates: { perSecond: null, perMinute: null, perHour: null, perDay: null },
      dkim: null,
      status: 'active',
      maxConnections: 5,
    });
    accountIds.push(account.id);
  }
  await container.services.users.create(admin, {
    login: 'bench',
    displayName: 'Bench',
    email: null,
    role: 'admin',
    password: 'Hasło-benchmarku-1',
    positionIds: [],
  });

  // Four properties and 2 000 documents (one stored PDF); every other message is made from one of them.
  const now = new Date().toISOString();
  const propertyIds = [1, 2, 3, 4].map(() => newId());
  await db
    .insertInto('properties')
    .values(
      propertyIds.map((id, i) => ({
        id,
        name: `Nieruchomość ${i + 1}`,
        kind: 'community' as const,
        street: `ul. Lipowa ${i + 1}`,
        postal_code: '31-042',
        city: 'Kraków',
        nip: null,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  const pdfSha = 'bench'.padEnd(64, '0');
  await db
    .insertInto('blobs')
    .values({ sha256: pdfSha, size: 4, data: Buffer.from('%PDF'), created_at: now })
    .execute();
  // Property 1 holds 6 of 10 documents, 2 holds 3, 3 holds 1 (the rare one), 4 none.
  const propertyOfDoc = (j: number) => propertyIds[j % 10 < 6 ? 0 : j % 10 < 9 ? 1 : 2] as string;
  const documentIds = Array.from({ length: 2000 }, () => newId());
  for (let j = 0; j < documentIds.length; j += 500) {
    await db
      .insertInto('documents')
      .values(
        documentIds.slice(j, j + 500).map((id, k) => ({
          id,
          type: 'fee_notice',
          source: 'data' as const,
          recipient_key: `K-${j + k}`,
          recipient_id: null,
          unit_id: null,
          property_id: propertyOfDoc(j + k),
          period: '2026-01',
          title: 'Zawiadomienie',
          data: '{}',
          parties: '{}',
          pdf_sha256: pdfSha,
          pdf_size: 4,
          filename: 'z.pdf',
          import_id: null,
          created_by: null,
          created_at: now,
        })),
      )
      .execute();
  }
  if (!propertyIndex) await sql`drop index documents_property`.execute(db);

  const random = seededRandom(20260301);
  const started = Date.now();
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  const batch: NewRow<'messages'>[] = [];
  const chunk = dialect === 'sqlite' ? 900 : 1500;
  for (let i = 0; i < rows; i++) {
    const { toName, toAddress, subject } = sampleMessage(i, random);
    const id = newId();
    const at = new Date(base + i * 20_000 + Math.floor(random() * 10_000)).toISOString();
    const status = pickStatus(random());
    const accountId = accountIds[i % accountIds.length] as string;
    batch.push({
      id,
      account_id: accountId,
      recipient_id: null,
      to_name: toName,
      to_address: toAddress,
      subject,
      status,
      mailbox: mailboxOf(status),
      message_id_header: messageIdHeader(id, 'konto@example.pl'),
      document_type: DOCUMENT_TYPES[i % DOCUMENT_TYPES.length] as string,
      send_at: null,
      queued_at: status === 'draft' ? null : at,
      sent_at: status === 'sent' ? at : null,
      last_error: status === 'failed' ? '550 5.1.1 User unknown' : null,
      ...messageSearchFields({ subject, toName, toAddress }),
      created_by: null,
      created_at: at,
      updated_at: at,
      document_id: i % 2 === 0 ? (documentIds[(i / 2) % documentIds.length] as string) : null,
    });
    if (batch.length === chunk || i === rows - 1) {
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('messages').values(batch).execute();
        await tx
          .insertInto('message_bodies')
          .values(
            batch.map((m) => ({
              message_id: m.id,
              html: `<p>Szanowni Państwo,</p><p>w załączeniu przesyłamy dokument: ${m.subject}.</p>${'<p>Treść wiadomości.</p>'.repeat(30)}`,
              text: `Szanowni Państwo,\n\nw załączeniu przesyłamy dokument: ${m.subject}.\n${'Treść wiadomości.\n'.repeat(30)}`,
            })),
          )
          .execute();
      });
      batch.length = 0;
    }
  }
  await sql`analyze`.execute(db);
  const seedSeconds = (Date.now() - started) / 1000;
  console.log(
    `${dialect}: seeded ${rows} messages in ${seedSeconds.toFixed(1)} s (${Math.round(rows / seedSeconds)} rows/s)`,
  );

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
  for (let i = 0; i < 20; i++) await get('/api/mailboxes/outbox?limit=50'); // warm-up
  for (let i = 0; i < runs; i++) {
    firstPage.push((await get('/api/mailboxes/outbox?limit=50')).ms);
    deepPage.push((await get(deepUrls[i % deepUrls.length] as string)).ms);
    rarePage.push((await get(rareUrls[i % rareUrls.length] as string)).ms);
    propertyPage.push((await get(propertyUrls[i % propertyUrls.length] as string)).ms);
  }
  const first = percentiles(firstPage);
  const deep = percentiles(deepPage);
  const rare = percentiles(rarePage);
  const byProperty = percentiles(propertyPage);
  console.log(`outbox first page: p50 ${first.p50_ms} ms, p95 ${first.p95_ms} ms (n=${first.n})`);
  console.log(
    `outbox deep page, account filter + text search: p50 ${deep.p50_ms} ms, p95 ${deep.p95_ms} ms (n=${deep.n})`,
  );
  console.log(`sent, search for one e-mail address: p50 ${rare.p50_ms} ms, p95 ${rare.p95_ms} ms (n=${rare.n})`);
  console.log(
    `outbox of one property (documents(property_id) index ${propertyIndex ? 'present' : 'dropped'}): p50 ${byProperty.p50_ms} ms, p95 ${byProperty.p95_ms} ms (n=${byProperty.n})`,
  );
  const worse = [first, deep, rare, byProperty].reduce((a, b) => (b.p95_ms > a.p95_ms ? b : a));
  await app.close();
  if (process.argv.includes('--keep')) console.log('kept the database (--keep)');
  else await container.destroy();
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
      seed_rows_per_s: Math.round(rows / seedSeconds),
      rss_mb: rssMb(),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * Seeding for bench:mailbox: millions of realistic messages in minutes, and a seeded database kept for the next
 * run (`--reuse=<file or schema>`), so tuning a query is not dominated by seeding.
 *
 * The rows are the app's own shapes (sampleMessage, messageSearchFields, a body per message). What is not the
 * app's way is the order of work: the secondary indexes, the FTS triggers (SQLite) and the trigram index of
 * `messages` and `message_bodies` are dropped before the load and re-created after it from their own stored
 * definitions, because maintaining eighteen indexes row by row is what made 2 000 000 rows take most of an hour.
 * The result is the installation's schema, with indexes as compact as a freshly built one.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Container } from '../src/server/container.js';
import { createDb, type DbHandle } from '../src/server/db/create-db.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import type { Database, NewRow } from '../src/server/db/schema.js';
import { newId } from '../src/server/lib/ids.js';
import { systemActor } from '../src/server/modules/auth/auth.js';
import { messageIdHeader, messageSearchFields } from '../src/server/modules/messages/messages.js';
import { mailboxOf } from '../src/shared/messages.js';
import { loopbackAccount } from '../test/support/accounts.js';
import { createTestDb, testPostgresUrl } from '../test/support/db.js';
import { DOCUMENT_TYPES, pickStatus, sampleMessage } from '../test/support/sample-messages.js';
import { seededRandom } from './support.js';

type Dialect = 'sqlite' | 'postgres';
export interface BenchFixtures {
  accountIds: string[];
  propertyIds: string[];
}

/**
 * The bench's database: a kept one when `reuse` names an existing SQLite file / PostgreSQL schema (migrated to
 * the latest version, so a new index migration applies to it), a new one (kept under that name) otherwise.
 */
export async function openBenchDb(
  dialect: Dialect,
  reuse: string | null,
): Promise<{ handle: DbHandle; reused: boolean; keep: boolean }> {
  if (dialect === 'postgres') {
    if (!reuse) return { handle: await createTestDb({ dialect: 'postgres' }), reused: false, keep: false };
    if (!/^[a-z_][a-z0-9_]*$/.test(reuse)) throw new Error(`--reuse: "${reuse}" is not a plain schema name`);
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    const found = await admin.query('select 1 from pg_namespace where nspname = $1', [reuse]);
    if (found.rowCount === 0) await admin.query(`create schema ${reuse}`);
    await admin.end();
    const handle = createDb({ dialect: 'postgres', url: testPostgresUrl, searchPath: reuse, poolSize: 5 });
    await migrateToLatest(handle.db, handle.dialect);
    return { handle, reused: found.rowCount !== 0 && (await hasMessages(handle.db)), keep: true };
  }
  const dir = reuse ? null : mkdtempSync(path.join(tmpdir(), 'listonosz-bench-'));
  const file = reuse ?? path.join(dir as string, 'bench.db');
  const existed = existsSync(file);
  const opened = createDb({ dialect: 'sqlite', path: file });
  console.log(`SQLite file: ${file}`);
  await migrateToLatest(opened.db, opened.dialect);
  const handle: DbHandle = {
    ...opened,
    async destroy() {
      await opened.destroy();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return { handle, reused: existed && (await hasMessages(opened.db)), keep: reuse !== null };
}

async function hasMessages(db: Kysely<Database>) {
  return (await db.selectFrom('messages').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** The accounts and properties of an already seeded database, in the order seeding made them. */
export async function seededFixtures(db: Kysely<Database>): Promise<BenchFixtures> {
  const accounts = await db.selectFrom('smtp_accounts').select('id').orderBy('name').execute();
  const properties = await db.selectFrom('properties').select('id').orderBy('name').execute();
  return { accountIds: accounts.map((a) => a.id), propertyIds: properties.map((p) => p.id) };
}

/** Six accounts, a user, four properties with 2 000 documents, and `rows` messages with their bodies. */
export async function seed(container: Container, dialect: Dialect, rows: number): Promise<BenchFixtures> {
  const { db } = container;
  const admin = systemActor('bench');
  const accountIds: string[] = [];
  for (let i = 1; i <= 6; i++) {
    const account = await container.services.accounts.create(
      admin,
      loopbackAccount({
        name: `Konto ${i}`,
        fromName: `Administracja ${i}`,
        fromAddress: `konto${i}@example.pl`,
        feedbackAddress: `zwroty${i}@example.pl`,
        envelopeMode: 'feedback',
        maxConnections: 5,
      }),
    );
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

  await withoutIndexes(db, dialect, async (conn) => {
    const random = seededRandom(20260301);
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    // Statement size: SQLite binds at most 32 766 parameters, PostgreSQL 65 535 (26 columns a message).
    const chunk = dialect === 'sqlite' ? 1000 : 2000;
    // Rows a transaction: few commits, without one transaction holding millions of rows.
    const perTransaction = 50_000;
    const batch: NewRow<'messages'>[] = [];
    let pending = 0;
    await sql`begin`.execute(conn);
    for (let i = 0; i < rows; i++) {
      const { toName, toAddress, subject } = sampleMessage(i, random);
      const id = newId();
      const at = new Date(base + i * 20_000 + Math.floor(random() * 10_000)).toISOString();
      const status = pickStatus(random());
      batch.push({
        id,
        account_id: accountIds[i % accountIds.length] as string,
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
      if (batch.length < chunk && i < rows - 1) continue;
      await conn.insertInto('messages').values(batch).execute();
      await conn
        .insertInto('message_bodies')
        .values(
          batch.map((m) => ({
            message_id: m.id,
            html: `<p>Szanowni Państwo,</p><p>w załączeniu przesyłamy dokument: ${m.subject}.</p>${'<p>Treść wiadomości.</p>'.repeat(30)}`,
            text: `Szanowni Państwo,\n\nw załączeniu przesyłamy dokument: ${m.subject}.\n${'Treść wiadomości.\n'.repeat(30)}`,
          })),
        )
        .execute();
      pending += batch.length;
      batch.length = 0;
      if (pending >= perTransaction) {
        await sql`commit`.execute(conn);
        await sql`begin`.execute(conn);
        pending = 0;
      }
      if ((i + 1) % 500_000 < chunk) console.log(`  … ${i + 1} messages`);
    }
    await sql`commit`.execute(conn);
  });
  return { accountIds, propertyIds };
}

/**
 * Runs the load on one connection with the indexes (and SQLite's FTS triggers) of the two big tables set aside,
 * then re-creates them from the definitions the database itself stored, and fills the SQLite FTS index in one go.
 * PostgreSQL's search table (D91) is filled by its insert trigger as the messages go in, its trigram index set
 * aside too.
 */
async function withoutIndexes(db: Kysely<Database>, dialect: Dialect, load: (conn: Kysely<Database>) => Promise<void>) {
  await db.connection().execute(async (conn) => {
    const started = Date.now();
    if (dialect === 'sqlite') {
      const { rows: defs } = await sql<{ type: string; name: string; sql: string }>`
        select type, name, sql from sqlite_master
        where tbl_name in ('messages', 'message_bodies') and type in ('index', 'trigger') and sql is not null`.execute(
        conn,
      );
      for (const d of defs) await sql`${sql.raw(`drop ${d.type}`)} ${sql.ref(d.name)}`.execute(conn);
      await load(conn);
      console.log(`  loaded in ${((Date.now() - started) / 1000).toFixed(1)} s; building indexes`);
      for (const d of defs.filter((x) => x.type === 'index')) await sql.raw(d.sql).execute(conn);
      await sql`insert into messages_fts(messages_fts) values ('rebuild')`.execute(conn);
      for (const d of defs.filter((x) => x.type === 'trigger')) await sql.raw(d.sql).execute(conn);
    } else {
      // Indexes that back a constraint (primary keys, unique columns) stay: they are part of the table.
      const { rows: defs } = await sql<{ name: string; def: string }>`
        select c.relname as name, pg_get_indexdef(i.indexrelid) as def
        from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
        where t.relname in ('messages', 'message_bodies', 'messages_search') and t.relnamespace = current_schema()::regnamespace
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`.execute(conn);
      for (const d of defs) await sql`drop index ${sql.ref(d.name)}`.execute(conn);
      // A bench's load need not wait for the WAL to reach the disk at every commit.
      await sql`set synchronous_commit = off`.execute(conn);
      await load(conn);
      console.log(`  loaded in ${((Date.now() - started) / 1000).toFixed(1)} s; building indexes`);
      await sql`set maintenance_work_mem = '256MB'`.execute(conn);
      for (const d of defs) await sql.raw(d.def).execute(conn);
      await sql`reset maintenance_work_mem`.execute(conn);
      await sql`reset synchronous_commit`.execute(conn);
    }
    // PostgreSQL: as autovacuum does after a bulk insert (an insert-only table is vacuumed too since PostgreSQL 13),
    // which also sets the visibility map that index-only scans (the capped counts) rely on.
    await (dialect === 'postgres'
      ? sql`vacuum (analyze) messages, message_bodies, messages_search`
      : sql`analyze`
    ).execute(conn);
    if (dialect === 'postgres') await sql`analyze`.execute(conn);
    console.log(`  indexes built in ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  });
}

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle, testDialect } from '../../../../test/support/db.js';
import { messageRow } from '../../../../test/support/sample-messages.js';
import { migrateTo, migrateToLatest } from '../migrate.js';

// 0034 (PostgreSQL): messages that existed before it are copied into messages_search and found through its index;
// down puts the index back on messages, and up again copies what was written in between.
let handle: TestDbHandle;

beforeAll(async () => {
  handle = await createTestDb({ migrate: false });
});
afterAll(() => handle?.destroy());

async function indexesOf(table: string) {
  const { rows } = await sql<{ name: string }>`
    select indexname as name from pg_indexes where schemaname = current_schema() and tablename = ${table}`.execute(
    handle.db,
  );
  return rows.map((r) => r.name);
}

async function insertMessages(from: number, count: number) {
  const now = new Date().toISOString();
  const account = `acc-${from}`;
  await sql`insert into smtp_accounts (id, kind, name, from_name, from_address, feedback_address, envelope_mode, host,
      port, security, status, created_at, updated_at)
    values (${account}, 'capture', ${account}, 'Biuro', 'konto@example.pl', 'zwroty@example.pl', 'feedback',
      '127.0.0.1', 2525, 'none', 'active', ${now}, ${now})`.execute(handle.db);
  const rows = Array.from({ length: count }, (_, i) => messageRow(from + i, account, 'draft'));
  await handle.db.insertInto('messages').values(rows).execute();
  return rows;
}

async function found(term: string) {
  const where = await handle.dialect.searchTextContains(handle.db, 'messages', term);
  const rows = await handle.db.selectFrom('messages').select('id').where(where).orderBy('id').execute();
  return rows.map((r) => r.id);
}

describe.runIf(testDialect === 'postgres')('migration 0034 (PostgreSQL)', () => {
  it('copies the existing messages, goes down to the index on messages and up again', async () => {
    await migrateTo(handle.db, handle.dialect, '0033_sent_indexes');
    const before = await insertMessages(100, 20);
    expect(await indexesOf('messages')).toContain('messages_search_words');

    await migrateToLatest(handle.db, handle.dialect);
    expect(await indexesOf('messages')).not.toContain('messages_search_words');
    expect(await indexesOf('messages_search')).toContain('messages_search_words');
    expect(await found('lokator.117@')).toEqual([before[17]?.id]);

    await migrateTo(handle.db, handle.dialect, '0033_sent_indexes');
    expect(await indexesOf('messages')).toContain('messages_search_words');
    const between = await insertMessages(200, 5);
    await migrateToLatest(handle.db, handle.dialect);
    expect(await found('lokator.203@')).toEqual([between[3]?.id]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from messages_search`.execute(handle.db);
    expect(rows[0]?.n).toBe(25);
  });
});

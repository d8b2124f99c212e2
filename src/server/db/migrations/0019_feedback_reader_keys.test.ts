import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../../test/support/db.js';
import { migrateTo, migrateToLatest } from '../migrate.js';

let handle: TestDbHandle;
const at = '2026-12-01T10:00:00.000Z';

// biome-ignore lint/suspicious/noExplicitAny: rows of the schema before 0019 (the typed schema is the latest one).
const raw = () => handle.db as any;

async function mailbox(id: string) {
  await raw()
    .insertInto('feedback_mailboxes')
    .values({
      id,
      name: `Skrzynka ${id}`,
      host: 'imap.example.test',
      port: 993,
      security: 'tls',
      username: 'zwroty',
      auth: 'password',
      folders: '["INBOX"]',
      process_since: at,
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .execute();
}

async function readerRows(mailboxId: string, status: 'ok' | 'error' = 'ok') {
  await raw()
    .insertInto('feedback_reader_leases')
    .values({ mailbox_id: mailboxId, status, last_error: status === 'error' ? 'x' : null, updated_at: at })
    .execute();
  await raw()
    .insertInto('feedback_mailbox_state')
    .values({ mailbox_id: mailboxId, folder: 'INBOX', uidvalidity: '7', last_uid: 2, updated_at: at })
    .execute();
  for (const uid of [1, 2]) {
    await raw()
      .insertInto('feedback_messages')
      .values({
        id: `${mailboxId}-${uid}`,
        mailbox_id: mailboxId,
        folder: 'INBOX',
        uidvalidity: '7',
        uid,
        size: 10,
        kind: 'hard_bounce',
        duplicate_of: uid === 2 ? `${mailboxId}-1` : null,
        created_at: at,
      })
      .execute();
  }
}

const count = async (table: string, mailboxId: string) =>
  Number(
    (
      await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where mailbox_id = ${mailboxId}`.execute(
        handle.db,
      )
    ).rows[0]?.n,
  );

beforeAll(async () => {
  handle = await createTestDb({ migrate: false });
  await migrateTo(handle.db, handle.dialect, '0016_feedback_effects');
  await mailbox('kept');
  await readerRows('kept', 'error');
  await readerRows('gone');
  await migrateToLatest(handle.db, handle.dialect);
});
afterAll(() => handle?.destroy());

describe('migration 0019: reader tables keyed to their mailbox', () => {
  it('keeps every row of an existing mailbox, duplicates still pointing at their first copy', async () => {
    expect(await count('feedback_reader_leases', 'kept')).toBe(1);
    expect(await count('feedback_mailbox_state', 'kept')).toBe(1);
    const messages = await handle.db
      .selectFrom('feedback_messages')
      .select(['id', 'duplicate_of'])
      .where('mailbox_id', '=', 'kept')
      .orderBy('uid')
      .execute();
    expect(messages).toEqual([
      { id: 'kept-1', duplicate_of: null },
      { id: 'kept-2', duplicate_of: 'kept-1' },
    ]);
    const lease = await handle.db.selectFrom('feedback_reader_leases').selectAll().executeTakeFirstOrThrow();
    expect(lease).toMatchObject({ status: 'error', error_since: at, last_error_detail: null });
  });

  it('drops the rows of mailboxes deleted before (they cannot keep a key)', async () => {
    for (const table of ['feedback_reader_leases', 'feedback_mailbox_state', 'feedback_messages']) {
      expect(await count(table, 'gone')).toBe(0);
    }
  });

  it('refuses rows for a mailbox that does not exist', async () => {
    await expect(
      handle.db
        .insertInto('feedback_reader_leases')
        .values({ mailbox_id: 'nobody', status: 'idle', updated_at: at })
        .execute(),
    ).rejects.toThrow(/foreign key/i);
  });

  it('refuses to delete a mailbox with recorded messages; leases and read positions go with a mailbox', async () => {
    await expect(handle.db.deleteFrom('feedback_mailboxes').where('id', '=', 'kept').execute()).rejects.toThrow(
      /foreign key/i,
    );
    await mailbox('empty');
    await handle.db
      .insertInto('feedback_reader_leases')
      .values({ mailbox_id: 'empty', status: 'ok', updated_at: at })
      .execute();
    await handle.db
      .insertInto('feedback_mailbox_state')
      .values({ mailbox_id: 'empty', folder: 'INBOX', uidvalidity: '1', last_uid: 0, updated_at: at })
      .execute();
    await handle.db.deleteFrom('feedback_mailboxes').where('id', '=', 'empty').execute();
    expect(await count('feedback_reader_leases', 'empty')).toBe(0);
    expect(await count('feedback_mailbox_state', 'empty')).toBe(0);
  });

  it('goes down and up again with the rows kept', async () => {
    await migrateTo(handle.db, handle.dialect, '0016_feedback_effects');
    expect(await count('feedback_messages', 'kept')).toBe(2);
    await migrateToLatest(handle.db, handle.dialect);
    expect(await count('feedback_messages', 'kept')).toBe(2);
    expect(await count('feedback_reader_leases', 'kept')).toBe(1);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../../test/support/db.js';
import { migrateTo, migrateToLatest } from '../migrate.js';

// 0036 goes up, down and up again on both databases, keeping the webhook that was there before it.
let handle: TestDbHandle;

beforeAll(async () => {
  handle = await createTestDb({ migrate: false });
});
afterAll(() => handle?.destroy());

const ID = '0190a5b0-0000-7000-8000-000000000001';
const NOW = '2026-03-02T09:00:00.000Z';

/** The webhook's row as `select *` reads it, or the error's message when a column is not there. */
async function read(columns: string) {
  try {
    const { rows } = await sql<
      Record<string, unknown>
    >`select ${sql.raw(columns)} from webhooks where id = ${ID}`.execute(handle.db);
    return rows[0];
  } catch (err) {
    return (err as Error).message;
  }
}

describe('migration 0036', () => {
  it('adds the previous secret and its end to webhooks, and takes them back', async () => {
    await migrateTo(handle.db, handle.dialect, '0035_document_run_order');
    await sql`insert into webhooks (id, position_id, api_key_id, name, url, event_types, secret_enc, status, created_by, created_at, updated_at)
      values (${ID}, null, null, 'Czynsze', 'https://czynsze.example.pl/hook', '["sent"]', 'v1.a.b.c', 'active', null, ${NOW}, ${NOW})`.execute(
      handle.db,
    );
    expect(await read('previous_secret_enc')).toMatch(/previous_secret_enc/);

    await migrateToLatest(handle.db, handle.dialect);
    expect(await read('secret_enc, previous_secret_enc, previous_secret_until')).toEqual({
      secret_enc: 'v1.a.b.c',
      previous_secret_enc: null,
      previous_secret_until: null,
    });
    await sql`update webhooks set previous_secret_enc = 'v1.d.e.f', previous_secret_until = ${NOW} where id = ${ID}`.execute(
      handle.db,
    );

    await migrateTo(handle.db, handle.dialect, '0035_document_run_order');
    expect(await read('previous_secret_enc')).toMatch(/previous_secret_enc/);
    expect(await read('previous_secret_until')).toMatch(/previous_secret_until/);
    expect(await read('name, secret_enc, status')).toEqual({
      name: 'Czynsze',
      secret_enc: 'v1.a.b.c',
      status: 'active',
    });

    await migrateToLatest(handle.db, handle.dialect);
    expect(await read('previous_secret_enc, previous_secret_until')).toEqual({
      previous_secret_enc: null,
      previous_secret_until: null,
    });
  });
});

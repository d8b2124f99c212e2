import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../../test/support/db.js';
import { migrateTo, migrateToLatest } from '../migrate.js';

// 0028 goes up, down and up again on both databases.
let handle: TestDbHandle;

beforeAll(async () => {
  handle = await createTestDb({ migrate: false });
});
afterAll(() => handle?.destroy());

async function readable(query: string) {
  try {
    await sql.raw(query).execute(handle.db);
    return true;
  } catch {
    return false;
  }
}

const PROBES = [
  'select download_link_mode, download_link_days from smtp_accounts',
  'select download_link_mode, download_link_days from batches',
  'select message_id, position, expires_at, revoked_at from download_links',
  'select network, user_agent, kind from download_events',
];

describe('migration 0028', () => {
  it('adds the link settings and tables, and takes them back', async () => {
    await migrateToLatest(handle.db, handle.dialect);
    for (const q of PROBES) expect(await readable(q), q).toBe(true);
    await migrateTo(handle.db, handle.dialect, '0027_batch_written_form');
    for (const q of PROBES) expect(await readable(q), q).toBe(false);
    await migrateToLatest(handle.db, handle.dialect);
    for (const q of PROBES) expect(await readable(q), q).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createWorld, expectError, expectStatus, type World } from '../../../../test/support/world.js';
import { newId } from '../../lib/ids.js';

let t: TestApp;
let w: World;

async function message(accountId: string, status: 'sent' | 'failed', at: string) {
  const id = newId();
  await t.container.db
    .insertInto('messages')
    .values({
      id,
      account_id: accountId,
      recipient_id: null,
      to_name: 'Anna',
      to_address: 'anna@example.pl',
      subject: 'S',
      status,
      mailbox: status,
      message_id_header: `<${id}@example.pl>`,
      document_type: null,
      send_at: null,
      queued_at: at,
      sent_at: status === 'sent' ? at : null,
      last_error: null,
      search_text: 's',
      sort_name: 'anna',
      sort_subject: 's',
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp(); // the clock stands at 2026-03-02T09:00Z (10:00 in Warsaw)
  w = await createWorld(t);
  await message(w.accountA, 'sent', '2026-03-01T23:30:00.000Z'); // 00:30 on 2 March in Warsaw
  await message(w.accountA, 'sent', '2026-03-01T10:00:00.000Z');
  await message(w.accountA, 'failed', '2026-03-02T08:00:00.000Z');
  await message(w.accountB, 'sent', '2026-02-28T12:00:00.000Z');
  await message(w.accountB, 'sent', '2026-02-20T12:00:00.000Z'); // outside three days
});
afterAll(() => t?.close());

describe('GET /api/stats/daily', () => {
  it('counts sent and failed per Polish calendar day and account', async () => {
    const body = expectStatus(await call(t, w.admin, 'GET', '/api/stats/daily?days=3'), 200);
    expect(body.days).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    const byId = Object.fromEntries(body.accounts.map((a: { accountId: string }) => [a.accountId, a]));
    expect(byId[w.accountA]).toMatchObject({ sent: [0, 1, 1], failed: [0, 0, 1] });
    expect(byId[w.accountB]).toMatchObject({ sent: [1, 0, 0], failed: [0, 0, 0] });
  });

  it("shows a clerk only their positions' accounts", async () => {
    const body = expectStatus(await call(t, w.clerkA, 'GET', '/api/stats/daily?days=3'), 200);
    expect(body.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([w.accountA]);
    expectError(await call(t, null, 'GET', '/api/stats/daily'), 401, 'unauthenticated');
    expect((await call(t, w.admin, 'GET', '/api/stats/daily?days=0')).statusCode).toBe(400);
  });
});

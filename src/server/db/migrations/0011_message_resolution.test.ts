import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createWorld, expectStatus, type World } from '../../../../test/support/world.js';
import { migrateTo, migrateToLatest } from '../migrate.js';

/**
 * Migration 0011 back-fills `resolved_*` from earlier repairs (a child through `parent_id`). Run on a database that
 * holds messages: the suite's database is taken back to 0010 and forward again.
 */
let t: TestApp;
let w: World;

async function message(subject: string): Promise<string> {
  const res = await call(t, w.clerkA, 'POST', '/api/messages', {
    accountId: w.accountA,
    toName: 'Jan Kowalski',
    toAddress: 'jan@example.pl',
    subject,
    text: 'Dzień dobry.',
  });
  return expectStatus(res, 201).id as string;
}

async function set(id: string, values: Record<string, unknown>) {
  await t.container.db.updateTable('messages').set(values).where('id', '=', id).execute();
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

describe('0011 back-fill on a database with messages', () => {
  it('marks failed and bounced messages with a child as resolved by their first child, and nothing else', async () => {
    const failed = await message('Nie doszła');
    const first = await message('Poprawiony adres');
    const second = await message('Jeszcze raz');
    const bounced = await message('Zwrócona');
    const resent = await message('Wysłana ponownie');
    const alone = await message('Błąd bez naprawy');
    const sentParent = await message('Wysłana z kopią');
    const copy = await message('Kopia');
    await set(failed, { status: 'failed', mailbox: 'failed' });
    await set(first, { parent_id: failed, link_kind: 'corrected', created_at: '2026-03-01T10:00:00.000Z' });
    await set(second, { parent_id: failed, link_kind: 'resend', created_at: '2026-03-02T10:00:00.000Z' });
    await set(bounced, { status: 'bounced', mailbox: 'failed' });
    await set(resent, { parent_id: bounced, link_kind: null, created_at: '2026-03-03T10:00:00.000Z' });
    await set(alone, { status: 'failed', mailbox: 'failed' });
    await set(sentParent, { status: 'sent', mailbox: 'sent' });
    await set(copy, { parent_id: sentParent, link_kind: 'resend' });

    const { db, dialect } = t.container;
    const down = await migrateTo(db, dialect, '0010_password_change');
    expect(down).toContain('Down 0011_message_resolution: Success');
    await migrateToLatest(db, dialect);

    const rows = await db
      .selectFrom('messages')
      .select(['id', 'resolved_at', 'resolution', 'resolved_by'])
      .where('id', 'in', [failed, bounced, alone, sentParent])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(failed)).toMatchObject({
      resolved_by: first,
      resolution: 'corrected',
      resolved_at: '2026-03-01T10:00:00.000Z',
    });
    expect(byId.get(bounced)).toMatchObject({
      resolved_by: resent,
      resolution: 'resend',
      resolved_at: '2026-03-03T10:00:00.000Z',
    });
    expect(byId.get(alone)).toMatchObject({ resolved_by: null, resolution: null, resolved_at: null });
    expect(byId.get(sentParent)).toMatchObject({ resolved_by: null, resolution: null, resolved_at: null });
  });
});

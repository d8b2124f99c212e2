import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { messageRow } from '../../../../test/support/sample-messages.js';
import { createWorld, expectStatus, type World } from '../../../../test/support/world.js';
import { formatNumber } from '../../../shared/format.js';
import { MAILBOX_COUNT_CAP, mailboxCountText } from '../../../shared/messages.js';

/**
 * GET /api/mailboxes/counts stops counting a mailbox at MAILBOX_COUNT_CAP + 1 (D81): exact below the cap, the
 * cap plus one ("10 000+") above it, under the same filters as before.
 */

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  const rows = [
    ...Array.from({ length: MAILBOX_COUNT_CAP + 5 }, (_, i) => messageRow(i, w.accountA, 'sent')),
    ...Array.from({ length: 3 }, (_, i) => messageRow(100_000 + i, w.accountB, 'failed')),
  ];
  for (let i = 0; i < rows.length; i += 500) {
    await t.container.db
      .insertInto('messages')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}, 60_000);

afterAll(async () => {
  await t.close();
});

describe('mailbox counts over the cap', () => {
  it('a mailbox above the cap counts as cap + 1; the others exactly', async () => {
    const counts = expectStatus(await call(t, w.admin, 'GET', '/api/mailboxes/counts'), 200);
    expect(counts).toEqual({ drafts: 0, outbox: 0, sent: MAILBOX_COUNT_CAP + 1, failed: 3, cancelled: 0 });
  });

  it('filters still apply: account B has no sent messages, a search finds exactly its rows', async () => {
    const b = expectStatus(await call(t, w.admin, 'GET', `/api/mailboxes/counts?accountId=${w.accountB}`), 200);
    expect(b).toEqual({ drafts: 0, outbox: 0, sent: 0, failed: 3, cancelled: 0 });
    const q = expectStatus(await call(t, w.admin, 'GET', '/api/mailboxes/counts?q=lokator.4242@'), 200);
    expect(q).toMatchObject({ sent: 1, failed: 0 });
  });

  it('is shown as "10 000+" above the cap and exactly at it', () => {
    expect(mailboxCountText(MAILBOX_COUNT_CAP + 1, formatNumber)).toBe(`${formatNumber(MAILBOX_COUNT_CAP)}+`);
    expect(mailboxCountText(MAILBOX_COUNT_CAP, formatNumber)).toBe(formatNumber(MAILBOX_COUNT_CAP));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { expectedOrder, expectSameSequence, pageThrough } from '../../../../test/support/paging.js';
import { createWorld, expectStatus, type World } from '../../../../test/support/world.js';
import type { MessageSort } from '../../../shared/messages.js';
import { systemActor } from '../auth/auth.js';
import { SORT_COLUMNS } from './messages.repository.js';

/**
 * GET /api/mailboxes/drafts walks ~130 drafts by every sort, both ways, with many ties on the sort value
 * (several drafts per clock tick, repeated names and subjects): no duplicates, no gaps, (value, id) order.
 */

let t: TestApp;
let w: World;

type Row = {
  id: string;
  account_id: string;
  created_at: string;
  updated_at: string;
  sort_name: string;
  sort_subject: string;
  search_text: string;
};
let drafts: Row[];

const COUNT = 130;
/** "" falls back to the address; Polish pairs fold to the same key. */
const NAMES = ['Jan Kowalski', 'Ján Kowalski', 'Łucja Wójcik', 'Lucja Wojcik', '', 'Żaneta Kowalczyk', 'Adam Nowak'];
const SUBJECTS = [
  'Zawiadomienie o opłatach',
  'Rozliczenie wody 2025',
  'Zaproszenie na zebranie',
  'zawiadomienie o opłatach',
];
const SORTS = Object.keys(SORT_COLUMNS) as MessageSort[];
const CASES = SORTS.flatMap((sort) => (['asc', 'desc'] as const).map((dir) => ({ sort, dir })));

const sortValue = (sort: MessageSort) => (r: Row) => r[SORT_COLUMNS[sort]];
const order = (rows: Row[], sort: MessageSort, dir: 'asc' | 'desc') =>
  expectedOrder(rows, sortValue(sort), (r) => r.id, dir);

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  const actor = systemActor('test');
  const ids: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    if (i % 4 === 0) t.clock.advance(1000); // up to four drafts share each created_at
    const m = await t.container.services.messages.createDraft(actor, {
      accountId: i % 3 === 0 ? w.accountB : w.accountA,
      recipientId: null,
      toName: NAMES[i % NAMES.length] as string,
      toAddress: `adresat${i % 11}@example.pl`,
      subject: SUBJECTS[i % SUBJECTS.length] as string,
      html: '',
      text: `Treść ${i}`,
      documentType: null,
    });
    ids.push(m.id);
  }
  // Later edits to every third draft, three per tick: updated_at ties as well, and differs from created_at.
  for (const [n, id] of ids.filter((_, i) => i % 3 === 1).entries()) {
    if (n % 3 === 0) t.clock.advance(500);
    await t.container.services.messages.updateDraft(actor, id, { text: `Poprawiona ${n}` });
  }
  // Messages in other mailboxes must never show up among the drafts.
  for (const id of ids.slice(0, 5)) {
    await t.container.db
      .updateTable('messages')
      .set({ status: 'queued', mailbox: 'outbox' })
      .where('id', '=', id)
      .execute();
  }
  drafts = await t.container.db
    .selectFrom('messages')
    .select(['id', 'account_id', 'created_at', 'updated_at', 'sort_name', 'sort_subject', 'search_text'])
    .where('mailbox', '=', 'drafts')
    .execute();
});
afterAll(() => t?.close());

describe('drafts mailbox: keyset pagination', () => {
  it('the data has the ties that make keyset paging hard', () => {
    expect(drafts).toHaveLength(COUNT - 5);
    for (const col of Object.values(SORT_COLUMNS)) {
      const values = drafts.map((d) => d[col]);
      expect(new Set(values).size, col).toBeLessThan(values.length / 2);
    }
    expect(new Set(drafts.map((d) => d.updated_at)).size).toBeGreaterThan(
      new Set(drafts.map((d) => d.created_at)).size,
    );
  });

  it('the count matches the mailbox count', async () => {
    const counts = expectStatus(await call(t, w.admin, 'GET', '/api/mailboxes/counts'), 200);
    expect(counts).toMatchObject({ drafts: COUNT - 5, outbox: 5 });
  });

  it.each(CASES)('admin, sort=$sort dir=$dir, 25 per page', async ({ sort, dir }) => {
    const walked = await pageThrough(t, w.admin, `/api/mailboxes/drafts?sort=${sort}&dir=${dir}`, 25);
    expectSameSequence(walked, order(drafts, sort, dir));
  });

  it.each(CASES)('clerk A (own account only), sort=$sort dir=$dir', async ({ sort, dir }) => {
    const walked = await pageThrough<{ id: string; accountId: string }>(
      t,
      w.clerkA,
      `/api/mailboxes/drafts?sort=${sort}&dir=${dir}`,
      25,
    );
    expect(walked.every((m) => m.accountId === w.accountA)).toBe(true);
    expectSameSequence(
      walked,
      order(
        drafts.filter((d) => d.account_id === w.accountA),
        sort,
        dir,
      ),
    );
  });

  it('refuses a cursor from another ordering instead of returning a wrong page', async () => {
    const first = expectStatus(
      await call(t, w.admin, 'GET', '/api/mailboxes/drafts?sort=subject&dir=asc&limit=5'),
      200,
    );
    const res = await call(
      t,
      w.admin,
      'GET',
      `/api/mailboxes/drafts?sort=createdAt&dir=desc&limit=5&cursor=${first.nextCursor}`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('cursor');
  });

  it.each(CASES)('search "kowal" on account A, sort=$sort dir=$dir', async ({ sort, dir }) => {
    const url = `/api/mailboxes/drafts?q=Kowal&accountId=${w.accountA}&sort=${sort}&dir=${dir}`;
    const matching = drafts.filter((d) => d.account_id === w.accountA && d.search_text.includes('kowal'));
    expect(matching.length).toBeGreaterThan(20);
    expectSameSequence(await pageThrough(t, w.admin, url, 7), order(matching, sort, dir));
  });

  it.each(['wo', 'oplatach', 'adresat1'])('search "%s" across both accounts', async (q) => {
    const matching = drafts.filter((d) => d.search_text.includes(q));
    expect(matching.length).toBeGreaterThan(5);
    const walked = await pageThrough(t, w.admin, `/api/mailboxes/drafts?q=${q}&sort=recipient&dir=asc`, 6);
    expectSameSequence(walked, order(matching, 'recipient', 'asc'));
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDialect } from '../../../../test/support/db.js';
import { messageRow } from '../../../../test/support/sample-messages.js';
import { createWorld, expectStatus, type World } from '../../../../test/support/world.js';
import { searchWordsExpr } from '../../db/dialect.js';

/**
 * The mailbox search follows a message's text as it is made, edited and deleted. On PostgreSQL the text is indexed
 * in a table of its own, `messages_search`, kept by triggers (migration 0034, D91): these tests hold it to the
 * messages table, and show that a send's updates leave it alone.
 */

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

async function found(q: string): Promise<string[]> {
  const page = expectStatus(
    await call(t, w.admin, 'GET', `/api/mailboxes/drafts?q=${encodeURIComponent(q)}&sort=createdAt&dir=asc&limit=100`),
    200,
  ) as { items: { id: string }[] };
  return page.items.map((m) => m.id);
}

async function newDraft(toAddress: string, subject: string) {
  const res = await call(t, w.clerkA, 'POST', '/api/messages', {
    accountId: w.accountA,
    toName: 'Jędrzej Wiśniewski',
    toAddress,
    subject,
    text: 'Treść.',
  });
  return expectStatus(res, 201) as { id: string };
}

/** PostgreSQL: the side table's rows, and whether their words are those of the messages' own text. */
async function sideTable() {
  const { rows } = await sql<{ messages: number; copies: number; differing: number }>`
    select (select count(*) from messages)::int as messages,
           (select count(*) from messages_search)::int as copies,
           (select count(*) from messages m join messages_search s using (id)
             where s.words <> ${searchWordsExpr(sql.ref('m.search_text'))})::int as differing`.execute(t.container.db);
  return rows[0];
}

describe(`mailbox search follows the message (${testDialect})`, () => {
  it('finds a draft by its address, name and subject; after an edit by the new text only; not after deletion', async () => {
    const m = await newDraft('jedrzej.wisniewski.4711@example.pl', 'Rozliczenie wody za lokal 4711/12');
    expect(await found('wisniewski.4711@')).toEqual([m.id]);
    expect(await found('Jędrzej Wiśniewski')).toContain(m.id);
    expect(await found('4711/12')).toEqual([m.id]);

    const patch = { toAddress: 'j.wisniewski.0815@example.pl', subject: 'Zawiadomienie o wysokości opłat' };
    expectStatus(await call(t, w.clerkA, 'PATCH', `/api/messages/${m.id}`, patch), 200);
    expect(await found('wisniewski.4711@')).toEqual([]);
    expect(await found('4711/12')).toEqual([]);
    expect(await found('j.wisniewski.0815@')).toEqual([m.id]);

    expectStatus(await call(t, w.clerkA, 'DELETE', `/api/messages/${m.id}`), 204);
    expect(await found('j.wisniewski.0815@')).toEqual([]);
  });

  it('finds every row of a many-row insert (a batch writes drafts 25 to a statement)', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => messageRow(9000 + i, w.accountA, 'draft'));
    await t.container.db.insertInto('messages').values(rows).execute();
    expect(await found('lokator.9017@')).toEqual([rows[17]?.id]);
    // lokator.9010 … lokator.9019: ten rows.
    expect(await found('lokator.901')).toEqual(rows.slice(10, 20).map((r) => r.id));
  });

  it('a term in thousands of rows and a rare one give exactly their rows (PostgreSQL: two plans, D91)', async () => {
    // 2 500 drafts: the planner's statistics then call "lokator" common and one address rare.
    const rows = Array.from({ length: 2500 }, (_, i) => messageRow(20_000 + i, w.accountB, 'draft'));
    for (let i = 0; i < rows.length; i += 500) {
      await t.container.db
        .insertInto('messages')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    if (testDialect === 'postgres') await sql`analyze messages, messages_search`.execute(t.container.db);
    const condition = async (term: string) => {
      const where = await t.container.dialect.searchTextContains(t.container.db, 'messages', term);
      return t.container.db.selectFrom('messages').select('id').where(where).compile().sql;
    };
    if (testDialect === 'postgres') {
      expect(await condition('lokator')).not.toContain('messages_search');
      expect(await condition('lokator.21234@')).toContain('messages_search');
    }
    // The first page of each, oldest first: the common term's first 100 of the 2 530 "lokator" drafts.
    const lokatorDrafts = await t.container.db
      .selectFrom('messages')
      .select('id')
      .where('mailbox', '=', 'drafts')
      .where('search_text', 'like', '%lokator%')
      .orderBy('created_at')
      .orderBy('id')
      .limit(100)
      .execute();
    expect(await found('lokator')).toEqual(lokatorDrafts.map((r) => r.id));
    expect(await found('lokator.21234@')).toEqual([rows[1234]?.id]);
  });

  it.skipIf(testDialect !== 'postgres')(
    'PostgreSQL: messages_search holds each message’s text, and a send’s updates do not write it',
    async () => {
      await newDraft('anna.kowalska.31@example.pl', 'Faktura VAT nr FV/2026/12/0031');
      const side = await sideTable();
      expect(side?.messages).toBeGreaterThan(30);
      expect(side).toEqual({ messages: side?.messages, copies: side?.messages, differing: 0 });

      const [row] = await found('anna.kowalska.31@');
      const version = () =>
        sql<{ xmin: string }>`select xmin::text as xmin from messages_search where id = ${row}`
          .execute(t.container.db)
          .then((r) => r.rows[0]?.xmin);
      const before = await version();
      expect(before).toBeDefined();
      // What claiming and finishing a send write (status, mailbox, times, error), without the search text.
      const at = new Date().toISOString();
      await t.container.db
        .updateTable('messages')
        .set({ status: 'sending', mailbox: 'outbox', queued_at: at, updated_at: at })
        .where('id', '=', row as string)
        .execute();
      await t.container.db
        .updateTable('messages')
        .set({ status: 'sent', mailbox: 'sent', sent_at: at, updated_at: at })
        .where('id', '=', row as string)
        .execute();
      expect(await version()).toBe(before);

      // A rare term is read from the side table's trigram index (the planner is told not to read 40 rows whole, by
      // the table or in the order of its primary key).
      const plan = await t.container.db.connection().execute(async (c) => {
        await sql`analyze messages_search`.execute(c);
        await sql`set enable_seqscan = off`.execute(c);
        await sql`set enable_indexscan = off`.execute(c);
        const where = await t.container.dialect.searchTextContains(c, 'messages', 'kowalska.31@example.pl');
        const explained = await sql<{ 'QUERY PLAN': string }>`explain select id from messages where ${where}`.execute(
          c,
        );
        await sql`reset enable_seqscan`.execute(c);
        await sql`reset enable_indexscan`.execute(c);
        return explained.rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan, plan).toContain('messages_search_words');
    },
  );
});

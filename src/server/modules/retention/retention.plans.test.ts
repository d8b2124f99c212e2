import { type KyselyPlugin, type RootOperationNode, sql } from 'kysely';
import { expect, it } from 'vitest';
import { createTestDb } from '../../../../test/support/db.js';
import type { Db } from '../../db/schema.js';
import { createRetentionRepository } from './retention.repository.js';

/**
 * Every chunk the retention job picks is an index range (D76): the plan of each `…Due` query, on SQLite and (with
 * sequential scans switched off, as on a table too big to scan) on PostgreSQL, reads no table from end to end.
 */
it('picks each chunk through an index, on both databases', async () => {
  const scans: string[] = [];
  const plans: Record<string, string> = {};
  const h = await createTestDb();
  const repo = createRetentionRepository();
  const pg = h.dialect.name === 'postgres';
  const nodes: RootOperationNode[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (a) => {
      nodes.push(a.node);
      return a.node;
    },
    transformResult: async (a) => a.result,
  };
  const db = h.db.withPlugin(plugin) as unknown as Db;
  const B = '2024-01-01T00:00:00.000Z';
  const calls: [string, () => Promise<unknown>][] = [
    ['contentDueSent', () => repo.contentDueSent(db, { tax: true, beforeIso: B, limit: 500 })],
    ['contentDueUnsent', () => repo.contentDueUnsent(db, { tax: false, beforeIso: B, limit: 500 })],
    ['proofsDue(sent)', () => repo.proofsDue(db, { tax: true, beforeIso: B, limit: 500 })],
    ['documentsDue', () => repo.documentsDue(db, { tax: false, beforeIso: B, limit: 500 })],
    ['feedbackRepliesDue', () => repo.feedbackRepliesDue(db, B, 500)],
    ['feedbackEventsDue', () => repo.feedbackEventsDue(db, B, 500)],
    ['feedbackMessagesDue', () => repo.feedbackMessagesDue(db, B, 500)],
    ['eventsDue', () => repo.eventsDue(db, B, 500)],
    ['auditDue', () => repo.auditDue(db, B, 500)],
    ['orphanCandidates', () => repo.orphanCandidates(db, B, 500, { createdAt: B, sha256: 'ab' })],
    ['usedAmong', () => repo.usedAmong(db, ['ab', 'cd'])],
    ['deleteOrphanBlobs', () => repo.deleteOrphanBlobs(db, ['ab', 'cd'], B)],
  ];
  for (const [name, call] of calls) {
    nodes.length = 0;
    await call();
    const c = h.db.getExecutor().compileQuery(nodes[0] as RootOperationNode, { queryId: 'x' } as never);
    const params = [...c.parameters];
    if (pg) {
      await h.db.transaction().execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        const text = c.sql.replace(/\$(\d+)/g, (_m, i) => `'${String(params[Number(i) - 1])}'`);
        const r = await sql.raw(`explain ${text}`).execute(tx);
        const plan = (r.rows as Record<string, string>[]).map((x) => x['QUERY PLAN']).join('\n');
        plans[name] = plan;
        if (/Seq Scan/.test(plan)) scans.push(`${name}: ${plan}`);
      });
    } else {
      const text = c.sql.replace(/\?/g, () => `'${String(params.shift())}'`);
      const r = await sql.raw(`explain query plan ${text}`).execute(h.db);
      const plan = (r.rows as Record<string, string>[]).map((x) => x.detail).join('\n');
      plans[name] = plan;
      if (/^SCAN /m.test(plan)) scans.push(`${name}: ${plan}`);
    }
  }
  await h.destroy();
  expect(scans).toEqual([]);
  // SQLite (which plans without statistics here) finds the content still there through the partial indexes that
  // shrink as content goes (0031, 0033); PostgreSQL picks between them by its statistics (on an empty table: any).
  if (!pg) {
    expect(plans.contentDueSent).toContain('messages_content_sent');
    expect(plans.contentDueUnsent).toContain('messages_content_unsent');
  }
});

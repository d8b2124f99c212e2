import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/schema.js';
import type { DocumentOrderKey } from './batches.repository.js';
import { documentPages } from './document-pages.js';

/**
 * better-sqlite3 answers at once, so awaiting its queries gives the event loop no turn: a batch of 100 000 documents
 * was made and its run started with timers and requests waiting all along (D92). Between pages it gets one.
 */
describe('documentPages', () => {
  it('gives the event loop a turn between pages, and reads the pages in order after the last row', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({
      id: `d${i}`,
      property_id: 'p',
      recipient_key: `k${i}`,
      period: '2026-04',
    }));
    const asked: (string | null)[] = [];
    /** How many turns of the event loop had passed when each page was asked for. */
    const turnsSeen: number[] = [];
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    try {
      const repo = {
        documentIdsPage: async (_db: Db, _s: unknown, after: DocumentOrderKey | null, limit: number) => {
          asked.push(after?.id ?? null);
          turnsSeen.push(turns);
          // Like better-sqlite3: no I/O, so no turn of the loop while a page is read.
          const from = after ? rows.findIndex((r) => r.id === after.id) + 1 : 0;
          return rows.slice(from, from + limit);
        },
      };
      const pages: string[][] = [];
      for await (const page of documentPages(repo, {} as Db, { type: 'fee_notice', positionId: 'x' }, 3)) {
        pages.push(page.map((r) => r.id));
      }
      expect(pages).toEqual([['d0', 'd1', 'd2'], ['d3', 'd4', 'd5'], ['d6']]);
      expect(asked).toEqual([null, 'd2', 'd5']);
      // The loop turned before the second page and again before the third.
      expect(turnsSeen[1]!).toBeGreaterThan(turnsSeen[0]!);
      expect(turnsSeen[2]!).toBeGreaterThan(turnsSeen[1]!);
    } finally {
      ticking = false;
    }
  });
});

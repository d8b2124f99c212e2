/**
 * A batch's documents a page at a time (D88). Making a batch read every document's id and period in one query, and its
 * run read the ids again and kept them to the end: at 100 000 documents the process went from about 360 MB in the
 * import to 418–425 MB as the batch began (main heap 65 → 106–118 MB); read by pages, 382–388 MB. A page is RUN_PAGE
 * ids in the run's order (property, recipient key, id), read from an index in that order (migration 0035, D92);
 * the run makes its chunks of RUN_CHUNK from them. Between pages the event loop gets a turn (D92): better-sqlite3
 * answers at once, so without one, making a batch of 100 000 documents (20 pages and their "already sent" checks)
 * ran from end to end without a timer or a request being served.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../../db/schema.js';
import { type SentBefore, sentBefore } from './already-sent.js';
import type { BatchesRepository, DocumentOrderKey, DocumentSelection } from './batches.repository.js';

/** Document ids read per query. */
export const RUN_PAGE = 5000;

/** The selection's documents page by page, in the run's order; for a position's selection (documentIdsPage). */
export async function* documentPages(
  repo: Pick<BatchesRepository, 'documentIdsPage'>,
  db: Db,
  scope: DocumentSelection & { positionId: string },
  size = RUN_PAGE,
): AsyncGenerator<(DocumentOrderKey & { period: string })[]> {
  let after: DocumentOrderKey | null = null;
  for (;;) {
    if (after) await nextTurn();
    const page = await repo.documentIdsPage(db, scope, after, size);
    if (page.length > 0) yield page;
    if (page.length < size) return;
    after = page[page.length - 1]!;
  }
}

/** What making a batch needs of its documents: how many, the first, their periods, what already went to whom. */
export async function selectionFacts(
  repo: Pick<BatchesRepository, 'documentIdsPage'>,
  db: Db,
  scope: DocumentSelection & { positionId: string },
): Promise<{ total: number; firstId: string | null; periods: Set<string>; sent: SentBefore[] }> {
  const facts = { total: 0, firstId: null as string | null, periods: new Set<string>(), sent: [] as SentBefore[] };
  for await (const page of documentPages(repo, db, scope)) {
    facts.firstId ??= page[0]!.id;
    facts.total += page.length;
    for (const d of page) facts.periods.add(d.period);
    facts.sent.push(
      ...(await sentBefore(
        db,
        page.map((d) => d.id),
      )),
    );
  }
  return facts;
}

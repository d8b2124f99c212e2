import { type SelectQueryBuilder, type StringReference, sql } from 'kysely';
import type { KeysetCursor } from '../lib/keyset.js';

/**
 * The ordering of a keyset-paged list: a sort column, then a unique column that breaks ties, both in one
 * direction. Both columns must be NOT NULL (every list's are): a row-value comparison with a NULL is never true,
 * so such rows would drop out of every page after the first. A nullable sort column would need a COALESCE here.
 */
export interface Keyset<DB, TB extends keyof DB> {
  sort: StringReference<DB, TB>;
  id: StringReference<DB, TB>;
  dir: 'asc' | 'desc';
}

/**
 * The rows after `after` in the keyset's order: `(sort, id) < (value, id0)` going down, `>` going up — the same
 * as "sort < value or (sort = value and id < id0)", written as one row value so an index on (sort, id) serves it
 * as a range in SQLite and PostgreSQL alike. Ordered, not limited (a walk over a whole table takes its own chunk).
 */
export function keysetOrder<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  key: Keyset<DB, TB>,
  after: KeysetCursor | null,
): SelectQueryBuilder<DB, TB, O> {
  const from = after
    ? q.where(
        sql<boolean>`(${sql.ref(key.sort)}, ${sql.ref(key.id)}) ${sql.raw(key.dir === 'desc' ? '<' : '>')} (${String(after.value)}, ${after.id})`,
      )
    : q;
  return from.orderBy(key.sort, key.dir).orderBy(key.id, key.dir);
}

/** One page in the keyset's order after the cursor: `limit + 1` rows, so `toPage` knows whether another follows. */
export function keysetPage<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  key: Keyset<DB, TB>,
  after: KeysetCursor | null,
  limit: number,
): SelectQueryBuilder<DB, TB, O> {
  return keysetOrder(q, key, after).limit(limit + 1);
}

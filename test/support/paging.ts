import { expect } from 'vitest';
import { call, type Session, type TestApp } from './app.js';
import { expectStatus } from './world.js';

/**
 * Walks a keyset-paged list to its end and returns every item in order. Checks each page on the way: never
 * longer than the limit, full whenever another page follows, and the walk ends.
 */
export async function pageThrough<T extends { id: string }>(
  t: TestApp,
  session: Session,
  url: string,
  limit: number,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; ; pages++) {
    if (pages > 500) throw new Error(`paging through ${url} does not end`);
    const sep = url.includes('?') ? '&' : '?';
    const pageUrl = `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = expectStatus(await call(t, session, 'GET', pageUrl), 200) as { items: T[]; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (page.nextCursor) expect(page.items.length).toBe(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
}

/** Plain code-unit order, as both databases compare the (ASCII-folded) sort columns in the test set-up. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ids sorted by (sort value, id), the order every keyset list promises. */
export function expectedOrder<R>(
  rows: R[],
  value: (r: R) => string,
  id: (r: R) => string,
  dir: 'asc' | 'desc' = 'asc',
): string[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * (compare(value(a), value(b)) || compare(id(a), id(b)))).map((r) => id(r));
}

/** No duplicates, no gaps: the walked ids are exactly the expected ones, in the expected order. */
export function expectSameSequence(walked: { id: string }[], expected: string[]) {
  const ids = walked.map((i) => i.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBe(expected.length);
  expect(ids).toEqual(expected);
}

import { ValidationError } from './errors.js';

/**
 * Keyset pagination: the cursor is the last row's sort value and id, so the next page starts right after it
 * with an index range scan, however deep the page (no OFFSET).
 */
export type CursorValue = string | number;
export interface KeysetCursor {
  value: CursorValue;
  id: string;
}

/**
 * `order` names the ordering the cursor belongs to (e.g. "createdAt:desc"); a cursor from another ordering is
 * refused rather than silently returning the wrong page.
 */
export function encodeCursor(cursor: KeysetCursor, order = ''): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id, order]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string | undefined, order = ''): KeysetCursor | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string' &&
      parsed[2] === order
    ) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('Nieprawidłowy znacznik strony — odśwież listę i spróbuj ponownie.', [
    { path: 'cursor', message: 'Nieprawidłowy znacznik strony.' },
  ]);
}

/** Takes `limit + 1` fetched rows and returns the page plus the cursor of its last row when more exist. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => KeysetCursor,
  map: (row: R) => T,
  order = '',
): { items: T[]; nextCursor: string | null } {
  const page = pageRows(rows, limit);
  const last = page.at(-1);
  return { items: page.map(map), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last), order) : null };
}

/** The rows of the page itself out of the `limit + 1` fetched (to load what the page's items need, before `toPage`). */
export function pageRows<R>(rows: R[], limit: number): R[] {
  return rows.length > limit ? rows.slice(0, limit) : rows;
}

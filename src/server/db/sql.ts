import { type Expression, type SqlBool, sql } from 'kysely';
import { escapeLike } from '../lib/text.js';

/**
 * Portable LIKE with the wildcards in the user's text escaped. SQLite has no default escape character and
 * PostgreSQL's is the backslash, so the ESCAPE clause is always written out.
 */
export function likeEscaped(
  expr: Expression<unknown>,
  term: string,
  match: 'contains' | 'prefix',
): Expression<SqlBool> {
  const escaped = escapeLike(term);
  const pattern = match === 'contains' ? `%${escaped}%` : `${escaped}%`;
  return sql<SqlBool>`${expr} like ${pattern} escape '\\'`;
}

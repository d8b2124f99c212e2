import { type Kysely, type Migration, sql } from 'kysely';
import { type DialectSql, type SearchableTable, searchWordsExpr } from '../dialect.js';

const TABLES: SearchableTable[] = ['messages', 'recipients'];

/**
 * PostgreSQL: the trigram index of `search_text` becomes one on `search_text` with punctuation made a letter, so
 * an e-mail address or a document number is indexed as one word (dialect.ts, D84). SQLite's FTS5 trigram index
 * already spans punctuation: nothing to do there.
 */
export function searchWordsMigration(dialect: DialectSql): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect.name !== 'postgres') return;
      for (const table of TABLES) {
        await sql`drop index if exists ${sql.raw(`${table}_search_trgm`)}`.execute(db);
        await sql`create index ${sql.raw(`${table}_search_words`)} on ${sql.table(table)} using gin (${searchWordsExpr(sql.ref('search_text'))} public.gin_trgm_ops)`.execute(
          db,
        );
      }
    },
    async down(db: Kysely<unknown>) {
      if (dialect.name !== 'postgres') return;
      for (const table of TABLES) {
        await sql`drop index if exists ${sql.raw(`${table}_search_words`)}`.execute(db);
        await sql`create index ${sql.raw(`${table}_search_trgm`)} on ${sql.table(table)} using gin (search_text public.gin_trgm_ops)`.execute(
          db,
        );
      }
    },
  };
}

import { type Kysely, type Migration, sql } from 'kysely';
import { type DialectSql, SEARCH_TABLE_OF, searchWordsExpr } from '../dialect.js';

const SIDE = SEARCH_TABLE_OF.messages as string;
const INDEX = 'messages_search_words';
/** The words of a search text (the expression 0032 indexed), for the SQL of a statement or of a function body. */
const words = (column: string) => searchWordsExpr(sql.raw(column));

/**
 * PostgreSQL: the words a message is searched by (its search text with punctuation made a letter, D86) are kept and
 * indexed in `messages_search`, a table of its own (D91). A send updates its message twice, and PostgreSQL writes
 * every update as a new row version with an entry in each index of the table: the trigram index of 0032 re-inserted
 * every trigram of the text at each step of each send, a large part of the database's work per message. The words
 * are stored rather than computed when read: `translate` costs about 30 µs a row (the list holds multi-byte dashes
 * and quotes), paid for every candidate row the index names. They are written by triggers — all rows an INSERT
 * statement made at once, and a row whose `search_text` changes (a draft edited, a recipient's data erased) — so the
 * code writes `messages.search_text` on both databases as before, and a message's deletion takes its words along
 * (foreign key). The functions keep the search path they were made with, so they find the table of their own schema.
 * SQLite: its FTS5 index is such a table already; nothing to do.
 */
export function messagesSearchMigration(dialect: DialectSql): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect.name !== 'postgres') return;
      await sql`drop index if exists ${sql.raw(INDEX)}`.execute(db);
      await sql`create table ${sql.table(SIDE)} (
        id text primary key references messages (id) on delete cascade,
        words text not null)`.execute(db);
      await sql`insert into ${sql.table(SIDE)} (id, words) select id, ${words('search_text')} from messages`.execute(
        db,
      );
      // A GIN index builds several times faster with room to sort its entries (the migration runs in a transaction).
      await sql`set local maintenance_work_mem = '256MB'`.execute(db);
      await sql`create index ${sql.raw(INDEX)} on ${sql.table(SIDE)} using gin (words public.gin_trgm_ops)`.execute(db);
      await sql`create function messages_search_inserted() returns trigger language plpgsql
        set search_path from current as $$
        begin
          insert into ${sql.table(SIDE)} (id, words) select id, ${words('search_text')} from inserted;
          return null;
        end $$`.execute(db);
      await sql`create trigger messages_search_insert after insert on messages
        referencing new table as inserted for each statement execute function messages_search_inserted()`.execute(db);
      await sql`create function messages_search_changed() returns trigger language plpgsql
        set search_path from current as $$
        begin
          update ${sql.table(SIDE)} set words = ${words('new.search_text')} where id = new.id;
          return null;
        end $$`.execute(db);
      await sql`create trigger messages_search_update after update of search_text on messages for each row
        when (old.search_text is distinct from new.search_text) execute function messages_search_changed()`.execute(db);
      await sql`analyze ${sql.table(SIDE)}`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (dialect.name !== 'postgres') return;
      await sql`drop trigger if exists messages_search_update on messages`.execute(db);
      await sql`drop trigger if exists messages_search_insert on messages`.execute(db);
      await sql`drop function if exists messages_search_changed()`.execute(db);
      await sql`drop function if exists messages_search_inserted()`.execute(db);
      await sql`drop table if exists ${sql.table(SIDE)}`.execute(db);
      await sql`create index ${sql.raw(INDEX)} on messages using gin (${words('search_text')} public.gin_trgm_ops)`.execute(
        db,
      );
    },
  };
}

import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { likeEscaped } from './sql.js';

/**
 * Everything that differs between SQLite and PostgreSQL lives here; the rest of the code is one code path.
 * Text search: SQLite uses an FTS5 trigram index for rare terms (its LIKE cannot use one when an ESCAPE clause
 * is present, so a quoted MATCH phrase is used); PostgreSQL uses a pg_trgm GIN index, which serves LIKE directly
 * (for messages, on a table of its own: SEARCH_TABLE_OF).
 */
export type DialectName = 'sqlite' | 'postgres';

/** Tables whose folded `search_text` column is searchable by substring. */
export type SearchableTable = 'messages' | 'recipients';

export interface DialectSql {
  readonly name: DialectName;
  /** Column type for binary data (blobs). */
  readonly binaryType: 'blob' | 'bytea';
  /**
   * Condition: `<table>.search_text` contains `foldedTerm` (already lower-cased and without diacritics).
   * May ask the database first how common the term is, to pick the cheaper plan.
   */
  searchTextContains<T>(db: Kysely<T>, table: SearchableTable, foldedTerm: string): Promise<Expression<SqlBool>>;
  /** Creates the substring index that `searchTextContains` relies on (used by migrations). */
  createSearchIndex(db: Kysely<unknown>, table: SearchableTable): Promise<void>;
  dropSearchIndex(db: Kysely<unknown>, table: SearchableTable): Promise<void>;
  /**
   * Schema that holds the migration bookkeeping tables. PostgreSQL: the connection's current schema, named
   * explicitly because Kysely's table check looks across all schemas of the database.
   */
  migrationSchema(db: Kysely<unknown>): Promise<string | undefined>;
  /**
   * Condition "id is one of the rows `pick` selects", for a claiming UPDATE. PostgreSQL: the pick takes
   * `FOR UPDATE SKIP LOCKED` and runs once as an InitPlan (`= any(array(…))`), so concurrent workers never claim
   * the same row (an `IN (subquery)` may be re-run on a concurrent update and pick other rows). SQLite has one
   * writer at a time, so the statement alone is atomic.
   */
  idInClaimed<Q extends Lockable<Q> & Expression<unknown>>(pick: Q): Expression<SqlBool>;
  /**
   * Storage of the blobs table's bytes. PostgreSQL: out of line without compression (PDFs and .eml files do not
   * compress, and trying costs time on every write and read). SQLite: nothing to tune.
   */
  tuneBlobStorage(db: Kysely<unknown>): Promise<void>;
  /** Row locks held to the end of the transaction (PostgreSQL `FOR UPDATE`); SQLite needs none. */
  forUpdate<Q extends Lockable<Q>>(qb: Q): Q;
  /**
   * After a bulk write of `written` rows into `tables`: PostgreSQL gathers fresh planner statistics (ANALYZE) of
   * those the write grew by a tenth or more, or that were never analysed — autovacuum would do it a minute or
   * more later (or never, when it is off), and until then IN-lists and joins are planned as if the tables were
   * empty (D64). SQLite plans from its indexes alone: nothing to do.
   */
  analyzeAfterBulkWrite<T>(db: Kysely<T>, tables: readonly string[], written: number): Promise<void>;
  /**
   * Called in a transaction just before it writes `message_events`, so event ids become visible in id order and a
   * feed reading `id > cursor` never skips one (D60). PostgreSQL hands out sequence values at insert, not at commit:
   * a transaction-level advisory lock makes event writers queue until the previous one commits. SQLite has one
   * writer at a time already.
   */
  lockEventLog<T>(tx: Kysely<T>): Promise<void>;
}

/** A select that can take row locks (Kysely's SelectQueryBuilder). */
export interface Lockable<Q> {
  forUpdate(): Q & { skipLocked(): Q };
}

/** The advisory lock key of the event log (any constant unique to it: "LS" "EVNT"). */
const EVENT_LOG_LOCK = 0x4c53_4556_4e54;
/** PostgreSQL: takes the event log's lock until the transaction ends (an expression, for use inside a statement). */
export const EVENT_LOG_LOCK_SQL = sql`pg_advisory_xact_lock(${sql.lit(EVENT_LOG_LOCK)})`;

/** Trigram indexes cannot answer terms shorter than three characters. */
const TRIGRAM = 3;
/**
 * A term matching fewer rows than this is looked up in the trigram index (a short list of rows); a more common one
 * is checked row by row while walking the ordered index, which fills a page after a few rows. SQLite counts the FTS
 * index's rows up to it; PostgreSQL asks its planner's estimate for a table searched through a table of its own.
 */
const RARE_LIMIT = 2000;
/** Writes smaller than this never trigger an ANALYZE (a form, a test, a short import). */
const BULK_ROWS = 500;
/** A table is analysed again once a write adds this share of the rows it had when last analysed (autovacuum's rule). */
const GROWTH_SHARE = 0.1;

/**
 * PostgreSQL's pg_trgm takes trigrams within words only, and a word ends at every character that is not a letter
 * or digit: `jan.nowak.17@example.pl` is the words "jan", "nowak", "17", "example", "pl", and a search for
 * `.17@example.pl` asks for the rows holding "17" (unit, flat and document numbers too) and
 * "example" and "pl" (every row) — seconds at 2 000 000 messages (D81). The index is on search_text with these
 * characters turned into the letter q (rare in Polish; a false hit is only re-checked), so an address or a
 * document number is one word and its trigrams span the dots, slashes and at signs, as SQLite's FTS5 trigram
 * tokenizer does. Changing the lists needs a new migration (the index is built on exactly this expression).
 */
export const SEARCH_SEPARATORS = '.@-_/+:,;!?#$%&()*<=>[]^{|}~–—„”…';
const SEARCH_SEPARATOR_LETTERS = 'q'.repeat([...SEARCH_SEPARATORS].length);
const separatorPattern = new RegExp(`[${SEARCH_SEPARATORS.replace(/[\][\\^-]/g, '\\$&')}]`, 'g');

/**
 * PostgreSQL: a table whose search words (`searchWordsExpr` of its text, column `words`) are indexed in a table of
 * their own, filled by triggers when a row is made or its `search_text` changes (migration 0034, D91). A send updates
 * a message twice and PostgreSQL writes every update as a new row version with an entry in each of the table's
 * indexes; the trigram index re-inserted every trigram of the text each time. The words are stored, not computed
 * when read: `translate` with the multi-byte dashes and quotes costs about 30 µs a row, paid for every candidate the
 * index names. SQLite's FTS5 index is such a table already (its trigger fires only on `search_text`).
 */
export const SEARCH_TABLE_OF: Partial<Record<SearchableTable, string>> = { messages: 'messages_search' };

/** `translate(<column>, …)`: the expression the trigram indexes of migrations 0032 and 0034 are built on. */
export function searchWordsExpr(column: Expression<string>): Expression<string> {
  return sql<string>`translate(${column}, ${sql.lit(SEARCH_SEPARATORS)}, ${sql.lit(SEARCH_SEPARATOR_LETTERS)})`;
}

/**
 * The part of a folded term a trigram index is asked for (both databases). An e-mail address is cut after the "@"
 * and one more character when three or more characters come before it: most people share a handful of mail
 * providers (gmail.com, wp.pl, o2.pl, onet.pl, interia.pl), so the domain's trigrams are in a large share of the rows
 * and the index would read all of them (SQLite's FTS5 reads every trigram's whole list: "@ex", "exa"… at 2 000 000
 * messages), while the part before the "@" names the person. Only the index is asked for less; the whole term is
 * still matched.
 */
function indexedPart(foldedTerm: string): string {
  const at = foldedTerm.indexOf('@');
  return at >= TRIGRAM ? foldedTerm.slice(0, at + 2) : foldedTerm;
}

/** PostgreSQL: the part of a folded term its index is asked for, translated as `searchWordsExpr` translates the text. */
export function searchWordsTerm(foldedTerm: string): string {
  return indexedPart(foldedTerm).replace(separatorPattern, 'q');
}

const sqlite: DialectSql = {
  name: 'sqlite',
  binaryType: 'blob',
  async searchTextContains(db, table, foldedTerm) {
    const scan = rowTextContains(table, foldedTerm);
    if (foldedTerm.length < TRIGRAM) return scan;
    const fts = sql.table(`${table}_fts`);
    const asked = indexedPart(foldedTerm);
    const phrase = `"${asked.replaceAll('"', '""')}"`;
    const probe = await sql<{
      n: number;
    }>`select count(*) as n from (select rowid from ${fts} where ${fts} match ${phrase} limit ${RARE_LIMIT})`.execute(
      db,
    );
    if (Number(probe.rows[0]?.n ?? 0) >= RARE_LIMIT) return scan;
    // A trigram phrase finds exactly the rows that contain it; a shortened one also rows holding only its part.
    const found = sql<SqlBool>`${sql.ref(`${table}.rowid`)} in (select rowid from ${fts} where ${fts} match ${phrase})`;
    return asked === foldedTerm ? found : sql<SqlBool>`(${found} and ${scan})`;
  },
  async createSearchIndex(db, table) {
    const fts = sql.table(`${table}_fts`);
    const t = sql.table(table);
    await sql`create virtual table ${fts} using fts5(search_text, content=${sql.lit(table)}, content_rowid='rowid', tokenize='trigram')`.execute(
      db,
    );
    await sql`create trigger ${sql.raw(`${table}_fts_insert`)} after insert on ${t} begin
      insert into ${fts}(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_fts_delete`)} after delete on ${t} begin
      insert into ${fts}(${fts}, rowid, search_text) values ('delete', old.rowid, old.search_text); end`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_fts_update`)} after update of search_text on ${t} begin
      insert into ${fts}(${fts}, rowid, search_text) values ('delete', old.rowid, old.search_text);
      insert into ${fts}(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db);
  },
  async dropSearchIndex(db, table) {
    for (const suffix of ['insert', 'delete', 'update']) {
      await sql`drop trigger if exists ${sql.raw(`${table}_fts_${suffix}`)}`.execute(db);
    }
    await sql`drop table if exists ${sql.table(`${table}_fts`)}`.execute(db);
  },
  async migrationSchema() {
    return undefined;
  },
  idInClaimed: (pick) => sql<SqlBool>`${sql.ref('id')} in (${pick})`,
  async tuneBlobStorage() {},
  forUpdate: (qb) => qb,
  async analyzeAfterBulkWrite() {},
  async lockEventLog() {},
};

/** The row's own `search_text` contains the term: checked row by row, no index (both databases). */
function rowTextContains(table: SearchableTable, foldedTerm: string): Expression<SqlBool> {
  return likeEscaped(sql.ref(`${table}.search_text`), foldedTerm, 'contains');
}

/** PostgreSQL: the number of rows the planner expects a query to return (its statistics; nothing is read). */
async function plannedRows<T>(db: Kysely<T>, query: Expression<unknown>): Promise<number> {
  const { rows } = await sql<{ 'QUERY PLAN': unknown }>`explain (format json) ${query}`.execute(db);
  const plan = rows[0]?.['QUERY PLAN'];
  if (plan === undefined) return 0; // no answer (the SQL snapshots' dummy driver)
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as [{ Plan: { 'Plan Rows': number } }];
  return parsed[0].Plan['Plan Rows'];
}

const postgres: DialectSql = {
  name: 'postgres',
  binaryType: 'bytea',
  async searchTextContains(db, table, foldedTerm) {
    // The trigram index of search_text with punctuation made a letter (migrations 0032 and 0034, D86), which pg_trgm
    // reads as whole words. A term without punctuation or "q" is found in that text exactly where it is in
    // search_text; otherwise the index finds candidates and strpos keeps the rows that hold the very term. (strpos,
    // not a second LIKE: the planner multiplies the two LIKEs' selectivities, thinks a common term rare and reads all
    // its rows instead of walking the ordered index.)
    // A term too short for trigrams is checked on the table's own text, row by row.
    const text = sql.ref<string>(`${table}.search_text`);
    const scan = rowTextContains(table, foldedTerm);
    const words = searchWordsTerm(foldedTerm);
    if (words.length < TRIGRAM) return scan;
    const exact = (indexed: Expression<SqlBool>) =>
      words.includes('q') ? sql<SqlBool>`(${indexed} and strpos(${text}, ${foldedTerm}) > 0)` : indexed;
    const side = SEARCH_TABLE_OF[table];
    if (!side) return exact(likeEscaped(searchWordsExpr(text), words, 'contains'));
    // The words kept apart (D91): a rare term reads the rows the index names and joins them by id; a common one is
    // checked on the row's own text while walking the page's ordered index (a semi-join would probe the other table
    // for every row walked: 0.05–0.09 ms each under load, more than ten times the check).
    const indexed = likeEscaped(sql.ref(`${side}.words`), words, 'contains');
    const estimate = await plannedRows(db, sql`select 1 from ${sql.table(side)} where ${indexed}`);
    if (estimate >= RARE_LIMIT) return scan;
    return exact(
      sql<SqlBool>`${sql.ref(`${table}.id`)} in (select ${sql.ref(`${side}.id`)} from ${sql.table(side)} where ${indexed})`,
    );
  },
  async createSearchIndex(db, table) {
    // Installed once per database into public (trusted extension since PostgreSQL 13).
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    await sql`create index ${sql.raw(`${table}_search_trgm`)} on ${sql.table(table)} using gin (search_text public.gin_trgm_ops)`.execute(
      db,
    );
  },
  async dropSearchIndex(db, table) {
    await sql`drop index if exists ${sql.raw(`${table}_search_trgm`)}`.execute(db);
  },
  async migrationSchema(db) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    return rows[0]?.schema;
  },
  idInClaimed: (pick) => sql<SqlBool>`${sql.ref('id')} = any(array(${pick.forUpdate().skipLocked()}))`,
  async tuneBlobStorage(db) {
    await sql`alter table blobs alter column data set storage external`.execute(db);
  },
  forUpdate: (qb) => qb.forUpdate(),
  async analyzeAfterBulkWrite(db, tables, written) {
    if (written < BULK_ROWS || tables.length === 0) return;
    // reltuples: the row count at the last ANALYZE (or VACUUM); -1 when the table was never analysed.
    const { rows } = await sql<{
      name: string;
      tuples: number;
    }>`select c.relname as name, c.reltuples as tuples from pg_class c where c.oid = any(array(select to_regclass(t) from unnest(${[...tables]}::text[]) as t))`.execute(
      db,
    );
    const stale = rows.filter((r) => r.tuples < 0 || written >= GROWTH_SHARE * r.tuples).map((r) => r.name);
    if (stale.length > 0) await sql`analyze ${sql.join(stale.map((t) => sql.table(t)))}`.execute(db);
  },
  async lockEventLog(tx) {
    await sql`select ${EVENT_LOG_LOCK_SQL}`.execute(tx);
  },
};

export function dialectSql(name: DialectName): DialectSql {
  return name === 'postgres' ? postgres : sqlite;
}

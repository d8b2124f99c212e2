import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  type SqliteDatabase as SqliteDialectDatabase,
  SqliteDriver,
} from 'kysely';
import pg from 'pg';
import { makePrivateSqliteFiles } from '../lib/private-files.js';
import { type BlobReader, postgresBlobReader, sqliteBlobReader } from './blob-reader.js';
import { type DialectSql, dialectSql } from './dialect.js';
import type { Database } from './schema.js';

export type DbTarget =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres'; url: string; searchPath?: string; poolSize?: number };

export interface DbHandle {
  db: Kysely<Database>;
  dialect: DialectSql;
  /** Whole blobs by key, read the cheapest way the database offers. */
  blobs: BlobReader;
  destroy(): Promise<void>;
}

/** pg returns int8 (count(*), sums) as strings by default; every such number here fits in a double. */
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Kysely prepares every SQLite statement afresh; preparing costs about as much as running a short statement,
 * so prepared statements are kept (most recently used first) and reused. better-sqlite3 runs one statement at a
 * time on the connection, so a cached statement is never used by two queries at once (we never stream rows).
 */
function withStatementCache(sqlite: SqliteDatabase.Database, size = 500): SqliteDialectDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const stmt = sqlite.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
  };
}

/**
 * Every transaction on SQLite begins IMMEDIATE: it takes the write lock at BEGIN, waiting (busy_timeout) while
 * another process writes. Kysely's driver issues a plain (deferred) BEGIN; a deferred transaction that read first
 * and then writes, while another process (`serve` beside `worker`, `listonosz demo` beside both) holds or took the
 * write lock, fails at once with "database is locked" — SQLite does not wait for a lock upgrade (D59).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export function createDb(target: DbTarget): DbHandle {
  if (target.dialect === 'sqlite') {
    if (target.path !== ':memory:' && target.path !== '') makePrivateSqliteFiles(target.path);
    const sqlite = new SqliteDatabase(target.path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('wal_autocheckpoint = 10000');
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: dialectSql('sqlite'), blobs: sqliteBlobReader(db), destroy: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    types: pgTypes,
    ...(target.searchPath ? { options: `-c search_path=${target.searchPath}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: dialectSql('postgres'), blobs: postgresBlobReader(pool), destroy: () => db.destroy() };
}

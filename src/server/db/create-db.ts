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
import { type BlobCopier, postgresBlobCopier } from './blob-copy.js';
import { type BlobReader, postgresBlobReader, sqliteBlobReader } from './blob-reader.js';
import { type DialectSql, dialectSql } from './dialect.js';
import type { Database } from './schema.js';

export type DbTarget =
  /** `image`: a serialised database to open in memory instead of `path` (the test suite's migrated template). */
  | { dialect: 'sqlite'; path: string; image?: Buffer }
  | { dialect: 'postgres'; url: string; searchPath?: string; poolSize?: number };

export interface DbHandle {
  db: Kysely<Database>;
  dialect: DialectSql;
  /** Whole blobs by key, read the cheapest way the database offers. */
  blobs: BlobReader;
  /** Many blobs written in a transaction by binary COPY (PostgreSQL; D85). */
  blobCopier?: BlobCopier;
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
const LOW_SPACE_CHECKPOINT_PAGES = 100;

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #sqlite: SqliteDatabase.Database;
  constructor(config: SqliteDialectConfig, sqlite: SqliteDatabase.Database) {
    super(config);
    this.#sqlite = sqlite;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  /**
   * SQLite ends a transaction by itself after some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM): Kysely's
   * ROLLBACK then fails with "cannot rollback - no transaction is active", and that error replaced the real one —
   * a full disk reached the user as an unexplained 500 (D82). Nothing is left to roll back in that case.
   * The disk is (nearly) full then: from now on the write-ahead log is checkpointed every 100 pages instead of every
   * 10 000 (40 MB), and a truncating checkpoint gives its space back now if it can. Without that the log grew into
   * whatever space was freed, filled the disk again, and could no longer be checkpointed: writes never came back.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#sqlite.inTransaction) {
      await super.rollbackTransaction(connection);
      return;
    }
    try {
      this.#sqlite.pragma(`wal_autocheckpoint = ${LOW_SPACE_CHECKPOINT_PAGES}`);
      this.#sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Still no room, or another process reading: the next failed write tries again.
    }
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #sqlite: SqliteDatabase.Database;
  constructor(config: SqliteDialectConfig, sqlite: SqliteDatabase.Database) {
    super(config);
    this.#config = config;
    this.#sqlite = sqlite;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#sqlite);
  }
}

export function createDb(target: DbTarget): DbHandle {
  if (target.dialect === 'sqlite') {
    if (!target.image && target.path !== ':memory:' && target.path !== '') makePrivateSqliteFiles(target.path);
    const sqlite = new SqliteDatabase(target.image ?? target.path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('wal_autocheckpoint = 10000');
    const db = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }, sqlite),
    });
    return {
      db,
      dialect: dialectSql('sqlite'),
      blobs: sqliteBlobReader(db),
      // Kysely opens its driver at the first query, and destroy() of a driver never opened does nothing: the
      // connection opened above is closed here either way, so a destroyed handle never answers again.
      destroy: async () => {
        await db.destroy();
        if (sqlite.open) sqlite.close();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    types: pgTypes,
    ...(target.searchPath ? { options: `-c search_path=${target.searchPath}` } : {}),
  });
  keepPoolAliveOnServerLoss(pool);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: dialectSql('postgres'),
    blobs: postgresBlobReader(pool),
    blobCopier: postgresBlobCopier(pool),
    // As for SQLite: the pool is ended even when no query ever ran (Kysely would leave it).
    destroy: async () => {
      await db.destroy();
      if (!pool.ended) await pool.end();
    },
  };
}

/**
 * A restarted or failed-over PostgreSQL server ends every connection with an error message (57P01 "terminating
 * connection due to administrator command") or a reset. pg emits that as an 'error' event on the client and, for an
 * idle one, on the pool — with no listener Node ends the whole process (D82: all four workers died at a restart).
 * The listeners only keep the process alive: a client that is checked out (between the statements of a
 * transaction) fails its next query, which reaches the caller as an ordinary rejected promise; pg-pool drops a
 * client it cannot use any more and opens a new one on the next checkout.
 */
function keepPoolAliveOnServerLoss(pool: pg.Pool) {
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
}

import { finished } from 'node:stream/promises';
import { sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './schema.js';

export interface BlobRow {
  sha256: string;
  size: number;
  data: Buffer;
  created_at: string;
}

/** Blobs written into a transaction by PostgreSQL's binary COPY (D85). */
export interface BlobCopier {
  /**
   * Stores the rows whose key is not stored yet, inside the transaction `tx`. False when it could not (not a
   * transaction, its connection unknown, or a key stored meanwhile by another transaction): nothing was written
   * then and the caller inserts the rows as before.
   */
  insertIfAbsent(tx: Db, rows: BlobRow[]): Promise<boolean>;
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const UNIQUE_VIOLATION = '23505';

/**
 * A multi-row INSERT with 100 KB bytea parameters cost node more than the bytes' size: pg-protocol builds each Bind
 * message in a buffer grown by half again and copied at every step, about three copies of every byte, and that
 * garbage made the main thread's full collections frequent (queueing profile, D85). COPY sends each blob as it is,
 * one CopyData message per piece. COPY has no ON CONFLICT: the keys already stored are asked first, and the COPY
 * runs under a savepoint, so a key another transaction stored in between rolls back only the COPY, and the caller
 * falls back to INSERT … ON CONFLICT DO NOTHING, as before. COPY needs the transaction's own pg client, which
 * Kysely does not hand out: it is found by the server process id (`pg_backend_pid()`), recorded per client when the
 * pool connects it.
 */
export function postgresBlobCopier(pool: pg.Pool): BlobCopier {
  const clients = new Map<number, pg.PoolClient>();
  const pidOf = (client: pg.PoolClient) => (client as unknown as { processID: number | null }).processID;
  pool.on('connect', (client) => {
    const pid = pidOf(client);
    if (pid) clients.set(pid, client);
  });
  pool.on('remove', (client) => {
    const pid = pidOf(client);
    if (pid && clients.get(pid) === client) clients.delete(pid);
  });
  return {
    async insertIfAbsent(tx, rows) {
      if (!tx.isTransaction || rows.length === 0) return false;
      const unique = [...new Map(rows.map((r) => [r.sha256, r])).values()];
      const keys = unique.map((r) => r.sha256);
      const found = await sql<{ pid: number; present: string[] }>`select pg_backend_pid() as pid, array(
          select sha256 from blobs where sha256 in (${sql.join(keys)})) as present`.execute(tx);
      const { pid, present } = found.rows[0] as { pid: number; present: string[] };
      const client = clients.get(pid);
      if (!client) return false;
      const stored = new Set(present);
      const missing = unique.filter((r) => !stored.has(r.sha256));
      if (missing.length === 0) return true;
      await sql`savepoint blob_copy`.execute(tx);
      try {
        await copyRows(client, missing);
      } catch (err) {
        if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
        await sql`rollback to savepoint blob_copy`.execute(tx);
        return false;
      }
      await sql`release savepoint blob_copy`.execute(tx);
      return true;
    },
  };
}

/** The rows in binary COPY format: each blob's bytes are written as they are, between small framing buffers. */
async function copyRows(client: pg.PoolClient, rows: BlobRow[]) {
  const stream = client.query(copyFrom('copy blobs (sha256, size, data, created_at) from stdin with (format binary)'));
  const done = finished(stream);
  const header = Buffer.alloc(19);
  SIGNATURE.copy(header);
  let pending = header; // the framing before the next blob's bytes
  for (const row of rows) {
    const sha = Buffer.from(row.sha256, 'latin1');
    const frame = Buffer.allocUnsafe(2 + 4 + sha.length + 4 + 4 + 4);
    let at = frame.writeInt16BE(4, 0);
    at = frame.writeInt32BE(sha.length, at);
    at += sha.copy(frame, at);
    at = frame.writeInt32BE(4, at);
    at = frame.writeInt32BE(row.size, at);
    frame.writeInt32BE(row.data.length, at);
    stream.write(Buffer.concat([pending, frame]));
    stream.write(row.data);
    const created = Buffer.from(row.created_at, 'utf8');
    pending = Buffer.allocUnsafe(4 + created.length);
    pending.writeInt32BE(created.length, 0);
    created.copy(pending, 4);
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  stream.end(Buffer.concat([pending, trailer]));
  await done;
}

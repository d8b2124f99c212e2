import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/sending.js';
import { killed, spawnWorker, whenRunning } from '../../../test/support/worker-process.js';
import { createBackup, DB_FILE, restoreBackup, verifyBackup } from './backup.js';

/**
 * Issue 15's evidence for backups: a copy taken while a `listonosz worker` process is sending 5 000 messages restores
 * to the same row counts as its manifest and to byte-identical frozen e-mails — every message's .eml in the restored
 * database has the SHA-256 the message names and the same bytes as in the live database — and the sending it
 * interrupted nothing: every message still reaches the server once.
 */
const MESSAGES = 5000;
let h: Harness | null = null;
let worker: ChildProcess | null = null;

afterAll(async () => {
  if (worker) await killed(worker, 'SIGKILL');
  await h?.close();
});

/** message id → SHA-256 of the .eml bytes stored for it, and status, read straight from a database file. */
function emlDigests(file: string) {
  const db = new SqliteDatabase(file, { readonly: true, timeout: 10_000 });
  try {
    const rows = db
      .prepare(
        `select m.id, m.status, m.eml_sha256, b.data from messages m left join blobs b on b.sha256 = m.eml_sha256`,
      )
      .all() as { id: string; status: string; eml_sha256: string | null; data: Buffer | null }[];
    return new Map(
      rows.map((r) => [
        r.id,
        {
          status: r.status,
          named: r.eml_sha256,
          actual: r.data ? createHash('sha256').update(r.data).digest('hex') : null,
        },
      ]),
    );
  } finally {
    db.close();
  }
}

function tableCounts(file: string): Record<string, number> {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const tables = db
      .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
      .pluck()
      .all() as string[];
    return Object.fromEntries(tables.map((t) => [t, Number(db.prepare(`select count(*) from "${t}"`).pluck().get())]));
  } finally {
    db.close();
  }
}

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(process.env.TEST_DB === 'postgres')('a backup taken while 5 000 messages are being sent', () => {
  it('restores to identical counts and identical .eml bytes; the send goes on and delivers each message once', async () => {
    // A rate limit stretches the send over ~15 s so the copy is taken in the middle of it.
    h = await createHarness(
      {},
      { rates: { perSecond: 350, perMinute: null, perHour: null, perDay: null }, maxConnections: 4 },
      { fileDb: true },
    );
    const ids = await h.queueMany(MESSAGES);
    const dataDir = h.t.env.LISTONOSZ_DATA_DIR as string;
    const dbPath = path.join(dataDir, DB_FILE);
    const sink = h.sink;

    worker = spawnWorker(h.t.env);
    await whenRunning(worker);
    await until(() => sink.received.length >= 500, 60_000, 'the worker to send 500 messages');
    const deliveredBefore = sink.received.length;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'listonosz-backup-out-')), 'kopia.tar');
    const manifest = await createBackup({ dbPath, dataDir, target: file });
    const deliveredAfter = sink.received.length;
    // Taken mid-send: some sent, most not yet.
    expect(deliveredAfter).toBeLessThan(MESSAGES);

    expect(await verifyBackup(file)).toEqual(manifest);
    const restoredDir = path.join(mkdtempSync(path.join(tmpdir(), 'listonosz-backup-restored-')), 'data');
    await restoreBackup({ file, dataDir: restoredDir });
    const restoredDb = path.join(restoredDir, DB_FILE);

    // Identical counts: every table of the restored database holds what the manifest says it copied.
    expect(tableCounts(restoredDb)).toEqual(manifest.tables);
    expect(manifest.tables.messages).toBe(MESSAGES);

    // The snapshot is one moment of the send: what it calls sent lies between the two sink counts.
    const restored = emlDigests(restoredDb);
    const sentInCopy = [...restored.values()].filter((m) => m.status === 'sent').length;
    expect(sentInCopy).toBeLessThanOrEqual(deliveredAfter);
    expect(sentInCopy).toBeGreaterThanOrEqual(Math.floor(deliveredBefore / 2));

    // Let the live send finish, then compare every frozen e-mail byte for byte (by SHA-256).
    await until(() => new Set(sink.received.map((r) => r.messageId)).size >= MESSAGES, 120_000, 'the send to end');
    const live = emlDigests(dbPath);
    expect(restored.size).toBe(MESSAGES);
    let compared = 0;
    for (const id of ids) {
      const copy = restored.get(id);
      const original = live.get(id);
      expect(copy?.named).toMatch(/^[0-9a-f]{64}$/);
      expect(copy?.actual).toBe(copy?.named);
      expect(copy?.actual).toBe(original?.actual);
      compared++;
    }
    expect(compared).toBe(MESSAGES);
    const counts = sink.byMessageId();
    expect(counts.size).toBe(MESSAGES);
    expect(Math.max(...counts.values())).toBe(1);
    console.log(
      `backup mid-send: ${deliveredBefore}–${deliveredAfter} delivered around the copy, ${sentInCopy} sent in it, ` +
        `${compared} .eml identical`,
    );
  }, 240_000);
});

import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { call, type TestApp } from '../../../test/support/app.js';
import { testDialect } from '../../../test/support/db.js';
import { createHarness, type Harness } from '../../../test/support/sending.js';
import { createWorld, expectStatus } from '../../../test/support/world.js';

/**
 * Issue 15, point 9 (D82): the disk of a SQLite data folder fills up while a batch is being sent. The folder is a
 * small file system of its own (tmpfs, 8 MB), filled by a file of zeros. The user's next write gets a clear error
 * that names the disk, nothing is corrupted, and once the file is gone the batch finishes, each message once.
 * SQLite only (the file system under PostgreSQL is its server's); needs root to mount, as in CI.
 */
function mountUnavailable(): string | null {
  if (testDialect !== 'sqlite') return 'SQLite only: the data folder of a SQLite installation';
  if (process.getuid?.() !== 0) return 'needs root to mount a small file system (CI runs as root)';
  return null;
}
const unavailable = mountUnavailable();

let mountPoint: string | null = null;
let h: Harness | null = null;
afterAll(async () => {
  await h?.close().catch(() => {});
  if (mountPoint) {
    try {
      execFileSync('umount', ['-l', mountPoint]);
    } catch {
      // Mount refused or already gone: only the folder is left.
    }
    rmdirSync(mountPoint);
  }
});

/** Writes zeros until the file system says ENOSPC; returns the bytes written. */
function fillDisk(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return written;
}

async function waitFor(check: () => Promise<boolean>, ms: number, what: string) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) {
      const df = mountPoint
        ? execFileSync('ls', ['-laR', mountPoint]).toString() +
          execFileSync('sh', ['-c', `ls -l /proc/${process.pid}/fd | grep listonosz-full || true`]).toString() +
          execFileSync('df', [mountPoint]).toString()
        : '';
      throw new Error(`timed out: ${what}\n${df}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const draftBody = (accountId: string, i: number) => ({
  accountId,
  toName: `Lokator ${i}`,
  toAddress: `lokator${i}@example.pl`,
  subject: `Rozliczenie wody ${i}`,
  // Big enough that a few of them need new pages of the database file.
  text: `Szanowni Państwo, rozliczenie za wodę. ${'Zużycie wody w lokalu. '.repeat(2000)}`,
});

describe.skipIf(unavailable !== null)(`the disk of the data folder fills up (${unavailable ?? 'tmpfs 8 MB'})`, () => {
  it('a clear error naming the disk, no corruption, sending resumes with each message once', async () => {
    mountPoint = mkdtempSync(path.join(tmpdir(), 'listonosz-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint]);
    h = await createHarness(
      {},
      { rates: { perSecond: 50, perMinute: null, perHour: null, perDay: null }, maxConnections: 2 },
      { sqliteDir: mountPoint },
    );
    const harness = h;
    const t: TestApp = harness.t;
    const dataDir = t.env.LISTONOSZ_DATA_DIR as string;
    expect(dataDir.startsWith(mountPoint)).toBe(true);
    const w = await createWorld(t);
    expectStatus(
      await call(t, w.admin, 'PUT', `/api/positions/${w.positionA}/accounts`, {
        accounts: [{ accountId: harness.accountId, role: 'default' }],
      }),
      200,
    );
    const batch = await harness.queueMany(300);
    // As in a database that has run a while: its pages in the file, the write-ahead log short. (Right after
    // creation everything is in the log, and a log as big as the disk can never be checkpointed into it.)
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(t.container.db);
    const worker = harness.worker({ leaseMs: 5000 });
    worker.start();
    await waitFor(async () => harness.sink.received.length >= 20, 20_000, 'the first messages');

    // The disk fills up mid-send.
    const filler = path.join(mountPoint, 'filler.bin');
    const filled = fillDisk(filler);
    const sentWhenFull = harness.sink.received.length;
    if (process.env.FAULTS_VERBOSE) console.log(`filler ${filled} bytes`);

    // The clerk goes on writing letters: sooner or later the database needs a page it cannot get.
    let refused: { status: number; body: { error: { code: string; message: string } } } | null = null;
    for (let i = 0; i < 200 && !refused; i++) {
      const res = await call(t, w.clerkA, 'POST', '/api/messages', draftBody(harness.accountId, i));
      if (res.statusCode !== 201) refused = { status: res.statusCode, body: res.json() };
    }
    expect(refused?.status).toBe(507);
    expect(refused?.body.error.code).toBe('disk_full');
    expect(refused?.body.error.message).toMatch(/^Brak miejsca na dysku/);
    expect(refused?.body.error.message).toContain(dataDir);

    // Nothing corrupted, while the disk is still full.
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(t.container.db);
    expect(check.rows.map((r) => r.integrity_check)).toEqual(['ok']);

    // Room again: the batch finishes by itself, each message once, and the refused letter can be written now.
    rmSync(filler);
    if (process.env.FAULTS_VERBOSE) console.log(execFileSync('ls', ['-la', dataDir]).toString());
    await waitFor(
      async () => {
        const rows = await t.container.db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', 'in', batch)
          .where('status', '=', 'sent')
          .execute();
        return Number(rows[0]?.n) === batch.length;
      },
      60_000,
      'the batch to finish after the disk was freed',
    );
    expect(worker.running).toBe(true);
    const counts = harness.sink.byMessageId();
    expect(counts.size).toBe(batch.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expectStatus(await call(t, w.clerkA, 'POST', '/api/messages', draftBody(harness.accountId, 999)), 201);
    const after = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(t.container.db);
    expect(after.rows.map((r) => r.integrity_check)).toEqual(['ok']);
    console.log(
      `disk full (D82): filler ${Math.round(filled / 1024)} KB, ${sentWhenFull} of ${batch.length} sent when the ` +
        `disk filled, refused with ${refused?.status}; all sent once after it was freed`,
    );
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock } from '../../../test/support/clock.js';
import { createTestDb, type TestDbHandle } from '../../../test/support/db.js';
import { insertMailboxRow } from '../../../test/support/feedback.js';
import { LeaseLostError, type NewFeedbackRecord, type ReaderStore } from './ports.js';
import { backoffMs } from './reader-loop.js';
import { createReaderStore } from './reader-store.js';

let handle: TestDbHandle;
const clock = createTestClock();
let store: ReaderStore;

beforeAll(async () => {
  handle = await createTestDb();
  store = createReaderStore({ db: handle.db, clock, leaseMs: 60_000 });
  for (const id of ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']) await insertMailboxRow(handle.db, id);
});
afterAll(() => handle?.destroy());

const entry = (mailboxId: string, uid: number, over: Partial<NewFeedbackRecord> = {}): NewFeedbackRecord => ({
  mailboxId,
  folder: 'INBOX',
  uidvalidity: '7',
  uid,
  sha256: `sha-${uid}`,
  messageId: `<${uid}@x>`,
  size: 100,
  kind: 'hard_bounce',
  targetFolder: 'Zwroty',
  duplicateOf: null,
  receivedAt: null,
  details: { reason: 'test' },
  processed: false,
  ...over,
});

describe('the reader store', () => {
  it('gives a mailbox to one worker at a time until its lease runs out', async () => {
    expect(await store.claimLease('m1', 'a')).toBe(true);
    expect(await store.claimLease('m1', 'b')).toBe(false);
    expect(await store.claimLease('m1', 'a')).toBe(true);
    expect(await store.claimLease('m2', 'b')).toBe(true);
    clock.advance(59_000);
    expect(await store.renewLease('m1', 'a')).toBe(true);
    clock.advance(59_000);
    expect(await store.claimLease('m1', 'b')).toBe(false);
    clock.advance(2_000);
    expect(await store.claimLease('m1', 'b')).toBe(true);
    expect(await store.renewLease('m1', 'a')).toBe(false);
    await store.releaseLease('m1', 'a');
    expect(await store.claimLease('m1', 'a')).toBe(false);
    await store.releaseLease('m1', 'b');
    expect(await store.claimLease('m1', 'a')).toBe(true);
  });

  it('refuses every write of a worker that lost its lease (fenced)', async () => {
    expect(await store.claimLease('m3', 'a')).toBe(true);
    await store.folderState('m3', 'a', 'INBOX', '7');
    const mine = await store.record('a', entry('m3', 1));
    clock.advance(61_000);
    expect(await store.claimLease('m3', 'b')).toBe(true);
    await expect(store.record('a', entry('m3', 2))).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.markProcessed('a', mine)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.markMoved('a', mine)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.markAllMoved('a', 'm3', [mine.id])).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.advance('m3', 'a', 'INBOX', '7', 1)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(store.folderState('m3', 'a', 'INBOX', '7')).rejects.toBeInstanceOf(LeaseLostError);
    expect(await store.findAt('m3', 'INBOX', '7', 2)).toBeNull();
    expect((await store.findAt('m3', 'INBOX', '7', 1))?.processedAt).toBeNull();
    await store.markProcessed('b', mine);
    expect((await store.findAt('m3', 'INBOX', '7', 1))?.processedAt).not.toBeNull();
  });

  it('keeps one record per position, finds the same message by content, and restarts on a new UIDVALIDITY', async () => {
    expect(await store.claimLease('m4', 'a')).toBe(true);
    expect(await store.folderState('m4', 'a', 'INBOX', '7')).toEqual({ lastUid: 0, reset: false });
    const first = await store.record('a', entry('m4', 5));
    const again = await store.record('a', entry('m4', 5, { kind: 'reply', targetFolder: null }));
    expect(again).toEqual(first);
    expect(again.details).toEqual({ reason: 'test' });
    await store.advance('m4', 'a', 'INBOX', '7', 5);
    await store.advance('m4', 'a', 'INBOX', '7', 3);
    expect(await store.folderState('m4', 'a', 'INBOX', '7')).toEqual({ lastUid: 5, reset: false });
    expect(await store.folderState('m4', 'a', 'INBOX', '8')).toEqual({ lastUid: 0, reset: true });
    expect((await store.findSame('m4', 'sha-5', '<5@x>'))?.id).toBe(first.id);
    expect(await store.findSame('m4', 'sha-5', '<other@x>')).toBeNull();
    expect(await store.findSame('m4', 'sha-5', null)).toBeNull();
    expect(await store.findSame('other-mailbox', 'sha-5', '<5@x>')).toBeNull();
  });

  it("finds a cycle's records in one query and marks them moved in one statement", async () => {
    expect(await store.claimLease('m6', 'a')).toBe(true);
    expect(await store.claimLease('m7', 'a')).toBe(true);
    const [one, two, three] = [
      await store.record('a', entry('m6', 1)),
      await store.record('a', entry('m6', 2)),
      await store.record('a', entry('m6', 3)),
    ];
    const other = await store.record('a', entry('m7', 2));
    await store.record('a', entry('m6', 2, { uidvalidity: '8' }));
    await store.record('a', entry('m6', 2, { folder: 'Zwrotne' }));
    expect(await store.findAll('m6', 'INBOX', '7', [])).toEqual([]);
    const found = await store.findAll('m6', 'INBOX', '7', [2, 3, 4]);
    expect(found.map((r) => r.id).sort()).toEqual([two?.id, three?.id].sort());
    await store.markAllMoved('a', 'm6', []);
    // Another mailbox's id in the list is left alone.
    await store.markAllMoved('a', 'm6', [one?.id ?? '', three?.id ?? '', other.id]);
    const moved = async (mailboxId: string, uid: number) =>
      (await store.findAt(mailboxId, 'INBOX', '7', uid))?.movedAt ?? null;
    const first = await moved('m6', 1);
    expect(first).not.toBeNull();
    expect(await moved('m6', 2)).toBeNull();
    expect(await moved('m6', 3)).toBe(first);
    expect(await moved('m7', 2)).toBeNull();
    clock.advance(1_000);
    await store.markAllMoved('a', 'm6', [one?.id ?? '', two?.id ?? '']);
    // Moved once: a second mark keeps the first time.
    expect(await moved('m6', 1)).toBe(first);
    expect(await moved('m6', 2)).not.toBe(first);
  });

  it('keeps the connection status for the settings page', async () => {
    expect(await store.claimLease('m5', 'a')).toBe(true);
    const firstAt = clock.now().toISOString();
    await store.reportStatus('m5', 'a', { message: 'Serwer odrzucił hasło.', detail: 'Authentication failed' });
    await store.reportStatus('m5', 'someone-else', null);
    const row = await handle.db.selectFrom('feedback_reader_leases').selectAll().where('mailbox_id', '=', 'm5');
    expect(await row.executeTakeFirst()).toMatchObject({
      status: 'error',
      last_error: 'Serwer odrzucił hasło.',
      last_error_detail: 'Authentication failed',
      error_since: firstAt,
    });
    clock.advance(30_000);
    await store.reportStatus('m5', 'a', { message: 'Nie można połączyć się.', detail: null });
    // The series started with the first error; the text is the latest.
    expect(await row.executeTakeFirst()).toMatchObject({ last_error: 'Nie można połączyć się.', error_since: firstAt });
    await store.reportStatus('m5', 'a', null);
    expect(await row.executeTakeFirst()).toMatchObject({
      status: 'ok',
      last_error: null,
      last_error_detail: null,
      error_since: null,
      last_ok_at: clock.now().toISOString(),
    });
    clock.advance(30_000);
    await store.reportStatus('m5', 'a', { message: 'Znowu.', detail: null });
    expect(await row.executeTakeFirst()).toMatchObject({ error_since: clock.now().toISOString() });
  });

  it('backs off by doubling within its bounds, with jitter', () => {
    expect(backoffMs(1, 1000, 300_000, () => 0.5)).toBe(1000);
    expect(backoffMs(4, 1000, 300_000, () => 0.5)).toBe(8000);
    expect(backoffMs(30, 1000, 300_000, () => 0.5)).toBe(300_000);
    expect(backoffMs(1, 1000, 300_000, () => 0)).toBe(800);
    expect(backoffMs(1, 1000, 300_000, () => 1)).toBe(1200);
  });
});

import { createHash } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { Clock } from '../lib/clock.js';
import type {
  FeedbackClassifier,
  FeedbackDecision,
  FeedbackRecord,
  FeedbackSink,
  ReadableMailbox,
  ReaderStore,
} from './ports.js';
import { folderError } from './reader-errors.js';
import { downloadAll, moveAll } from './reader-imap.js';

export interface FolderReadContext {
  client: ImapFlow;
  mailbox: ReadableMailbox;
  owner: string;
  store: ReaderStore;
  classifier: FeedbackClassifier;
  sink: FeedbackSink;
  clock: Clock;
  /** At most this many messages per folder per cycle. */
  batch: number;
  /** Larger messages are never downloaded: recorded as too large and moved to Do-przejrzenia. */
  maxMessageBytes: number;
  /**
   * At most this many bytes of sources downloaded per folder per cycle (all in memory at once): the cycle ends
   * before the message that would go over it, unless that is its first.
   */
  batchBytes: number;
  /** Target folders known to exist on this connection (created once when missing). */
  knownFolders: Set<string>;
  /**
   * False once the reader is stopping or lost its lease: the cycle ends after the message in hand, without moving
   * or advancing (the next reader finishes what was recorded).
   */
  keepGoing(): boolean;
}

export interface FolderReadResult {
  /** Messages looked at in this cycle (recorded, finished or skipped as older than `processSince`). */
  seen: number;
  /** More UIDs wait beyond this cycle's batch. */
  more: boolean;
}

interface Listed {
  uid: number;
  size: number;
  internalDate: Date | null;
  messageId: string | null;
}

const TOO_LARGE: FeedbackDecision = { kind: 'unknown', folder: 'Do-przejrzenia', details: { tooLarge: true } };

/** One listed message and what this cycle does with it. */
interface Step {
  m: Listed;
  /** Its record when one exists at this position (a cycle that stopped or crashed before the move). */
  record: FeedbackRecord | null;
  /** Its source is needed: to classify it, or to hand it to the sink again. */
  download: boolean;
}

/**
 * One cycle over one folder (D47, D57): UIDs above the stored last UID, at most `batch` of them, oldest first.
 * Per cycle: the sizes and dates in one FETCH, the records already at those positions in one query, the sources
 * in one FETCH (within `batchBytes`); then each message is recorded (with its decision), handed to the sink and
 * marked processed, one at a time in UID order; then one UID MOVE per target folder, each followed by its
 * `moved_at` in one statement; then the last UID. A tenant's reply stays where it is, unread (BODY.PEEK).
 * Nothing is moved before it is recorded and processed; a cycle that stops or crashes before the moves leaves
 * records that the next cycle finds at their positions and only finishes (moves). A message recorded before under
 * another UIDVALIDITY (same SHA-256 + Message-ID) is recorded as a duplicate and moved, never acted on again.
 */
export async function readFolder(ctx: FolderReadContext, folder: string): Promise<FolderReadResult> {
  const { client, mailbox, owner, store } = ctx;
  const lock = await client.getMailboxLock(folder).catch((err: unknown) => {
    throw folderError(err, folder);
  });
  try {
    const selected = client.mailbox;
    if (!selected) throw new Error(`The folder ${folder} could not be opened.`);
    const uidvalidity = String(selected.uidValidity);
    const { lastUid } = await store.folderState(mailbox.id, owner, folder, uidvalidity);
    if (selected.exists === 0) return { seen: 0, more: false };
    // "n:*" always includes the highest UID, even below n: filter.
    const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
    const uids = (found || []).filter((u) => u > lastUid).sort((a, b) => a - b);
    const take = uids.slice(0, ctx.batch);
    if (take.length === 0) return { seen: 0, more: false };
    const listed: Listed[] = [];
    for await (const m of client.fetch(
      take.join(','),
      { uid: true, size: true, internalDate: true, envelope: true },
      { uid: true },
    )) {
      const date = m.internalDate ? new Date(m.internalDate) : null;
      listed.push({ uid: m.uid, size: m.size ?? 0, internalDate: date, messageId: m.envelope?.messageId ?? null });
    }
    listed.sort((a, b) => a.uid - b.uid);
    const known = await store.findAll(
      mailbox.id,
      folder,
      uidvalidity,
      listed.map((m) => m.uid),
    );
    const steps = plan(ctx, listed, new Map(known.map((r) => [r.uid, r])));
    const sources = await downloadAll(
      client,
      steps.filter((s) => s.download).map((s) => s.m.uid),
      ctx.maxMessageBytes,
    );
    const toMove = new Map<string, FeedbackRecord[]>();
    let seen = 0;
    for (const step of steps) {
      if (!ctx.keepGoing()) return { seen, more: true };
      const record = await readMessage(ctx, folder, uidvalidity, step, sources.get(step.m.uid) ?? null);
      sources.delete(step.m.uid);
      if (record?.targetFolder && !record.movedAt) {
        toMove.set(record.targetFolder, [...(toMove.get(record.targetFolder) ?? []), record]);
      }
      seen++;
    }
    for (const [target, records] of [...toMove].sort(([a], [b]) => a.localeCompare(b))) {
      if (!ctx.keepGoing()) return { seen, more: true };
      await moveAll(
        client,
        ctx.knownFolders,
        folder,
        records.map((r) => r.uid),
        target,
      );
      await store.markAllMoved(
        owner,
        mailbox.id,
        records.map((r) => r.id),
      );
    }
    const last = steps.at(-1);
    if (last) await store.advance(mailbox.id, owner, folder, uidvalidity, last.m.uid);
    return { seen, more: steps.length < listed.length || uids.length > take.length };
  } finally {
    lock.release();
  }
}

/** What each listed message needs, cut before the first source that would take the cycle over `batchBytes`. */
function plan(ctx: FolderReadContext, listed: Listed[], known: Map<number, FeedbackRecord>): Step[] {
  const steps: Step[] = [];
  let bytes = 0;
  for (const m of listed) {
    const record = known.get(m.uid) ?? null;
    const download = record
      ? !record.processedAt && record.sha256 !== null
      : !skipped(ctx, m) && m.size <= ctx.maxMessageBytes;
    if (download) {
      if (steps.length > 0 && bytes + m.size > ctx.batchBytes) break;
      bytes += m.size;
    }
    steps.push({ m, record, download });
  }
  return steps;
}

/**
 * Mail older than the mailbox's `processSince` is left alone (the read position moves past it). An IMAP INTERNALDATE
 * has whole seconds: mail of the second `processSince` falls in is read (it may have come just after the set-up).
 */
const skipped = (ctx: FolderReadContext, m: Listed) =>
  ctx.mailbox.processSince !== null &&
  m.internalDate !== null &&
  m.internalDate.getTime() < Math.floor(ctx.mailbox.processSince.getTime() / 1000) * 1000;

/** Records (when new) and acts on one message; its record, or null when it is left alone. */
async function readMessage(
  ctx: FolderReadContext,
  folder: string,
  uidvalidity: string,
  step: Step,
  raw: Buffer | null,
): Promise<FeedbackRecord | null> {
  const { mailbox, owner, store } = ctx;
  const { m } = step;
  let record = step.record;
  if (!record) {
    if (skipped(ctx, m)) return null;
    let decision = TOO_LARGE;
    let sha256: string | null = null;
    let same: FeedbackRecord | null = null;
    if (raw) {
      sha256 = createHash('sha256').update(raw).digest('hex');
      same = await store.findSame(mailbox.id, sha256, m.messageId);
      decision = same
        ? { kind: same.kind, folder: same.targetFolder, details: same.details }
        : await ctx.classifier.classify(raw);
    }
    record = await store.record(owner, {
      mailboxId: mailbox.id,
      folder,
      uidvalidity,
      uid: m.uid,
      sha256,
      messageId: m.messageId,
      size: m.size,
      kind: decision.kind,
      targetFolder: decision.folder,
      duplicateOf: same?.id ?? null,
      receivedAt: m.internalDate?.toISOString() ?? null,
      details: decision.details ?? {},
      // A duplicate was acted on when first seen: it is only moved.
      processed: same !== null,
    });
  }
  if (!record.processedAt) {
    await ctx.sink.record({
      id: record.id,
      mailboxId: record.mailboxId,
      folder,
      uid: record.uid,
      messageId: record.messageId,
      sha256: record.sha256,
      size: record.size,
      kind: record.kind,
      targetFolder: record.targetFolder,
      receivedAt: record.receivedAt ? new Date(record.receivedAt) : null,
      details: record.details,
      raw,
    });
    await store.markProcessed(owner, record);
  }
  return record;
}

import { createHash } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { Clock } from '../lib/clock.js';
import {
  FEEDBACK_ROOT,
  type FeedbackClassifier,
  type FeedbackDecision,
  type FeedbackRecord,
  type FeedbackSink,
  type ReadableMailbox,
  type ReaderStore,
} from './ports.js';
import { folderError } from './reader-errors.js';

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
  /** Target folders known to exist on this connection (created once when missing). */
  knownFolders: Set<string>;
  /** False once the reader is stopping or lost its lease: the cycle ends after the message in hand. */
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

/**
 * One cycle over one folder (D47): UIDs above the stored last UID, at most `batch` of them, oldest first. Each
 * message is recorded first (with its decision), handed to the sink, then MOVEd by UID into its Listonosz/…
 * folder; a tenant's reply stays where it is, unread (everything is fetched with BODY.PEEK). A message already
 * recorded at this position (a crash before the move) is only finished; a message recorded before under another
 * UIDVALIDITY (same SHA-256 + Message-ID) is recorded as a duplicate and moved, never acted on again.
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
    let seen = 0;
    for (const m of listed) {
      if (!ctx.keepGoing()) return { seen, more: true };
      await readMessage(ctx, folder, uidvalidity, m);
      await store.advance(mailbox.id, owner, folder, uidvalidity, m.uid);
      seen++;
    }
    return { seen, more: uids.length > take.length };
  } finally {
    lock.release();
  }
}

async function readMessage(ctx: FolderReadContext, folder: string, uidvalidity: string, m: Listed) {
  const { mailbox, owner, store } = ctx;
  let record = await store.findAt(mailbox.id, folder, uidvalidity, m.uid);
  let raw: Buffer | null = null;
  if (!record) {
    if (mailbox.processSince && m.internalDate && m.internalDate < mailbox.processSince) return;
    let decision = TOO_LARGE;
    let sha256: string | null = null;
    let same: FeedbackRecord | null = null;
    if (m.size <= ctx.maxMessageBytes) {
      raw = await download(ctx.client, m.uid, ctx.maxMessageBytes);
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
    if (raw === null && record.sha256 !== null) raw = await download(ctx.client, m.uid, ctx.maxMessageBytes);
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
  if (record.targetFolder && !record.movedAt) {
    const target = await ensureFolder(ctx, record.targetFolder);
    const moved = await ctx.client.messageMove(String(m.uid), target, { uid: true });
    if (!moved) throw new Error(`The server refused to move UID ${m.uid} from ${folder} to ${target}.`);
    await store.markMoved(owner, record);
  }
}

/** The whole message through BODY.PEEK[]<0.limit> (never sets \Seen, never more than the limit). */
async function download(client: ImapFlow, uid: number, limit: number): Promise<Buffer> {
  const message = await client.fetchOne(String(uid), { uid: true, source: { maxLength: limit } }, { uid: true });
  if (message === false || !message.source) throw new Error(`UID ${uid} could not be downloaded.`);
  return message.source;
}

/** The Listonosz/<name> folder's path with the server's separator, created when missing. */
async function ensureFolder(ctx: FolderReadContext, name: string): Promise<string> {
  if (ctx.knownFolders.size === 0) {
    for (const f of await ctx.client.list()) ctx.knownFolders.add(f.path);
  }
  const separator = ctx.client.namespace?.delimiter || '/';
  const path = `${FEEDBACK_ROOT}${separator}${name}`;
  if (!ctx.knownFolders.has(path)) {
    await ctx.client.mailboxCreate(path);
    ctx.knownFolders.add(path);
  }
  return path;
}

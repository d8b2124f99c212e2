import { mailboxKey } from '../../../shared/email-address.js';
import type { BulkResult } from '../../../shared/messages.js';
import type { BlobReader } from '../../db/blob-reader.js';
import type { Db, Row } from '../../db/schema.js';
import type { MessageEventInput, MessageEventLog } from '../../events/message-events.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import { NotFoundError } from '../../lib/errors.js';
import { createMimePool, type FrozenMime, type MimePool } from '../../mail/mime-pool.js';
import type { OutboxRepository } from '../../sending/outbox.repository.js';
import type { AccountsRepository } from '../accounts/accounts.repository.js';
import type { AuditEvent, AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import type { LinkApplier } from '../download-links/download-links.service.js';
import type { MessagesRepository } from '../messages/messages.repository.js';
import { effectiveFooter } from '../rodo/rodo-footer.js';
import { type ComposeSource, prepareMessage } from './compose.js';
import type { DeliveryRepository, QueuedRow } from './delivery.repository.js';

/**
 * Queueing (freezing) drafts chunk by chunk (D79). A chunk's reads are a handful of statements for all its drafts
 * (rows, bodies, attachments, batches), attachment bytes come through the blob reader (binary COPY on PostgreSQL,
 * not bytea's hex text), each draft is composed exactly as composeMessage composes one alone, and the chunk's
 * writes — blobs, queued rows, audit entries, events — are a few multi-row statements in one transaction. On
 * PostgreSQL, where every statement is a round trip, the next chunk is composed while the previous one is written.
 */
export interface FreezeDeps {
  db: Db;
  repo: DeliveryRepository;
  messages: MessagesRepository;
  accounts: AccountsRepository;
  outbox: OutboxRepository;
  /** The message event log (D60): a `queued` event per message queued, in the queueing transaction. */
  events: MessageEventLog;
  blobs: BlobStore;
  /** Whole blobs read outside transactions: the attachments of the drafts being queued (D79). */
  blobReader: BlobReader;
  secrets: SecretBox;
  /** Signed download links put in at build time (D70); none without it. */
  links?: LinkApplier;
  audit: AuditLog;
  clock: Clock;
  /** Worker threads that build the frozen MIME of a chunk (D85). */
  mime: MimePool;
}

interface Frozen {
  message: Row<'messages'>;
  account: Row<'smtp_accounts'>;
  mime: FrozenMime;
  sender: string;
}

/** Fewer drafts than this in a chunk are built on this thread: handing them over would cost more than it saves. */
const POOL_FROM = 32;

type Attachment = ComposeSource['attachments'][number];

export function createFreezer(deps: FreezeDeps) {
  const { db, repo, accounts, outbox, events, blobs, blobReader, audit, clock, mime } = deps;
  const here = createMimePool(0);

  /** The chunk's drafts still drafts of an active account, in the order asked, with what composing them reads. */
  async function load(ids: string[], accountCache: Map<string, Row<'smtp_accounts'>>, result: BulkResult) {
    const rows = new Map((await repo.rowsOf(db, ids)).map((m) => [m.id, m]));
    const drafts: { message: Row<'messages'>; account: Row<'smtp_accounts'> }[] = [];
    for (const id of ids) {
      const message = rows.get(id);
      let account = message && accountCache.get(message.account_id);
      if (message && !account) {
        account = await accounts.findById(db, message.account_id);
        if (!account) throw new NotFoundError('Nie znaleziono konta e-mail.');
      }
      if (message?.status !== 'draft' || !account || account.status !== 'active') {
        result.skipped++;
        continue;
      }
      accountCache.set(account.id, account);
      drafts.push({ message, account });
    }
    const draftIds = drafts.map((d) => d.message.id);
    const batchIds = [...new Set(drafts.flatMap((d) => (d.message.batch_id ? [d.message.batch_id] : [])))];
    const [bodies, files, batches] = await Promise.all([
      repo.bodiesOf(db, draftIds),
      repo.attachmentsOfMany(db, draftIds),
      repo.batchReadReceipts(db, batchIds),
    ]);
    const bytes = await blobReader.read(files.map((f) => f.blob_sha256));
    const bodyOf = new Map(bodies.map((b) => [b.message_id, { html: b.html, text: b.text }]));
    const choiceOf = new Map(batches.map((b) => [b.id, b.read_receipt]));
    const filesOf = new Map<string, Attachment[]>();
    for (const f of files) {
      const data = bytes.get(f.blob_sha256);
      if (!data) continue; // gone meanwhile: as the single read's join, which would not have found it
      const list = filesOf.get(f.message_id) ?? [];
      list.push({ filename: f.filename, content_type: f.content_type, size: f.size, blob_sha256: f.blob_sha256, data });
      filesOf.set(f.message_id, list);
    }
    const footers = new Map<string, Promise<ComposeSource['footer']>>();
    const footerOf = (account: Row<'smtp_accounts'>) => {
      const known = footers.get(account.id);
      if (known) return known;
      const footer = effectiveFooter(db, account);
      footers.set(account.id, footer);
      return footer;
    };
    return Promise.all(
      drafts.map(async ({ message, account }) => {
        const source: ComposeSource = {
          body: bodyOf.get(message.id),
          attachments: filesOf.get(message.id) ?? [],
          batchChoice: message.batch_id ? (choiceOf.get(message.batch_id) ?? null) : null,
          footer: await footerOf(account),
        };
        return { message, account, source };
      }),
    );
  }

  /** Where each message goes when it enters the queue, as entryState decides, with one suppression lookup. */
  async function entryStates(tx: Db, frozen: Frozen[]) {
    const open = frozen.filter((f) => f.account.circuit_state === 'closed');
    const keys = [...new Set(open.map((f) => mailboxKey(f.message.to_address)))];
    const suppressed = new Set((await outbox.findSuppressions(tx, keys)).map((r) => r.address));
    return frozen.map(({ account, message }) => {
      const heldReason =
        account.circuit_state === 'paused'
          ? ('paused' as const)
          : account.circuit_state !== 'closed'
            ? ('account' as const)
            : suppressed.has(mailboxKey(message.to_address))
              ? ('suppressed' as const)
              : null;
      return { status: heldReason ? ('held' as const) : ('queued' as const), heldReason };
    });
  }

  /** The chunk's writes, in one transaction. */
  async function write(actor: Actor, frozen: Frozen[], sendAt: string | null, result: BulkResult) {
    await db.transaction().execute(async (tx) => {
      const nowIso = clock.now().toISOString();
      const stored = await blobs.putManyHashed(
        tx,
        frozen.map((f) => ({ sha256: f.mime.sha256, data: f.mime.raw })),
      );
      const states = await entryStates(tx, frozen);
      const rows: QueuedRow[] = frozen.map((f, i) => {
        const state = states[i] as (typeof states)[number];
        const blob = stored[i] as (typeof stored)[number];
        return { id: f.message.id, ...state, emlSha256: blob.sha256, emlSize: blob.size, envelopeFrom: f.sender };
      });
      const updated = await repo.markQueuedMany(tx, rows, { nextAttemptAt: sendAt ?? nowIso, sendAt, nowIso });
      const queued: MessageEventInput[] = [];
      const audited: AuditEvent[] = [];
      frozen.forEach(({ message }, i) => {
        const row = rows[i] as QueuedRow;
        if (!updated.has(row.id)) {
          result.skipped++; // no longer a draft: changed meanwhile
          return;
        }
        result.changed++;
        if (row.status === 'held') result.held++;
        queued.push({
          messageId: row.id,
          to: message.to_address,
          type: 'queued',
          data: { sendAt, held: row.heldReason },
        });
        audited.push({
          action: 'message.queue',
          entityType: 'message',
          entityId: row.id,
          details: { sha256: row.emlSha256, sendAt, ...(row.heldReason ? { held: row.heldReason } : {}) },
        });
      });
      await audit.recordMany(tx, actor, audited);
      await events.record(tx, queued, nowIso);
    });
  }

  return {
    /**
     * Freezes the drafts in chunks of `chunk`: reads and composes a chunk, then writes it while the next one is
     * read and composed. At most one chunk's transaction is open; an error waits for it, so every chunk before
     * the failing one is committed (as when chunks were written one after another).
     */
    async freeze(actor: Actor, ids: string[], chunk: number, sendAt: string | null, result: BulkResult) {
      const accountCache = new Map<string, Row<'smtp_accounts'>>();
      let writing: Promise<void> = Promise.resolve();
      try {
        for (let i = 0; i < ids.length; i += chunk) {
          const drafts = await load(ids.slice(i, i + chunk), accountCache, result);
          const builder = drafts.length >= POOL_FROM ? mime : here;
          const building: Promise<Frozen>[] = [];
          for (const { message, account, source } of drafts) {
            // Decided here, in order (links, PDF passwords, the date), as composeMessage does; built on a thread.
            const { input, envelopeFrom: sender } = await prepareMessage(
              { ...deps, delivery: repo },
              message,
              account,
              { date: clock.now() },
              source,
            );
            const built = builder.freeze(input).then((m) => ({ message, account, mime: m, sender }));
            built.catch(() => {}); // awaited below unless an earlier draft failed: then no unhandled rejection
            building.push(built);
          }
          const frozen = await Promise.all(building);
          await writing;
          writing = write(actor, frozen, sendAt, result);
          // Handled here so that a failure while the next chunk is composed is not an unhandled rejection;
          // the next `await writing` still throws it.
          writing.catch(() => {});
        }
      } finally {
        await writing.catch(() => {});
      }
      await writing;
    },
  };
}

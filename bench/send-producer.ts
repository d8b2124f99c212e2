/** bench:send's producer: a database with one account, filled with drafts that are then queued (frozen). */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/server/config.js';
import { createContainer } from '../src/server/container.js';
import { newId } from '../src/server/lib/ids.js';
import { systemActor } from '../src/server/modules/auth/auth.js';
import { messageIdHeader, messageSearchFields } from '../src/server/modules/messages/messages.js';
import { loopbackAccount } from '../test/support/accounts.js';
import { createTestDb, type TestDialect } from '../test/support/db.js';
import {
  attachmentBytes,
  attachmentName,
  FEEDBACK_ADDRESS,
  FROM_ADDRESS,
  FROM_NAME,
  html,
  type Size,
  subject,
  text,
  toAddress,
  toName,
} from './send-content.js';

/** One database with one account; `fill(n)` seeds n drafts (with their PDF for 100KB) and queues them. */
export async function createProducer(dialect: TestDialect, port: number, size: Size) {
  const handle = await createTestDb({ dialect, file: true });
  const instanceKey = randomBytes(32);
  const config = loadConfig(
    { NODE_ENV: 'test', LISTONOSZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'listonosz-bench-')), LOG_LEVEL: 'silent' },
    { passwordHashCost: 2 ** 10 },
  );
  const container = await createContainer(config, { dbHandle: handle, instanceKey });
  const admin = systemActor('bench');
  const account = await container.services.accounts.create(
    admin,
    loopbackAccount({
      name: 'Konto',
      fromName: FROM_NAME,
      fromAddress: FROM_ADDRESS,
      feedbackAddress: FEEDBACK_ADDRESS,
      port,
      maxConnections: 10,
    }),
  );
  const { db, repos } = container;
  const attachment = attachmentBytes(size);
  let made = 0;
  let seeded: string[] = [];
  /** Seeds n drafts (with their PDF for 100KB), not yet queued. */
  async function seed(n: number) {
    const now = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < n; i += 500) {
      await db.transaction().execute(async (tx) => {
        for (let j = made + i; j < made + Math.min(n, i + 500); j++) {
          const id = newId();
          ids.push(id);
          await repos.messages.insert(tx, {
            id,
            account_id: account.id,
            recipient_id: null,
            to_name: toName(j),
            to_address: toAddress(j),
            subject: subject(j),
            status: 'draft',
            mailbox: 'drafts',
            message_id_header: messageIdHeader(id, account.fromAddress),
            document_type: 'fee_notice',
            send_at: null,
            queued_at: null,
            sent_at: null,
            last_error: null,
            ...messageSearchFields({ subject: subject(j), toName: toName(j), toAddress: toAddress(j) }),
            created_by: null,
            created_at: now,
            updated_at: now,
          });
          await repos.messages.insertBody(tx, { message_id: id, html: html(size), text: text(size) });
          if (attachment) {
            const blob = await container.services.blobs.put(tx, Buffer.concat([attachment, Buffer.from(String(j))]));
            await repos.messages.insertAttachment(tx, {
              id: newId(),
              message_id: id,
              blob_sha256: blob.sha256,
              filename: attachmentName(j),
              content_type: 'application/pdf',
              size: blob.size,
              position: 0,
            });
          }
        }
      });
    }
    made += n;
    seeded = ids;
  }
  /** Queues (freezes) the drafts seeded last, as the web server does when a batch is made; returns msg/s. */
  async function queue() {
    const started = performance.now();
    const result = await container.services.delivery.queue(admin, {
      selection: { ids: seeded },
      dryRun: false,
      sendAt: null,
    });
    if (result.changed !== seeded.length) throw new Error(`only ${result.changed} of ${seeded.length} were queued`);
    return seeded.length / ((performance.now() - started) / 1000);
  }
  return {
    env: { ...handle.env, LISTONOSZ_SECRET_KEY: instanceKey.toString('base64') },
    seed,
    queue,
    /** The ids of the drafts seeded last (queued once `queue` ran). */
    lastIds: () => seeded,
    /** Seeds n drafts and queues them; returns the queueing rate (msg/s). */
    async fill(n: number) {
      await seed(n);
      return queue();
    },
    async sentCount() {
      const row = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'sent')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    destroy: () => container.destroy(),
  };
}

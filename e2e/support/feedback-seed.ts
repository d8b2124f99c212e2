/**
 * Feedback mail for browser tests and screenshot scripts (D50, D73): messages to the given addresses marked sent, a
 * feedback mailbox bound to the account, and a `feed` that hands raw mail to the real classifier and event sink over
 * the running server's own database — the reader's path without an IMAP server.
 */
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/server/config.js';
import { createContainer } from '../../src/server/container.js';
import type { Db } from '../../src/server/db/schema.js';
import { createReportClassifier } from '../../src/server/feedback/classifier-port.js';
import { mailboxAccountIds } from '../../src/server/modules/feedback/mailbox-source.js';
import { apiRequest } from './first-run.js';
import type { E2EServer } from './server.js';

export interface SentForFeedback {
  id: string;
  messageIdHeader: string;
  to: string;
}

/** Mail as a server would have it: lines joined with CRLF. */
export const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

/**
 * Sends (as far as the database knows) one notice from the account to each address, binds a feedback mailbox to the
 * account, then calls `use` with the sent messages, `feed` and the database; the container is closed afterwards.
 */
export async function withFeedbackMail(
  page: Page,
  server: E2EServer,
  accountId: string,
  addresses: string[],
  use: (sent: SentForFeedback[], feed: (raw: Buffer) => Promise<void>, db: Db) => Promise<void>,
): Promise<void> {
  const sent: SentForFeedback[] = [];
  for (const to of addresses) {
    const m = await apiRequest<{ id: string; messageIdHeader: string }>(
      page,
      server.url,
      'POST',
      '/api/messages',
      {
        accountId,
        toName: to.split('@')[0],
        toAddress: to,
        subject: 'Zawiadomienie o wysokości opłat od 1 stycznia',
        text: 'W załączeniu zawiadomienie.',
      },
      60_000,
    );
    sent.push({ ...m, to });
  }
  const config = loadConfig({ LISTONOSZ_DATA_DIR: server.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'production' });
  const c = await createContainer(config);
  try {
    const now = new Date().toISOString();
    await c.db
      .updateTable('messages')
      .set({ status: 'sent', mailbox: 'sent', sent_at: now })
      .where(
        'id',
        'in',
        sent.map((s) => s.id),
      )
      .execute();
    const mailboxId = '01900000-0000-7000-8000-0000000000aa';
    await c.db
      .insertInto('feedback_mailboxes')
      .values({
        id: mailboxId,
        name: 'Zwroty — biuro',
        host: 'imap.example.pl',
        port: 993,
        security: 'tls',
        username: 'zwroty@zarzadca.example.pl',
        auth: 'password',
        folders: '["INBOX"]',
        process_since: now,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await c.db
      .updateTable('smtp_accounts')
      .set({ feedback_mailbox_id: mailboxId })
      .where('id', '=', accountId)
      .execute();
    const sink = c.createFeedbackEventSink((tx, id) => mailboxAccountIds(c.repos.feedbackMailboxes, tx, id));
    let n = 0;
    const feed = async (raw: Buffer) => {
      const d = await createReportClassifier().classify(raw);
      n++;
      await sink.record({
        id: `01900000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`,
        mailboxId,
        folder: 'INBOX',
        uid: n,
        messageId: null,
        sha256: null,
        size: raw.length,
        kind: d.kind,
        targetFolder: d.folder,
        receivedAt: new Date(Date.now() - (10 - n) * 60_000),
        details: d.details ?? {},
        raw,
      });
    };
    await use(sent, feed, c.db);
  } finally {
    await c.destroy();
  }
}

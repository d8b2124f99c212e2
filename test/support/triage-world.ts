import { randomUUID } from 'node:crypto';
import { createReportClassifier } from '../../src/server/feedback/classifier-port.js';
import type { FeedbackSink } from '../../src/server/feedback/ports.js';
import { newId } from '../../src/server/lib/ids.js';
import { mailboxAccountIds } from '../../src/server/modules/feedback/mailbox-source.js';
import { call, type Session, type TestApp } from './app.js';
import { expectStatus, type World } from './world.js';

/**
 * Feedback mail for the triage tests (D50): feedback mailboxes used by accounts, sent messages, and mail handed to
 * the real classifier and event sink as the reader would hand it over.
 */
const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

export async function insertFeedbackMailbox(t: TestApp, name: string, accountIds: string[]): Promise<string> {
  const id = newId();
  const now = t.clock.now().toISOString();
  await t.container.db
    .insertInto('feedback_mailboxes')
    .values({
      id,
      name,
      host: 'imap.example.pl',
      port: 993,
      security: 'tls',
      username: `${name}@example.pl`,
      auth: 'password',
      folders: '["INBOX"]',
      process_since: now,
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .execute();
  if (accountIds.length) {
    await t.container.db
      .updateTable('smtp_accounts')
      .set({ feedback_mailbox_id: id })
      .where('id', 'in', accountIds)
      .execute();
  }
  return id;
}

export interface SentMessage {
  id: string;
  messageIdHeader: string;
  to: string;
}

/** A message created through the API and marked sent (as the worker would). */
export async function sentMessage(t: TestApp, who: Session, accountId: string, to: string): Promise<SentMessage> {
  const m = await draft(t, who, accountId, to);
  await t.container.db
    .updateTable('messages')
    .set({ status: 'sent', mailbox: 'sent', sent_at: t.clock.now().toISOString() })
    .where('id', '=', m.id)
    .execute();
  return m;
}

export async function draft(t: TestApp, who: Session, accountId: string, to: string): Promise<SentMessage> {
  const created = expectStatus(
    await call(t, who, 'POST', '/api/messages', {
      accountId,
      toName: 'Jan Kowalski',
      toAddress: to,
      subject: 'Zawiadomienie o wysokości opłat',
      text: 'Dzień dobry.',
    }),
    201,
  );
  return { id: created.id, messageIdHeader: created.messageIdHeader, to };
}

/** A newsletter-like mail the classifier leaves for a person: bulk, with HTML that must be sanitised. */
export function unknownMail(opts: { subject: string; inReplyTo?: string; from?: string }): Buffer {
  const b = `b-${randomUUID()}`;
  return crlf([
    `From: Biuro Obsługi <${opts.from ?? 'biuro@dostawca.example.pl'}>`,
    'To: zwroty@zarzadca.example.pl',
    `Subject: ${opts.subject}`,
    `Message-ID: <${randomUUID()}@dostawca.example.pl>`,
    ...(opts.inReplyTo ? [`In-Reply-To: ${opts.inReplyTo}`] : []),
    'List-Unsubscribe: <mailto:wypisz@dostawca.example.pl>',
    'Date: Sun, 6 Dec 2026 11:00:00 +0100',
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Uprzejmie informujemy o zmianie adresu biura.',
    `--${b}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    '<p onclick="alert(1)">Uprzejmie <b>informujemy</b></p><script>alert(2)</script><img src="https://tracker.example/p.gif">',
    `--${b}--`,
    '',
  ]);
}

/** Hands raw mail to the real classifier and sink as if read from `mailboxId`; returns the record id. */
export async function feedMail(sink: FeedbackSink, mailboxId: string, raw: Buffer, at: Date) {
  const d = await createReportClassifier().classify(raw);
  const id = newId();
  await sink.record({
    id,
    mailboxId,
    folder: 'INBOX',
    uid: 1,
    messageId: null,
    sha256: null,
    size: raw.length,
    kind: d.kind,
    targetFolder: d.folder,
    receivedAt: at,
    details: d.details ?? {},
    raw,
  });
  return id;
}

/** The sink as the container wires it: a mailbox's accounts are those that use it. */
export function realSink(t: TestApp): FeedbackSink {
  return t.container.createFeedbackEventSink((tx, mailboxId) =>
    mailboxAccountIds(t.container.repos.feedbackMailboxes, tx, mailboxId),
  );
}

export type { World };

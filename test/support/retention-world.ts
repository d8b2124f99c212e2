import { createHash } from 'node:crypto';
import type { Db } from '../../src/server/db/schema.js';
import { newId } from '../../src/server/lib/ids.js';
import type { TestApp } from './app.js';
import { insertAccount } from './feedback-world.js';
import { insertFeedbackMailbox } from './triage-world.js';

/**
 * A database whose messages, documents, events, feedback and audit rows are spread over seven years (D76): on each
 * date a sent invoice (sales document), a sent fee notice made from a document, a failed letter, a message event,
 * a tenant's reply (feedback message + event with its raw mail + reply) and an audit entry. Every message has its
 * own body, attachment and frozen .eml (the fee notice's attachment is its document's PDF).
 */
export const SEVEN_YEAR_DATES = [
  ...[2019, 2020, 2021, 2022, 2023, 2024, 2025].flatMap((y) => [
    `${y}-01-15T10:00:00.000Z`,
    `${y}-12-20T10:00:00.000Z`,
  ]),
  '2026-01-15T10:00:00.000Z',
];

let blobNo = 0;
async function blob(db: Db, at: string): Promise<string> {
  const data = Buffer.from(`blob ${++blobNo} ${newId()}`);
  const sha256 = createHash('sha256').update(data).digest('hex');
  await db.insertInto('blobs').values({ sha256, size: data.length, data, created_at: at }).execute();
  return sha256;
}

export async function insertMessage(
  db: Db,
  m: {
    accountId: string;
    recipientId?: string | null;
    at: string;
    documentType: string | null;
    status: 'sent' | 'failed' | 'draft' | 'queued';
    documentId?: string | null;
    attachmentSha?: string;
    to?: string;
  },
): Promise<string> {
  const id = newId();
  const sent = m.status === 'sent';
  const mailbox = sent ? 'sent' : m.status === 'failed' ? 'failed' : m.status === 'draft' ? 'drafts' : 'outbox';
  const eml = m.status === 'draft' ? null : await blob(db, m.at);
  await db
    .insertInto('messages')
    .values({
      id,
      account_id: m.accountId,
      recipient_id: m.recipientId ?? null,
      to_name: 'Jan Kowalski',
      to_address: m.to ?? 'jan@example.pl',
      subject: 'Dokument',
      status: m.status,
      mailbox,
      message_id_header: `<${id}@zarzadca.example.pl>`,
      document_type: m.documentType,
      document_id: m.documentId ?? null,
      send_at: null,
      queued_at: m.status === 'draft' ? null : m.at,
      sent_at: sent ? m.at : null,
      last_error: null,
      search_text: 'dokument',
      sort_name: 'kowalski jan',
      sort_subject: 'dokument',
      created_by: null,
      created_at: m.at,
      updated_at: m.at,
      eml_sha256: eml,
      eml_size: eml ? 10 : null,
      smtp_response: sent ? '250 2.0.0 Ok: queued as ABC' : null,
    })
    .execute();
  await db.insertInto('message_bodies').values({ message_id: id, html: '<p>Treść</p>', text: 'Treść' }).execute();
  await db
    .insertInto('message_attachments')
    .values({
      id: newId(),
      message_id: id,
      blob_sha256: m.attachmentSha ?? (await blob(db, m.at)),
      filename: 'dokument.pdf',
      content_type: 'application/pdf',
      size: 10,
      position: 0,
    })
    .execute();
  return id;
}

export async function insertDocument(db: Db, at: string, type: string, recipientId: string | null = null) {
  const id = newId();
  const pdf = await blob(db, at);
  await db
    .insertInto('documents')
    .values({
      id,
      type,
      source: 'api',
      recipient_key: 'K1',
      recipient_id: recipientId,
      unit_id: null,
      property_id: null,
      period: at.slice(0, 7),
      title: 'Dokument',
      data: '{}',
      parties: '{}',
      pdf_sha256: pdf,
      pdf_size: 10,
      filename: 'dokument.pdf',
      import_id: null,
      created_by: null,
      created_at: at,
    })
    .execute();
  return { id, pdf };
}

export interface SevenYears {
  accountId: string;
  mailboxId: string;
  /** Orphaned blobs: one stored two days ago, one an hour ago (an import in progress). */
  oldOrphan: string;
  youngOrphan: string;
}

export async function seedSevenYears(t: TestApp): Promise<SevenYears> {
  const { db } = t.container;
  const accountId = newId();
  await insertAccount(db, accountId);
  const mailboxId = await insertFeedbackMailbox(t, 'zwroty', [accountId]);
  const dates = [...SEVEN_YEAR_DATES];
  for (const at of dates) {
    await insertMessage(db, { accountId, at, documentType: 'sales_document', status: 'sent' });
    const doc = await insertDocument(db, at, 'fee_notice');
    await insertMessage(db, {
      accountId,
      at,
      documentType: 'fee_notice',
      status: 'sent',
      documentId: doc.id,
      attachmentSha: doc.pdf,
    });
    await insertMessage(db, { accountId, at, documentType: 'general_letter', status: 'failed' });
    await db
      .insertInto('message_events')
      .values({
        message_id: newId(),
        batch_id: null,
        account_id: accountId,
        type: 'sent',
        occurred_at: at,
        payload: '{}',
      })
      .execute();
    const fm = newId();
    await db
      .insertInto('feedback_messages')
      .values({
        id: fm,
        mailbox_id: mailboxId,
        folder: 'INBOX',
        uidvalidity: '1',
        uid: blobNo,
        sha256: null,
        message_id: null,
        size: 10,
        kind: 'reply',
        target_folder: null,
        duplicate_of: null,
        received_at: at,
        processed_at: at,
        moved_at: at,
        details: '{}',
        created_at: at,
      })
      .execute();
    await db
      .insertInto('feedback_events')
      .values({
        id: fm,
        mailbox_id: mailboxId,
        kind: 'reply',
        reason: 'reply',
        message_id: null,
        account_id: accountId,
        recipient_id: null,
        address: 'jan@example.pl',
        confidence: 'none',
        forged: 0,
        effect: 'reply',
        raw_sha256: await blob(db, at),
        details: '{}',
        occurred_at: at,
        created_at: at,
      })
      .execute();
    await db
      .insertInto('feedback_replies')
      .values({
        id: fm,
        kind: 'reply',
        message_id: null,
        recipient_id: null,
        account_id: accountId,
        from_address: 'jan@example.pl',
        from_name: 'Jan Kowalski',
        subject: 'Re: Dokument',
        text: 'Dziękuję',
        received_at: at,
        created_at: at,
        reviewed_at: null,
        reviewed_by: null,
        decision: null,
      })
      .execute();
    await db
      .insertInto('audit_log')
      .values({
        id: newId(),
        at,
        actor_id: null,
        actor_label: 'test',
        action: 'message.queue',
        entity_type: 'message',
        entity_id: null,
        details: '{}',
        ip: null,
      })
      .execute();
  }
  // The year's end in Warsaw: 22:30 UTC on 31 December is still 2020 there, 23:30 UTC is already 2021.
  await insertMessage(db, {
    accountId,
    at: '2020-12-31T22:30:00.000Z',
    documentType: 'sales_document',
    status: 'sent',
  });
  await insertMessage(db, {
    accountId,
    at: '2020-12-31T23:30:00.000Z',
    documentType: 'sales_document',
    status: 'sent',
  });
  const now = t.clock.now().getTime();
  const oldOrphan = await blob(db, new Date(now - 2 * 86_400_000).toISOString());
  const youngOrphan = await blob(db, new Date(now - 3600_000).toISOString());
  return { accountId, mailboxId, oldOrphan, youngOrphan };
}

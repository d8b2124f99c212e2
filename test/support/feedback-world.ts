import type { Db } from '../../src/server/db/schema.js';
import { newId } from '../../src/server/lib/ids.js';
import type { Original } from './feedback-reports.js';

/** Rows the feedback event sink's tests need: an account, recipients with one address, sent messages. */
const AT = '2026-03-01T08:00:00.000Z';

export async function insertAccount(db: Db, id: string) {
  await db
    .insertInto('smtp_accounts')
    .values({
      id,
      kind: 'smtp',
      name: `Konto ${id.slice(-4)}`,
      from_name: 'Zarządca',
      from_address: 'czynsze@zarzadca.example.pl',
      feedback_address: 'zwroty@zarzadca.example.pl',
      envelope_mode: 'verp',
      host: '127.0.0.1',
      port: 25,
      security: 'none',
      username: null,
      password_enc: null,
      rate_per_second: null,
      rate_per_minute: null,
      rate_per_hour: null,
      rate_per_day: null,
      dkim_domain: null,
      dkim_selector: null,
      dkim_key_enc: null,
      status: 'active',
      last_error: null,
      last_error_at: null,
      last_verified_at: null,
      smtputf8: null,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
}

export async function insertRecipient(db: Db, address: string): Promise<string> {
  const id = newId();
  await db
    .insertInto('recipients')
    .values({
      id,
      name: 'Jan Kowalski',
      street: 'Długa 1',
      postal_code: '00-001',
      city: 'Warszawa',
      country: 'PL',
      channel: 'email',
      consent_at: AT,
      consent_source: 'test',
      external_key: null,
      search_text: 'jan kowalski',
      sort_name: 'kowalski jan',
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  const existing = await db
    .selectFrom('recipient_emails')
    .select('id')
    .where('address', '=', address)
    .executeTakeFirst();
  if (!existing)
    await db.insertInto('recipient_emails').values({ id: newId(), recipient_id: id, address, position: 0 }).execute();
  return id;
}

export async function insertSentMessage(
  db: Db,
  m: { accountId: string; recipientId: string | null; to: string; sentAt: string },
): Promise<Original> {
  const id = newId();
  const messageIdHeader = `<${id}@zarzadca.example.pl>`;
  await db
    .insertInto('messages')
    .values({
      id,
      account_id: m.accountId,
      recipient_id: m.recipientId,
      to_name: 'Jan Kowalski',
      to_address: m.to,
      subject: 'Zawiadomienie',
      status: 'sent',
      mailbox: 'sent',
      message_id_header: messageIdHeader,
      document_type: null,
      send_at: null,
      queued_at: m.sentAt,
      sent_at: m.sentAt,
      last_error: null,
      search_text: 'zawiadomienie',
      sort_name: 'kowalski jan',
      sort_subject: 'zawiadomienie',
      created_by: null,
      created_at: m.sentAt,
      updated_at: m.sentAt,
    })
    .execute();
  return { id, messageIdHeader, to: m.to };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { createWorld, expectStatus, type World } from '../../../../test/support/world.js';
import { formatNumber } from '../../../shared/format.js';
import { MAILBOX_COUNT_CAP, mailboxCountText } from '../../../shared/messages.js';
import type { MessageStatus, NewRow } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { messageIdHeader, messageSearchFields } from './messages.js';

/**
 * GET /api/mailboxes/counts stops counting a mailbox at MAILBOX_COUNT_CAP + 1 (D81): exact below the cap, the
 * cap plus one ("10 000+") above it, under the same filters as before.
 */

let t: TestApp;
let w: World;

function row(i: number, accountId: string, status: MessageStatus, mailbox: 'sent' | 'failed'): NewRow<'messages'> {
  const id = newId();
  const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  const m = { subject: `Zawiadomienie ${i}`, toName: `Lokator ${i}`, toAddress: `lokator.${i}@example.pl` };
  return {
    id,
    account_id: accountId,
    recipient_id: null,
    to_name: m.toName,
    to_address: m.toAddress,
    subject: m.subject,
    status,
    mailbox,
    message_id_header: messageIdHeader(id, 'konto@example.pl'),
    document_type: null,
    send_at: null,
    queued_at: at,
    sent_at: status === 'sent' ? at : null,
    last_error: null,
    ...messageSearchFields(m),
    created_by: null,
    created_at: at,
    updated_at: at,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  const rows = [
    ...Array.from({ length: MAILBOX_COUNT_CAP + 5 }, (_, i) => row(i, w.accountA, 'sent', 'sent')),
    ...Array.from({ length: 3 }, (_, i) => row(100_000 + i, w.accountB, 'failed', 'failed')),
  ];
  for (let i = 0; i < rows.length; i += 500) {
    await t.container.db
      .insertInto('messages')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}, 60_000);

afterAll(async () => {
  await t.close();
});

describe('mailbox counts over the cap', () => {
  it('a mailbox above the cap counts as cap + 1; the others exactly', async () => {
    const counts = expectStatus(await call(t, w.admin, 'GET', '/api/mailboxes/counts'), 200);
    expect(counts).toEqual({ drafts: 0, outbox: 0, sent: MAILBOX_COUNT_CAP + 1, failed: 3, cancelled: 0 });
  });

  it('filters still apply: account B has no sent messages, a search finds exactly its rows', async () => {
    const b = expectStatus(await call(t, w.admin, 'GET', `/api/mailboxes/counts?accountId=${w.accountB}`), 200);
    expect(b).toEqual({ drafts: 0, outbox: 0, sent: 0, failed: 3, cancelled: 0 });
    const q = expectStatus(await call(t, w.admin, 'GET', '/api/mailboxes/counts?q=lokator.4242@'), 200);
    expect(q).toMatchObject({ sent: 1, failed: 0 });
  });

  it('is shown as "10 000+" above the cap and exactly at it', () => {
    expect(mailboxCountText(MAILBOX_COUNT_CAP + 1, formatNumber)).toBe(`${formatNumber(MAILBOX_COUNT_CAP)}+`);
    expect(mailboxCountText(MAILBOX_COUNT_CAP, formatNumber)).toBe(formatNumber(MAILBOX_COUNT_CAP));
  });
});

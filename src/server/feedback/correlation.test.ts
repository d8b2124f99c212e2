import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDbHandle } from '../../../test/support/db.js';
import { insertAccount } from '../../../test/support/feedback-world.js';
import { deriveKey } from '../lib/crypto.js';
import { newId } from '../lib/ids.js';
import { type CorrelationHints, correlate, correlationPlan, messageIds } from './correlation.js';
import { createCorrelationRepository } from './correlation.repository.js';
import { makeVerpTag, VERP_KEY_PURPOSE } from './verp-token.js';

const key = deriveKey(randomBytes(32), VERP_KEY_PURPOSE);
const ID = '01938a2b-7c4d-7e5f-8a9b-0c1d2e3f4a5b';

describe('correlation plan (pure)', () => {
  it('orders the clues strongest first', () => {
    const plan = correlationPlan(
      {
        verpTag: `zwroty+${makeVerpTag(ID, key)}@x.pl`,
        envelopeId: ID,
        returnedMessageIds: ['<a@x.pl>'],
        xListonoszMessage: ID.toUpperCase(),
        originalMessageId: '<b@x.pl>',
        inReplyTo: '<c@x.pl>',
        references: ['<d@x.pl> <e@x.pl>'],
        recipientAddress: 'Jan@X.pl',
        accountIds: [],
      },
      key,
    );
    expect(plan.forgedToken).toBe(false);
    expect(plan.steps).toEqual([
      { confidence: 'verp', by: 'id', ids: [ID], anyAccount: true },
      { confidence: 'envid', by: 'id', ids: [ID] },
      { confidence: 'message_id', by: 'message_id_header', headers: ['<a@x.pl>'] },
      { confidence: 'message_id', by: 'id', ids: [ID] },
      { confidence: 'original_message_id', by: 'message_id_header', headers: ['<b@x.pl>'] },
      // In-Reply-To, then References newest first.
      { confidence: 'in_reply_to', by: 'message_id_header', headers: ['<c@x.pl>', '<d@x.pl>', '<e@x.pl>'] },
      { confidence: 'address', by: 'address', addresses: ['jan@x.pl'] },
    ]);
  });

  it('puts a legacy VERP tag after ENVID and flags a forged one', () => {
    expect(correlationPlan({ verpTag: `zwroty+${ID}@x.pl`, accountIds: [] }, key).steps).toEqual([
      { confidence: 'legacy_verp', by: 'id', ids: [ID] },
    ]);
    const forged = correlationPlan({ verpTag: `zwroty+${'a'.repeat(40)}@x.pl`, accountIds: [] }, key);
    expect(forged).toEqual({ steps: [], forgedToken: true });
    // No tag at all (mail to the bare feedback address) is not a forgery.
    expect(correlationPlan({ verpTag: 'zwroty@x.pl', accountIds: [] }, key).forgedToken).toBe(false);
  });

  it('looks an address up in its stored form too (a report names the Punycode domain)', () => {
    const plan = correlationPlan({ recipientAddress: '<Jan@xn--d-dla.pl>', accountIds: [] }, key);
    expect(plan.steps).toEqual([
      { confidence: 'address', by: 'address', addresses: ['jan@xn--d-dla.pl', 'jan@łd.pl'] },
    ]);
  });

  it('reads Message-ID values with or without angle brackets, several per header', () => {
    expect(messageIds(['<a@x> <b@x>', 'c@x', '', 'not an id', '<a@x>'])).toEqual(['<a@x>', '<b@x>', '<c@x>']);
  });
});

describe('correlate (database)', () => {
  let t: TestDbHandle;
  const w = { accountA: newId(), accountB: newId() };
  const repo = createCorrelationRepository();
  const m: Record<string, string> = {};
  const verpKey = key;

  const account = (id: string) => insertAccount(t.db, id);

  async function message(name: string, accountId: string, to: string, sentAt: string | null) {
    const id = newId();
    m[name] = id;
    await t.db
      .insertInto('messages')
      .values({
        id,
        account_id: accountId,
        recipient_id: null,
        to_name: 'Jan',
        to_address: to,
        subject: 'Zawiadomienie',
        status: sentAt ? 'sent' : 'draft',
        mailbox: sentAt ? 'sent' : 'drafts',
        message_id_header: `<${id}@zarzadca.example.pl>`,
        document_type: null,
        send_at: null,
        queued_at: sentAt,
        sent_at: sentAt,
        last_error: null,
        search_text: 'zawiadomienie',
        sort_name: 'jan',
        sort_subject: 'zawiadomienie',
        created_by: null,
        created_at: '2026-03-01T08:00:00.000Z',
        updated_at: '2026-03-01T08:00:00.000Z',
      })
      .execute();
  }

  const header = (name: string) => `<${m[name]}@zarzadca.example.pl>`;
  const run = (hints: Omit<CorrelationHints, 'accountIds'>, accountIds = [w.accountA]) =>
    correlate(t.db, repo, { ...hints, accountIds }, verpKey);

  beforeAll(async () => {
    t = await createTestDb();
    await account(w.accountA);
    await account(w.accountB);
    await message('older', w.accountA, 'jan@example.pl', '2026-03-01T09:00:00.000Z');
    await message('latest', w.accountA, 'Jan@Example.pl', '2026-03-02T09:00:00.000Z');
    await message('draft', w.accountA, 'jan@example.pl', null);
    await message('otherAccount', w.accountB, 'jan@example.pl', '2026-03-03T09:00:00.000Z');
    await message('reply', w.accountA, 'ewa@example.pl', '2026-03-01T09:00:00.000Z');
  });
  afterAll(() => t?.destroy());

  it('answers a signed VERP tag first, even over other clues', async () => {
    const verpTag = `zwroty+${makeVerpTag(m.older as string, verpKey)}@zarzadca.example.pl`;
    expect(await run({ verpTag, envelopeId: m.latest, recipientAddress: 'jan@example.pl' })).toEqual({
      messageId: m.older,
      confidence: 'verp',
    });
    // Authenticated: it names the message even when its account does not share this mailbox.
    const other = `zwroty+${makeVerpTag(m.otherAccount as string, verpKey)}@zarzadca.example.pl`;
    expect(await run({ verpTag: other })).toEqual({ messageId: m.otherAccount, confidence: 'verp' });
  });

  it('falls through to ENVID, legacy VERP, returned headers, receipts, replies and the address', async () => {
    expect(await run({ envelopeId: m.older, returnedMessageIds: [header('latest')] })).toEqual({
      messageId: m.older,
      confidence: 'envid',
    });
    expect(await run({ verpTag: `zwroty+${m.older}@x.pl`, returnedMessageIds: [header('latest')] })).toEqual({
      messageId: m.older,
      confidence: 'legacy_verp',
    });
    expect(await run({ returnedMessageIds: [header('older')], originalMessageId: header('latest') })).toEqual({
      messageId: m.older,
      confidence: 'message_id',
    });
    expect(await run({ xListonoszMessage: m.older, originalMessageId: header('latest') })).toEqual({
      messageId: m.older,
      confidence: 'message_id',
    });
    expect(await run({ originalMessageId: header('older'), inReplyTo: header('latest') })).toEqual({
      messageId: m.older,
      confidence: 'original_message_id',
    });
    expect(await run({ inReplyTo: '<unknown@elsewhere>', references: [header('reply'), '<x@y>'] })).toEqual({
      messageId: m.reply,
      confidence: 'in_reply_to',
    });
    // The latest message SENT to the address (any spelling) from the mailbox's accounts: not the draft, not B's.
    expect(await run({ recipientAddress: 'JAN@example.pl' })).toEqual({ messageId: m.latest, confidence: 'address' });
    expect(await run({ recipientAddress: 'jan@example.pl' }, [w.accountA, w.accountB])).toEqual({
      messageId: m.otherAccount,
      confidence: 'address',
    });
  });

  it("does not take unauthenticated clues naming another account's message", async () => {
    expect(await run({ envelopeId: m.otherAccount })).toEqual({ messageId: null, confidence: 'none' });
    expect(await run({ returnedMessageIds: [header('otherAccount')] })).toEqual({
      messageId: null,
      confidence: 'none',
    });
    expect(await run({ envelopeId: m.otherAccount }, [w.accountB])).toEqual({
      messageId: m.otherAccount,
      confidence: 'envid',
    });
  });

  it('flags a forged token and still reports what weaker clues find', async () => {
    const forged = `zwroty+${'b'.repeat(40)}@zarzadca.example.pl`;
    expect(await run({ verpTag: forged, recipientAddress: 'jan@example.pl' })).toEqual({
      messageId: m.latest,
      confidence: 'address',
      forgedToken: true,
    });
    expect(await run({ verpTag: forged })).toEqual({ messageId: null, confidence: 'none', forgedToken: true });
  });

  it('answers none for clues that name nothing of ours', async () => {
    expect(
      await run({
        envelopeId: newId(),
        returnedMessageIds: ['<nope@x.pl>'],
        inReplyTo: 'garbage',
        recipientAddress: 'nikt@example.pl',
      }),
    ).toEqual({ messageId: null, confidence: 'none' });
    expect(await run({ recipientAddress: 'jan@example.pl' }, [])).toEqual({ messageId: null, confidence: 'none' });
  });
});

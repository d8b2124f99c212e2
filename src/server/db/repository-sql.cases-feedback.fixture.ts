import { type Cases, ID, ID2, NOW } from './repository-sql.fixture.js';

const mailboxRow = {
  id: ID,
  name: 'Zwroty',
  host: 'imap.example.pl',
  port: 993,
  security: 'tls',
  username: 'zwroty@example.pl',
  auth: 'password',
  password_enc: 'v1.x.y.z',
  folders: '["INBOX"]',
  process_since: NOW,
  status: 'active',
  created_at: NOW,
  updated_at: NOW,
};

export const feedbackCases: Cases<'correlation' | 'feedback' | 'feedbackMailboxes'> = {
  correlation: {
    existingIds: [
      [[ID], null],
      [[ID, ID2], [ID2]],
    ],
    byMessageIdHeaders: [[['<a@example.pl>', '<b@example.pl>'], [ID]]],
    latestSentTo: [
      [
        ['Jan@example.pl', 'jan@example.pl'],
        [ID, ID2],
      ],
    ],
  },
  feedback: {
    eventExists: [[ID]],
    insertEvent: [
      [
        {
          id: ID,
          mailbox_id: 'mb',
          kind: 'hard_bounce',
          reason: 'recipient_unknown',
          message_id: ID2,
          account_id: null,
          recipient_id: null,
          address: 'jan@example.pl',
          confidence: 'verp',
          forged: 0,
          effect: 'bounced',
          raw_sha256: null,
          details: '{}',
          occurred_at: NOW,
          created_at: NOW,
        },
      ],
    ],
    message: [[ID]],
    markBounced: [[ID, '5.1.1 User unknown', NOW]],
    insertSuppression: [
      [{ address: 'jan@example.pl', reason: '5.1.1', message_id: ID, created_at: NOW, source: 'bounce' }],
    ],
    holdWaitingTo: [
      [['jan@example.pl', 'jan@xn--w-uga1v8h.pl'], NOW],
      [[], NOW],
    ],
    isRecipientAddress: [[['jan@example.pl']]],
    softBounces: [['jan@example.pl', NOW]],
    addressState: [['jan@example.pl']],
    upsertAddressState: [[{ address: 'jan@example.pl', suspect_at: NOW, reset_at: null, updated_at: NOW }]],
    flagComplaint: [[ID, NOW]],
    accountAlarm: [[ID, 'spam', NOW]],
    insertReply: [
      [
        {
          id: ID,
          kind: 'reply',
          message_id: ID2,
          recipient_id: null,
          account_id: null,
          from_address: 'jan@example.pl',
          from_name: 'Jan',
          subject: 'Re: Zawiadomienie',
          text: 'Dziękuję',
          received_at: NOW,
          created_at: NOW,
        },
      ],
    ],
    eventsOf: [[[ID, ID2]]],
    receiptEventsOf: [[ID]],
    rawReportOf: [[ID, ID2]],
  },
  feedbackMailboxes: {
    findById: [[ID]],
    findByName: [['Zwroty']],
    list: [[]],
    accountLinks: [[[]], [[ID, ID2]]],
    readerLeases: [[[]], [[ID, ID2]]],
    insert: [[mailboxRow]],
    update: [[ID, { last_checked_at: NOW, last_error: null }]],
    replaceRefreshToken: [[ID, 'sealed-old', 'sealed-new']],
    detachAccounts: [[ID, NOW]],
    recordedCount: [[ID]],
    delete: [[ID]],
  },
};

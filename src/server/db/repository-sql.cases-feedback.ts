import { type Cases, ID, ID2, NOW } from './repository-sql.fixtures.js';

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

export const feedbackCases: Cases<'correlation' | 'feedbackMailboxes'> = {
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
  feedbackMailboxes: {
    findById: [[ID]],
    findByName: [['Zwroty']],
    list: [[]],
    accountLinks: [[[]], [[ID, ID2]]],
    insert: [[mailboxRow]],
    update: [[ID, { last_checked_at: NOW, last_error: null }]],
    detachAccounts: [[ID, NOW]],
    delete: [[ID]],
  },
};

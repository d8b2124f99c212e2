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

export const feedbackCases: Cases<'feedbackMailboxes'> = {
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

import { type Cases, ID, ID2, NOW } from './repository-sql.fixture.js';

export const inboxCases: Cases<'inbox'> = {
  inbox: {
    list: [
      [{ scope: null, userId: ID, after: null, limit: 50 }],
      [
        {
          scope: { accountIds: [ID, ID2], mailboxIds: [ID2] },
          userId: ID,
          unread: true,
          search: 'pralka',
          messageId: ID2,
          after: { value: NOW, id: ID },
          limit: 50,
        },
      ],
      [{ scope: { accountIds: [], mailboxIds: [] }, userId: ID, after: null, limit: 50 }],
    ],
    counts: [[{ scope: { accountIds: [ID], mailboxIds: [] }, userId: ID }]],
    findOne: [[ID, ID2]],
    rawOf: [[ID]],
    answers: [[ID]],
    markRead: [[ID, ID2, NOW]],
    markUnread: [[ID, ID2]],
    recipient: [[ID]],
    unitOf: [
      [ID, ID2],
      [null, ID2],
    ],
  },
};

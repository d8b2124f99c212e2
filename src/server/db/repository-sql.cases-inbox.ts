import { type Cases, ID, ID2, NOW } from './repository-sql.fixtures.js';

export const inboxCases: Cases<'inbox'> = {
  inbox: {
    list: [
      [{ accountIds: null, userId: ID, after: null, limit: 50 }],
      [
        {
          accountIds: [ID, ID2],
          userId: ID,
          unread: true,
          search: 'pralka',
          messageId: ID2,
          after: { value: NOW, id: ID },
          limit: 50,
        },
      ],
      [{ accountIds: [], userId: ID, after: null, limit: 50 }],
    ],
    counts: [[{ accountIds: [ID], userId: ID }]],
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

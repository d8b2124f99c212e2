import { type Cases, CURSOR, ID, ID2, NOW } from './repository-sql.fixture.js';

const clerkScope = { accountIds: [ID], mailboxIds: [ID2] };
const message = { id: ID2, account_id: ID, recipient_id: null, to_address: 'jan@example.pl' };

export const triageCases: Cases<'triage'> = {
  triage: {
    mailboxesOf: [[[ID, ID2]]],
    openPage: [
      [{ scope: null, after: null, limit: 50 }],
      [{ scope: clerkScope, after: CURSOR, limit: 50 }],
      [{ scope: { accountIds: [], mailboxIds: [] }, after: null, limit: 50 }],
    ],
    counts: [[{ scope: null, userId: ID }], [{ scope: clerkScope, userId: ID }]],
    find: [[ID]],
    isVisible: [[ID, clerkScope]],
    decide: [
      [ID, { kind: 'reply', decision: 'reply', reviewedBy: ID, nowIso: NOW, message }],
      [ID, { kind: 'unknown', decision: 'nothing', reviewedBy: ID, nowIso: NOW, message: null }],
    ],
    retagEvent: [
      [ID, { kind: 'hard_bounce', reason: 'recipient_unknown', effect: 'bounced', message, address: 'jan@example.pl' }],
    ],
    message: [[ID]],
  },
};

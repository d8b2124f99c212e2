import { type Cases, ID, ID2, NOW } from './repository-sql.fixture.js';

export const suppressionCases: Cases<'suppressions'> = {
  suppressions: {
    list: [[{ after: null, limit: 50 }], [{ q: 'jan_50%', after: { value: NOW, id: 'jan@example.pl' }, limit: 50 }]],
    find: [[['jan@example.pl']]],
    suspects: [[['jan@example.pl']]],
    complainedAt: [[ID]],
    remove: [['jan@example.pl']],
    heldForBlocked: [[]],
    release: [[[ID, ID2], NOW]],
    recipientMessages: [
      [ID, null, 100],
      [ID, [ID2], 100],
    ],
    linked: [
      [ID, null],
      [ID, ID2],
    ],
  },
};

import { type Cases, ID, ID2 } from './repository-sql.fixtures.js';

export const feedbackCases: Cases<'correlation'> = {
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
};

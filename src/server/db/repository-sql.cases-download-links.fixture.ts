import { type Cases, ID, ID2, NOW } from './repository-sql.fixture.js';

const LATER = '2026-05-31T09:00:00.000Z';

export const downloadLinkCases: Cases<'downloadLinks'> = {
  downloadLinks: {
    batchChoice: [[ID], [null]],
    attachmentsOf: [[ID]],
    saveLinks: [[ID, [{ position: 0, filename: 'Zawiadomienie.pdf', expiresAt: LATER }], NOW]],
    linksOf: [[ID]],
    findLink: [[ID, 0]],
    revoke: [[ID, ID2, NOW]],
    pageOf: [[ID, 0]],
    recordEvent: [
      [
        {
          id: ID2,
          messageId: ID,
          position: 0,
          kind: 'download',
          at: NOW,
          network: '203.0.113.0/24',
          userAgent: 'Mozilla/5.0',
        },
      ],
    ],
    eventsOf: [[ID, 50]],
    summaryOf: [[ID]],
    accountSettings: [[ID]],
    setAccountSettings: [[ID, 'link', 90, NOW]],
  },
};

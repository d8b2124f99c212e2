import { type Cases, ID, NOW } from './repository-sql.fixture.js';

export const storageCases: Cases<'storage'> = {
  storage: {
    charge: [[{ userId: ID, day: '2026-03-02', bytes: 1048576, limit: 2147483648, now: NOW }]],
    refund: [[{ userId: ID, day: '2026-03-02', bytes: 1048576, now: NOW }]],
    usedOn: [[ID, '2026-03-02']],
    byDay: [[14]],
    byUser: [['2026-03-02', 50]],
    blobTotals: [[]],
  },
};

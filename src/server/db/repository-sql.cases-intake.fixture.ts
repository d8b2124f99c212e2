import { type Cases, ID, ID2, NOW } from './repository-sql.fixture.js';

const key = { folder: '/srv/drop/czynsze', name: 'wydruk_2027-01.pdf', size: 1234, sha256: 'ab'.repeat(32) };

export const intakeCases: Cases<'intake'> = {
  intake: {
    ruleOf: [[ID]],
    putRule: [[{ position_id: ID, mode: 'approval', send_time: '18:00', updated_at: NOW }]],
    foldersOf: [[ID]],
    allFolders: [[]],
    replaceFolders: [
      [ID, []],
      [ID, [{ id: ID2, position_id: ID, document_type: 'fee_notice', path: 'czynsze', created_at: NOW }]],
    ],
    insertIntake: [
      [
        {
          id: ID,
          position_id: ID2,
          document_type: 'fee_notice',
          period: '2027-01',
          mode: 'now',
          source: 'api',
          filename: 'wydruk.pdf',
          status: 'accepted',
          created_at: NOW,
          updated_at: NOW,
        },
      ],
    ],
    findIntake: [[ID]],
    updateIntake: [[ID, { status: 'queued', updated_at: NOW }]],
    awaitingApproval: [[null], [[ID]], [[]]],
    claimNewFile: [
      [
        {
          id: ID,
          ...key,
          position_id: ID2,
          document_type: 'fee_notice',
          status: 'working',
          intake_id: ID2,
          lease_owner: 'w1',
          lease_expires_at: NOW,
          created_at: NOW,
          updated_at: NOW,
        },
      ],
    ],
    findFile: [[key]],
    takeOverFile: [[ID, 'w1', NOW, NOW]],
    renewFileLease: [[ID, 'w1', NOW]],
    finishFile: [[ID, 'w1', { status: 'processed', intake_id: ID2, report: null, updated_at: NOW }]],
    markMoved: [[ID, NOW]],
  },
};

import { type Cases, ID, ID2, NOW } from './repository-sql.fixture.js';

const SECRET_SHA = 'ab'.repeat(32);

export const keyCases: Cases<'apiKeys' | 'idempotency'> = {
  apiKeys: {
    insert: [
      [
        {
          id: ID,
          name: 'Czynsze SM',
          prefix: 'lst_AbCd1234',
          secret_sha256: SECRET_SHA,
          position_id: ID2,
          scopes: '["batches:write"]',
          expires_at: NOW,
          created_at: NOW,
          created_by: ID2,
          revoked_at: null,
          last_used_at: null,
          last_used_ip: null,
        },
      ],
    ],
    list: [[]],
    findById: [[ID]],
    findBySecret: [[SECRET_SHA]],
    revoke: [[ID, NOW]],
    touch: [[ID, NOW, '127.0.0.1']],
  },
  idempotency: {
    claim: [[{ caller: `key:${ID}`, key: 'abc-1', request_sha256: SECRET_SHA, created_at: NOW }]],
    find: [[`key:${ID}`, 'abc-1']],
    complete: [[`key:${ID}`, 'abc-1', { completedAt: NOW, status: 201, type: 'application/json', body: '{}' }]],
    release: [
      [`user:${ID}`, 'abc-1'],
      [`user:${ID}`, 'abc-1', NOW],
    ],
    deleteOlderThan: [[NOW]],
  },
};

import { type Cases, ID, ID2, NOW } from './repository-sql.fixture.js';

const delivery = {
  id: ID2,
  webhook_id: ID,
  event_id: 7,
  status: 'pending',
  next_attempt_at: NOW,
  lease_owner: null,
  lease_expires_at: null,
  last_status: null,
  last_error: null,
  last_attempt_at: null,
  replay_of: null,
  created_at: NOW,
  delivered_at: null,
};

export const webhookCases: Cases<'messageEvents' | 'webhooks'> = {
  messageEvents: {
    record: [
      [[], NOW],
      [
        [
          { messageId: ID, to: 'jan@example.pl', type: 'sent', data: { smtpResponse: '250 OK' } },
          { messageId: ID2, to: 'ewa@example.pl', type: 'failed' },
        ],
        NOW,
      ],
    ],
  },
  webhooks: {
    eventsAfter: [
      [{ after: 0, limit: 100, accountIds: null }],
      [{ after: 42, limit: 100, accountIds: [ID, ID2] }],
      [{ after: 42, limit: 100, accountIds: [] }],
    ],
    eventsByIds: [[[1, 2]], [[]]],
    lastEventId: [[]],
    listWebhooks: [[]],
    activeWebhooks: [['2026-03-02T09:00:00.000Z']],
    findWebhook: [[ID]],
    insertWebhook: [
      [
        {
          id: ID,
          position_id: null,
          api_key_id: null,
          name: 'Czynsze',
          url: 'https://czynsze.example.pl/hook',
          event_types: '["sent"]',
          secret_enc: 'v1.x.y.z',
          status: 'active',
          event_cursor: 0,
          created_by: null,
          created_at: NOW,
          updated_at: NOW,
        },
      ],
    ],
    updateWebhook: [[ID, { status: 'inactive', updated_at: NOW }]],
    replaceSecret: [
      [
        ID,
        'v1.x.y.z',
        { secret_enc: 'v1.a.b.c', previous_secret_enc: 'v1.d.e.f', previous_secret_until: NOW, updated_at: NOW },
      ],
    ],
    deleteWebhook: [[ID]],
    positionAccountIds: [[ID]],
    advanceCursor: [[ID, 3, 9]],
    insertDeliveries: [[[delivery]], [[]]],
    claim: [[{ workerId: 'w1', nowIso: NOW, leaseExpiresIso: NOW, limit: 10 }]],
    finish: [
      [ID, 'w1', { status: 'delivered', nextAttemptAt: null, lastStatus: 200, lastError: null, deliveredAt: NOW }],
    ],
    deliveries: [[ID, 50]],
    findDelivery: [[ID, ID2]],
    nextDueAt: [[]],
  },
};

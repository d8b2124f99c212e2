import {
  DummyDriver,
  Kysely,
  NoResultError,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../container.js';
import { type DialectName, dialectSql } from './dialect.js';
import type { Database } from './schema.js';

/**
 * Every repository query, compiled for SQLite and for PostgreSQL and kept as a file snapshot
 * (src/server/db/queries/<dialect>/<repository>.sql), so a reviewer sees each SQL change in the diff.
 * Nothing runs: a dummy driver returns no rows.
 */
function compilingDb(dialect: DialectName, sink: string[]) {
  return new Kysely<Database>({
    dialect:
      dialect === 'sqlite'
        ? {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          }
        : {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new PostgresIntrospector(db),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          },
    log: (event) => {
      const params = event.query.parameters.map((p) => (Buffer.isBuffer(p) ? `<${p.length} bytes>` : p));
      sink.push(`${event.query.sql};\n-- params: ${JSON.stringify(params)}`);
    },
  });
}

const ID = '0190a5b0-0000-7000-8000-000000000001';
const ID2 = '0190a5b0-0000-7000-8000-000000000002';
const NOW = '2026-03-02T09:00:00.000Z';
const CURSOR = { value: '2026-03-01T08:00:00.000Z', id: ID };

type Cases = { [R in keyof Repositories]: { [M in keyof Repositories[R]]: unknown[][] } };

/** Each method with one or more argument lists (after the db handle) that exercise its branches. */
const cases: Cases = {
  audit: {
    insert: [
      [
        {
          id: ID,
          at: NOW,
          actor_id: ID2,
          actor_label: 'anna',
          action: 'message.create',
          entity_type: 'message',
          entity_id: ID,
          details: '{}',
          ip: '127.0.0.1',
        },
      ],
    ],
    list: [
      [{ after: null, limit: 50 }],
      [
        {
          actorId: ID2,
          action: 'account.',
          entityType: 'account',
          entityId: ID,
          fromIso: NOW,
          toIso: NOW,
          after: CURSOR,
          limit: 50,
        },
      ],
    ],
  },
  auth: {
    insertSession: [
      [
        {
          id: 'hash',
          user_id: ID,
          csrf_token: 't',
          created_at: NOW,
          expires_at: NOW,
          last_seen_at: NOW,
          ip: null,
          user_agent: null,
        },
      ],
    ],
    findLiveSession: [['hash', NOW]],
    touchSession: [['hash', NOW, NOW]],
    deleteSession: [['hash']],
    deleteUserSessions: [
      [ID, null],
      [ID, 'hash'],
    ],
    deleteExpiredSessions: [[NOW]],
    insertLoginFailure: [[{ id: ID, login: 'anna', ip: null, at: NOW }]],
    recentLoginFailures: [['anna', NOW]],
    clearLoginFailures: [['anna']],
    deleteOldLoginFailures: [[NOW]],
  },
  users: {
    findById: [[ID]],
    findByLogin: [['anna']],
    list: [[]],
    count: [[]],
    insert: [
      [
        {
          id: ID,
          login: 'anna',
          display_name: 'Anna',
          email: null,
          role: 'clerk',
          status: 'active',
          password_hash: 'x',
          created_at: NOW,
          updated_at: NOW,
          last_login_at: null,
        },
      ],
    ],
    update: [[ID, { display_name: 'Anna K.', updated_at: NOW }]],
    positionIdsOf: [[[ID, ID2]]],
    replacePositions: [[ID, [ID2]]],
  },
  instance: {
    ping: [[]],
    getSetting: [['k']],
    putSetting: [['k', 'v', NOW]],
    takeSetting: [['k', 'v']],
  },
  positions: {
    findById: [[ID]],
    findByIds: [[[ID, ID2]]],
    findByName: [['Czynsze']],
    list: [[null], [ID]],
    insert: [[{ id: ID, name: 'Czynsze', description: '', created_at: NOW, updated_at: NOW }]],
    update: [[ID, { name: 'Czynsze', updated_at: NOW }]],
    delete: [[ID]],
    accountLinks: [[[ID]]],
    userLinks: [[[ID]]],
    replaceAccounts: [[ID, [{ accountId: ID2, role: 'default' }]]],
  },
  accounts: {
    findById: [[ID]],
    findByIds: [[[ID, ID2]]],
    findByName: [['Czynsze']],
    findCapture: [[]],
    list: [[null], [[ID]]],
    accountIdsForUser: [[ID]],
    accountIdsForPosition: [[ID]],
    positionLinks: [[[ID]]],
    insert: [
      [
        {
          id: ID,
          kind: 'smtp',
          name: 'A',
          from_name: '',
          from_address: 'a@example.pl',
          feedback_address: 'b@example.pl',
          envelope_mode: 'verp',
          host: 'smtp.example.pl',
          port: 587,
          security: 'starttls',
          username: null,
          password_enc: null,
          rate_per_second: 5,
          rate_per_minute: null,
          rate_per_hour: null,
          rate_per_day: null,
          dkim_domain: null,
          dkim_selector: null,
          dkim_key_enc: null,
          status: 'active',
          last_error: null,
          last_error_at: null,
          last_verified_at: null,
          created_at: NOW,
          updated_at: NOW,
        },
      ],
    ],
    update: [[ID, { status: 'inactive', updated_at: NOW }]],
    delete: [[ID]],
    hasMessages: [[ID]],
  },
  properties: {
    findById: [[ID]],
    findByName: [['WM Długa 12']],
    listWithUnitCounts: [[null], [ID]],
    insert: [
      [
        {
          id: ID,
          name: 'WM Długa 12',
          kind: 'community',
          street: 'ul. Długa 12',
          postal_code: '00-950',
          city: 'Warszawa',
          nip: null,
          created_at: NOW,
          updated_at: NOW,
        },
      ],
    ],
    update: [[ID, { city: 'Kraków', updated_at: NOW }]],
    delete: [[ID]],
    hasUnits: [[ID]],
    findUnitById: [[ID]],
    findUnitsByIds: [[[ID, ID2]]],
    findUnitByNumber: [[ID, '12']],
    findUnitByExternalKey: [['WMD-0012']],
    listUnits: [[{ after: null, limit: 50 }], [{ propertyId: ID, q: '12', after: { value: '12', id: ID }, limit: 50 }]],
    insertUnit: [
      [
        {
          id: ID,
          property_id: ID2,
          number: '12',
          kind: 'flat',
          address: 'ul. Długa 12/12',
          bank_account: null,
          external_key: null,
          created_at: NOW,
          updated_at: NOW,
        },
      ],
    ],
    updateUnit: [[ID, { number: '12A', updated_at: NOW }]],
    deleteUnit: [[ID]],
  },
  recipients: {
    findById: [[ID]],
    findByIds: [[[ID, ID2]]],
    findByExternalKey: [['WMD-0012']],
    list: [
      [{ after: null, limit: 50 }],
      [{ q: 'kowalska', channel: 'email', unitId: ID, after: { value: 'kowalska anna', id: ID }, limit: 50 }],
      [{ q: 'ko', after: null, limit: 50 }],
    ],
    emailsOf: [[[ID]]],
    unitsOf: [[[ID]]],
    insert: [
      [
        {
          id: ID,
          name: 'Anna Kowalska',
          street: 'ul. Długa 12/3',
          postal_code: '00-950',
          city: 'Warszawa',
          country: 'PL',
          channel: 'email',
          consent_at: '2025-01-10',
          consent_source: 'oświadczenie',
          external_key: null,
          search_text: 'anna kowalska',
          sort_name: 'anna kowalska',
          created_at: NOW,
          updated_at: NOW,
        },
      ],
    ],
    update: [[ID, { channel: 'paper', updated_at: NOW }]],
    delete: [[ID]],
    replaceEmails: [[ID, [{ id: ID2, recipient_id: ID, address: 'anna@example.pl', position: 0 }]]],
    replaceUnits: [[ID, [{ unitId: ID2, role: 'owner' }]]],
  },
  blobs: {
    insertIfAbsent: [[{ sha256: 'ab', size: 3, data: Buffer.from('abc'), created_at: NOW }]],
    getData: [['ab']],
    findMeta: [['ab']],
  },
  messages: {
    findById: [[ID]],
    insert: [
      [
        {
          id: ID,
          account_id: ID2,
          recipient_id: null,
          to_name: 'Anna',
          to_address: 'anna@example.pl',
          subject: 'S',
          status: 'draft',
          message_id_header: `<${ID}@example.pl>`,
          document_type: null,
          send_at: null,
          queued_at: null,
          sent_at: null,
          last_error: null,
          search_text: 's',
          sort_name: 'anna',
          sort_subject: 's',
          created_by: null,
          created_at: NOW,
          updated_at: NOW,
        },
      ],
    ],
    findBody: [[ID]],
    insertBody: [[{ message_id: ID, html: '<p>t</p>', text: 't' }]],
    updateBody: [[ID, { html: '<p>u</p>', text: 'u' }]],
    updateWhereStatus: [[ID, ['draft'], { subject: 'S2', updated_at: NOW }]],
    deleteWhereStatus: [[ID, 'draft']],
    list: [
      [{ mailbox: 'outbox', accountIds: null, sort: 'createdAt', dir: 'desc', after: null, limit: 50 }],
      [
        {
          mailbox: 'outbox',
          accountIds: [ID, ID2],
          status: 'queued',
          documentType: 'fee_notice',
          q: 'kowalsk',
          createdFromIso: NOW,
          createdToIso: NOW,
          sort: 'recipient',
          dir: 'asc',
          after: { value: 'kowalska', id: ID },
          limit: 50,
        },
      ],
      [{ mailbox: 'sent', accountIds: null, q: 'ab', sort: 'subject', dir: 'desc', after: null, limit: 50 }],
    ],
    countByMailbox: [[null], [[ID]]],
    attachmentsOf: [[ID]],
    attemptsOf: [[ID]],
    selectIds: [
      [{ mailbox: 'failed', accountIds: null }, 50000],
      [
        {
          mailbox: 'drafts',
          accountIds: [ID],
          status: 'draft',
          documentType: 'fee_notice',
          q: 'nowak',
          createdFromIso: NOW,
          createdToIso: NOW,
        },
        50000,
      ],
    ],
    findManyForAccounts: [
      [[ID, ID2], null],
      [[ID], [ID2]],
    ],
    findAttachment: [[ID, ID2]],
    nextAttachmentPosition: [[ID]],
    insertAttachment: [
      [
        {
          id: ID2,
          message_id: ID,
          blob_sha256: 'ab',
          filename: 'a.pdf',
          content_type: 'application/pdf',
          size: 3,
          position: 0,
        },
      ],
    ],
    deleteAttachment: [[ID, ID2]],
  },
  delivery: {
    attachmentsWithData: [[ID]],
    markQueued: [
      [
        ID,
        {
          status: 'queued',
          heldReason: null,
          emlSha256: 'ab',
          emlSize: 10,
          envelopeFrom: 'zwroty+x@example.pl',
          nextAttemptAt: NOW,
          sendAt: null,
          nowIso: NOW,
        },
      ],
    ],
    markResent: [[ID, { from: ['failed', 'sent'], status: 'queued', heldReason: null, priority: 10, nowIso: NOW }]],
  },
  outbox: {
    sendableAccounts: [[NOW]],
    ensureBuckets: [[[{ account_id: ID, scale: 'second', tokens: 5, updated_at: NOW }]]],
    lockBuckets: [[ID]],
    saveBuckets: [[[{ account_id: ID, scale: 'second', tokens: 4.5, updated_at: NOW }]]],
    claim: [
      [{ accountId: ID, status: 'queued', limit: 20, workerId: 'w1', nowIso: NOW, leaseExpiresIso: NOW }],
      [
        {
          accountId: ID,
          status: 'held',
          heldReason: 'account',
          limit: 1,
          workerId: 'w1',
          nowIso: NOW,
          leaseExpiresIso: NOW,
        },
      ],
    ],
    markHalfOpen: [[ID, NOW]],
    finishMany: [
      [
        [
          {
            id: ID,
            owner: 'w1',
            status: 'sent',
            next_attempt_at: null,
            last_outcome: 'sent',
            last_error: null,
            error_hint: null,
            held_reason: null,
            sent_at: NOW,
            smtp_response: '250 ok',
            smtp_queue_id: 'Q1',
            refund: 0,
            expired_before: null,
          },
          {
            id: ID2,
            owner: 'w1',
            status: 'held',
            next_attempt_at: null,
            last_outcome: 'account',
            last_error: '535',
            error_hint: 'x',
            held_reason: 'account',
            sent_at: null,
            smtp_response: null,
            smtp_queue_id: null,
            refund: 1,
            expired_before: NOW,
          },
        ],
        NOW,
      ],
    ],
    renewLeases: [[[ID, ID2], 'w1', NOW]],
    insertAttempts: [
      [
        [
          {
            id: ID2,
            message_id: ID,
            series: 0,
            attempt_no: 1,
            account_id: ID,
            worker_id: 'w1',
            started_at: NOW,
            finished_at: NOW,
            outcome: 'sent',
            smtp_code: 250,
            enhanced_status: '2.0.0',
            response: '250 ok',
            error_code: null,
          },
        ],
      ],
    ],
    findAccountCircuit: [[ID]],
    setCircuit: [[ID, { circuit_state: 'open', circuit_failures: 1, circuit_retry_at: NOW }]],
    holdWaiting: [
      [{ accountId: ID }, 'account', NOW],
      [{ toAddress: 'a@example.pl' }, 'suppressed', NOW],
    ],
    releaseHeld: [[{ accountId: ID }, ['account', 'paused'], NOW]],
    insertSuppression: [[{ address: 'a@example.pl', reason: '550 5.1.1', message_id: ID, created_at: NOW }]],
    deleteSuppression: [['a@example.pl']],
    findSuppressions: [[['a@example.pl']]],
    expiredLeases: [[NOW, 500]],
    emlData: [[['ab', 'cd']]],
    nextDueAt: [[]],
    countUnfinished: [[]],
  },
  sandbox: {
    insert: [
      [
        {
          id: ID,
          received_at: NOW,
          mail_from: 'a@example.pl',
          rcpt_to: '[]',
          from_header: '',
          to_header: '',
          subject: '',
          message_id_header: null,
          message_id: null,
          account_id: null,
          size: 1,
          blob_sha256: 'ab',
        },
      ],
    ],
    findById: [[ID]],
    findMessageByHeader: [[`<${ID}@example.pl>`]],
    list: [[{ accountIds: null, after: null, limit: 50 }], [{ accountIds: [ID], after: CURSOR, limit: 50 }]],
  },
};

describe.each(['sqlite', 'postgres'] as const)('repository SQL (%s)', (dialect) => {
  const repos = createRepositories(dialectSql(dialect));

  it('has a case for every repository method', () => {
    for (const [name, repo] of Object.entries(repos)) {
      expect(Object.keys(cases[name as keyof Repositories]).sort(), name).toEqual(Object.keys(repo).sort());
    }
  });

  it.each(Object.keys(repos) as (keyof Repositories)[])('%s', async (name) => {
    const out: string[] = [];
    for (const [method, argLists] of Object.entries(cases[name])) {
      for (const args of argLists as unknown[][]) {
        const sink: string[] = [];
        const fn = (repos[name] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
        // Methods that insist on a row throw NoResultError here; their query was compiled all the same.
        await fn(compilingDb(dialect, sink), ...args).catch((err: unknown) => {
          if (!(err instanceof NoResultError)) throw err;
        });
        out.push(`-- ${name}.${method}\n${sink.join('\n') || '-- (no query)'}`);
      }
    }
    await expect(`${out.join('\n\n')}\n`).toMatchFileSnapshot(`./queries/${dialect}/${name}.sql`);
  });
});

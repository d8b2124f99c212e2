import { type Cases, CURSOR, ID, ID2, NOW } from './repository-sql.fixture.js';

const DOCUMENT = {
  id: ID,
  type: 'fee_notice',
  source: 'data' as const,
  recipient_key: 'L0001',
  recipient_id: null,
  unit_id: ID2,
  property_id: ID2,
  period: '2026-04',
  title: 'Zawiadomienie',
  data: '{}',
  parties: '{}',
  pdf_sha256: 'ab',
  pdf_size: 3,
  filename: 'z.pdf',
  import_id: ID,
  created_by: null,
  created_at: NOW,
};

export const documentCases: Cases<'documents' | 'templates' | 'batches' | 'stats'> = {
  stats: {
    waiting: [[{ accountIds: null, overdueBeforeIso: NOW }], [{ accountIds: [ID], overdueBeforeIso: NOW }]],
    hourly: [[{ sinceIso: NOW, accountIds: null }], [{ sinceIso: NOW, accountIds: [ID] }]],
  },
  documents: {
    analyzeAfterImport: [[1000]],
    lookupKeys: [[['L0001', 'K1'], ['34102010260000000000000001']]],
    allKeys: [[]],
    unitsWithProperty: [[[ID]]],
    linksOfUnits: [[[ID]]],
    linksOfRecipients: [[[ID]]],
    recipientsByIds: [[[ID, ID2]]],
    emailsOf: [[[ID]]],
    insertMany: [[[DOCUMENT]]],
    findById: [[ID]],
    list: [
      [{ propertyIds: null, after: null, limit: 50 }],
      [
        {
          type: 'fee_notice',
          period: '2026-04',
          propertyId: ID,
          propertyIds: [ID, ID2],
          importId: ID,
          after: CURSOR,
          limit: 50,
        },
      ],
      [{ propertyIds: [], after: null, limit: 50 }],
    ],
  },
  templates: {
    findForType: [
      ['fee_notice', null],
      ['fee_notice', ID],
    ],
    listAll: [[]],
    upsert: [
      [
        {
          id: ID,
          document_type: 'fee_notice',
          account_id: ID2,
          subject: 'S',
          html: '<p>h</p>',
          text: '',
          updated_by: null,
          created_at: NOW,
          updated_at: NOW,
        },
      ],
    ],
    remove: [
      ['fee_notice', null],
      ['fee_notice', ID],
    ],
  },
  batches: {
    analyzeAfterRun: [[1000]],
    insert: [
      [
        {
          id: ID,
          name: 'Wysyłka',
          document_type: 'fee_notice',
          position_id: ID2,
          account_id: ID2,
          template: '{}',
          selection: '{}',
          status: 'new',
          error: null,
          paper_pack_sha256: null,
          created_by: null,
          created_at: NOW,
          updated_at: NOW,
          finished_at: null,
        },
      ],
    ],
    findById: [[ID]],
    list: [[{ accountIds: null, after: null, limit: 50 }], [{ accountIds: [ID], after: CURSOR, limit: 50 }]],
    update: [[ID, { done: 10, updated_at: NOW }]],
    claimRun: [[ID, NOW, NOW]],
    failRunning: [[ID, { error: 'Błąd', updated_at: NOW }]],
    countMessages: [[ID]],
    addPaperItem: [
      [
        {
          batch_id: ID,
          document_id: ID,
          recipient_id: ID2,
          address: '',
          channel: 'paper',
          reason: 'address_refused',
          message_id: ID2,
          created_at: NOW,
        },
      ],
    ],
    paperChanged: [[ID, NOW]],
    storePaperPack: [[ID, 'ab'.repeat(32), 3]],
    staleRunning: [[NOW]],
    selectDocumentIds: [
      [{ type: 'fee_notice', period: '2026-04' }],
      [{ type: 'fee_notice', propertyId: ID, importId: ID, documentIds: [ID, ID2] }],
      [{ type: 'fee_notice', period: '2026-04', positionId: ID }],
      [{ type: 'fee_notice', period: '2026-04', positionIds: [ID, ID2] }],
      [{ type: 'fee_notice', period: '2026-04', positionIds: [] }],
    ],
    selectionSnapshot: [[{ type: 'fee_notice', importId: ID, positionId: ID }]],
    documentIdsPage: [
      [{ type: 'fee_notice', importId: ID, positionId: ID, createdUpTo: '2026-03-02T09:00:00.000Z' }, null, 2000],
      [
        { type: 'fee_notice', period: '2026-04', positionId: ID },
        { id: ID2, property_id: ID, recipient_key: 'B1' },
        2000,
      ],
    ],
    documentsByIds: [[[ID]]],
    existingItems: [[ID, [ID, ID2]]],
    insertItems: [
      [
        [
          {
            batch_id: ID,
            document_id: ID,
            recipient_id: ID2,
            address: '',
            channel: 'paper',
            reason: 'no_consent',
            message_id: null,
            created_at: NOW,
          },
        ],
      ],
    ],
    countItems: [[ID]],
    listItems: [
      [{ batchId: ID, after: null, limit: 50 }],
      [{ batchId: ID, channel: 'paper', after: CURSOR, limit: 50 }],
    ],
    paperItems: [[ID]],
    insertAttachment: [
      [
        {
          id: ID,
          batch_id: ID2,
          blob_sha256: 'ab',
          filename: 'a.pdf',
          content_type: 'application/pdf',
          size: 3,
          position: 0,
        },
      ],
    ],
    attachmentsOf: [[ID]],
    deleteAttachment: [[ID, ID2]],
    hasMessages: [[ID]],
    delete: [[ID]],
  },
};

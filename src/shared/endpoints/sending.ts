import { Batch, BatchCreate, BatchListQuery, BatchPreview, BatchPreviewInput, BatchQueueInput } from '../batches.js';
import { DocumentListQuery, DocumentSummary, DocumentTypeInfo, ImportResult } from '../documents.js';
import {
  InboxCounts,
  InboxDetail,
  InboxForwardInput,
  InboxQuery,
  InboxReplyInput,
  InboxSent,
  InboxSummary,
} from '../inbox.js';
import {
  BulkInput,
  BulkResult,
  DraftUpdate,
  MailboxCounts,
  MailboxCountsQuery,
  MailboxQuery,
  Message,
  MessageQueueInput,
  MessageSummary,
  QueueInput,
  ResendResult,
  TestSendResult,
} from '../messages.js';
import { CapturedDetail, CapturedQuery, CapturedSummary } from '../sandbox.js';
import { Attention, DailyQuery, DailyStats } from '../stats.js';
import { pageOf, z } from '../zod.js';
import type { EndpointTable } from './endpoint.js';

/** Documents, batches, the mailboxes and their messages, replies, the sandbox and the dashboard's figures. */
export const sendingEndpoints = {
  'GET /api/document-types': { response: z.array(DocumentTypeInfo) },
  'GET /api/documents': { query: DocumentListQuery, response: pageOf(DocumentSummary) },
  'POST /api/documents/import-file': { body: 'multipart', status: 201, response: ImportResult },
  'POST /api/documents/zip': { body: 'multipart', status: 201, response: ImportResult },
  'POST /api/documents/printout': { body: 'multipart', status: 201, response: ImportResult },

  'GET /api/batches': { query: BatchListQuery, response: pageOf(Batch) },
  'GET /api/batches/:id': { response: Batch },
  'POST /api/batches': { body: BatchCreate, status: 201, response: Batch },
  'POST /api/batches/preview': { body: BatchPreviewInput, response: BatchPreview },
  'POST /api/batches/:id/attachments': { body: 'multipart', status: 201, response: Batch },
  'POST /api/batches/:id/run': { status: 202, response: Batch },
  'POST /api/batches/:id/queue': { body: BatchQueueInput, response: BulkResult },

  'GET /api/mailboxes/counts': { query: MailboxCountsQuery, response: MailboxCounts },
  'GET /api/mailboxes/:mailbox': { query: MailboxQuery, response: pageOf(MessageSummary) },
  'GET /api/messages/:id': { response: Message },
  'PATCH /api/messages/:id': { body: DraftUpdate, response: Message },
  'DELETE /api/messages/:id': {},
  'POST /api/messages/:id/cancel': { response: Message },
  'POST /api/messages/queue': { body: QueueInput, response: BulkResult },
  'POST /api/messages/resend': { body: BulkInput, response: ResendResult },
  'POST /api/messages/cancel': { body: BulkInput, response: BulkResult },
  'POST /api/messages/:id/queue': { body: MessageQueueInput, response: BulkResult },
  'POST /api/messages/:id/resend': { response: ResendResult },
  'POST /api/messages/:id/test-send': { response: TestSendResult },

  'GET /api/inbox': { query: InboxQuery, response: pageOf(InboxSummary) },
  'GET /api/inbox/counts': { response: InboxCounts },
  'GET /api/inbox/:id': { response: InboxDetail },
  'POST /api/inbox/:id/unread': {},
  'POST /api/inbox/:id/reply': { body: InboxReplyInput, status: 201, response: InboxSent },
  'POST /api/inbox/:id/forward': { body: InboxForwardInput, status: 201, response: InboxSent },

  'GET /api/sandbox/messages': { query: CapturedQuery, response: pageOf(CapturedSummary) },
  'GET /api/sandbox/messages/:id': { response: CapturedDetail },

  'GET /api/stats/daily': { query: DailyQuery, response: DailyStats },
  'GET /api/stats/attention': { response: Attention },
} satisfies EndpointTable;

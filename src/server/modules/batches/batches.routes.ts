import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Batch,
  BatchCreate,
  BatchItem,
  BatchItemsQuery,
  BatchListQuery,
  BatchPreview,
  BatchPreviewInput,
  BatchQueueInput,
} from '../../../shared/batches.js';
import { BulkResult } from '../../../shared/messages.js';
import { Id, pageOf, z } from '../../../shared/zod.js';
import { actorOf, contentDisposition } from '../../http/auth-hook.js';
import { before, beforeRow } from '../../http/guards.js';
import { readForm, requireFile } from '../../http/multipart.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { BatchesService } from './batches.service.js';

export const batchesRoutes: FastifyPluginAsyncZod<{ accounts: AccountsService; batches: BatchesService }> = async (
  app,
  { accounts, batches },
) => {
  const tags = ['batches'];
  const params = z.object({ id: Id });

  app.post(
    '/api/batches',
    {
      config: { scope: 'batches:write' },
      onRequest: before(accounts.assertHasAccounts),
      schema: {
        tags,
        summary: 'Create a batch (wysyłka): documents, position and account, template',
        body: BatchCreate,
        response: { 201: Batch },
      },
    },
    async (req, reply) => reply.status(201).send(await batches.create(actorOf(req), req.body)),
  );
  app.post(
    '/api/batches/preview',
    {
      config: { scope: 'batches:write' },
      onRequest: before(accounts.assertHasAccounts),
      schema: {
        tags,
        summary: 'Before a batch is made: how many documents it takes and what of them was already sent',
        body: BatchPreviewInput,
        response: { 200: BatchPreview },
      },
    },
    async (req) => batches.preview(actorOf(req), req.body),
  );
  app.get(
    '/api/batches',
    {
      config: { scope: 'batches:read' },
      schema: { tags, querystring: BatchListQuery, response: { 200: pageOf(Batch) } },
    },
    async (req) => batches.list(actorOf(req), req.query),
  );
  app.get(
    '/api/batches/:id',
    {
      config: { scope: 'batches:read' },
      schema: { tags, summary: 'A batch with its progress', params, response: { 200: Batch } },
    },
    async (req) => batches.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/batches/:id/attachments',
    {
      config: { scope: 'batches:write' },
      onRequest: beforeRow(batches.assertVisible),
      schema: {
        tags,
        summary: 'Add an extra attachment to every message of the batch (multipart "file"; before the run)',
        params,
        consumes: ['multipart/form-data'],
        response: { 201: Batch },
      },
    },
    async (req, reply) => {
      const file = requireFile(await readForm(req), 'załącznik');
      const batch = await batches.addAttachment(actorOf(req), req.params.id, {
        filename: file.filename,
        contentType: file.mimetype,
        data: file.data,
      });
      return reply.status(201).send(batch);
    },
  );
  app.delete(
    '/api/batches/:id/attachments/:attachmentId',
    {
      config: { scope: 'batches:write' },
      onRequest: beforeRow(batches.assertVisible),
      schema: { tags, params: z.object({ id: Id, attachmentId: Id }), response: { 200: Batch } },
    },
    async (req) => batches.removeAttachment(actorOf(req), req.params.id, req.params.attachmentId),
  );
  app.post(
    '/api/batches/:id/run',
    {
      config: { scope: 'batches:write' },
      onRequest: beforeRow(batches.assertVisible),
      schema: {
        tags,
        summary: 'Make the drafts in the background (202); running again never duplicates',
        params,
        response: { 202: Batch },
      },
    },
    async (req, reply) => reply.status(202).send(await batches.run(actorOf(req), req.params.id)),
  );
  app.get(
    '/api/batches/:id/items',
    {
      config: { scope: 'batches:read' },
      schema: {
        tags,
        summary: 'What the batch made: e-mail drafts and paper items with the reason',
        params,
        querystring: BatchItemsQuery,
        response: { 200: pageOf(BatchItem) },
      },
    },
    async (req) => batches.items(actorOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/batches/:id/paper-pack',
    {
      config: { scope: 'batches:read' },
      schema: { tags, summary: 'The paper pack: the list and every paper copy in one PDF', params },
    },
    async (req, reply) => {
      const file = await batches.paperPack(actorOf(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .send(file.data);
    },
  );
  app.post(
    '/api/batches/:id/queue',
    {
      config: { scope: 'batches:write' },
      onRequest: beforeRow(batches.assertVisible),
      schema: {
        tags,
        summary: 'Queue every draft of the batch (now or at sendAt); dryRun counts only',
        params,
        body: BatchQueueInput,
        response: { 200: BulkResult },
      },
    },
    async (req) => batches.queue(actorOf(req), req.params.id, req.body),
  );
};

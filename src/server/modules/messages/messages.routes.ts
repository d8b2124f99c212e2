import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DraftCreate,
  DraftUpdate,
  Mailbox,
  MailboxCounts,
  MailboxCountsQuery,
  MailboxQuery,
  Message,
  MessageSummary,
} from '../../../shared/messages.js';
import { Id, pageOf, z } from '../../../shared/zod.js';
import { actorOf, contentDisposition } from '../../http/auth-hook.js';
import { before, beforeRow } from '../../http/guards.js';
import { assertNoNul } from '../../http/input-guard.js';
import { ValidationError } from '../../lib/errors.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { RepairsService } from '../delivery/repairs.service.js';
import type { MessagesService } from './messages.service.js';

export const messagesRoutes: FastifyPluginAsyncZod<{
  accounts: AccountsService;
  repairs: RepairsService;
  messages: MessagesService;
}> = async (app, { accounts, repairs, messages }) => {
  const tags = ['messages'];
  const params = z.object({ id: Id });

  app.get(
    '/api/mailboxes/counts',
    {
      config: { scope: 'messages:read' },
      schema: {
        tags,
        summary: 'How many messages each mailbox holds, under the same filters as the list (no status)',
        querystring: MailboxCountsQuery,
        response: { 200: MailboxCounts },
      },
    },
    async (req) => messages.counts(actorOf(req), req.query),
  );
  app.get(
    '/api/mailboxes/:mailbox',
    {
      config: { scope: 'messages:read' },
      schema: {
        tags,
        summary: 'One page of a mailbox (drafts, outbox, sent, failed, cancelled): filter, search, sort, keyset cursor',
        params: z.object({ mailbox: Mailbox }),
        querystring: MailboxQuery,
        response: { 200: pageOf(MessageSummary) },
      },
    },
    async (req) => messages.list(actorOf(req), req.params.mailbox, req.query),
  );
  app.post(
    '/api/messages',
    {
      config: { scope: 'messages:write' },
      onRequest: before(accounts.assertHasAccounts),
      schema: { tags, summary: 'Create a draft', body: DraftCreate, response: { 201: Message } },
    },
    async (req, reply) => reply.status(201).send(await messages.createDraft(actorOf(req), req.body)),
  );
  app.get(
    '/api/messages/:id',
    { config: { scope: 'messages:read' }, schema: { tags, params, response: { 200: Message } } },
    async (req) => repairs.decorate(actorOf(req), await messages.get(actorOf(req), req.params.id)),
  );
  app.patch(
    '/api/messages/:id',
    {
      config: { scope: 'messages:write' },
      onRequest: beforeRow(messages.assertVisible),
      schema: { tags, summary: 'Edit a draft', params, body: DraftUpdate, response: { 200: Message } },
    },
    async (req) => messages.updateDraft(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/messages/:id',
    {
      config: { scope: 'messages:write' },
      onRequest: beforeRow(messages.assertVisible),
      schema: { tags, summary: 'Delete a draft', params },
    },
    async (req, reply) => {
      await messages.deleteDraft(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/messages/:id/cancel',
    {
      config: { scope: 'messages:write' },
      onRequest: beforeRow(messages.assertVisible),
      schema: { tags, summary: 'Cancel a message that has not gone out', params, response: { 200: Message } },
    },
    async (req) => messages.cancel(actorOf(req), req.params.id),
  );

  app.post(
    '/api/messages/:id/attachments',
    {
      config: { scope: 'messages:write' },
      onRequest: beforeRow(messages.assertVisible),
      schema: {
        tags,
        summary: 'Attach a file to a draft (multipart/form-data, field "file")',
        params,
        consumes: ['multipart/form-data'],
        response: { 201: Message },
      },
    },
    async (req, reply) => {
      const file = await req.file();
      if (!file) throw new ValidationError('Wybierz plik do załączenia.', [{ path: 'file', message: 'Brak pliku.' }]);
      assertNoNul(file.filename);
      const data = await file.toBuffer();
      if (req.idempotency) {
        await req.server.idempotentForm(req, {
          file: { filename: file.filename, mimetype: file.mimetype, data },
          fields: {},
        });
      }
      const message = await messages.addAttachment(actorOf(req), req.params.id, {
        filename: file.filename,
        contentType: file.mimetype,
        data,
      });
      return reply.status(201).send(message);
    },
  );
  app.get(
    '/api/messages/:id/attachments/:attachmentId',
    {
      config: { scope: 'messages:read' },
      schema: { tags, summary: 'Download an attachment', params: z.object({ id: Id, attachmentId: Id }) },
    },
    async (req, reply) => {
      const file = await messages.attachmentContent(actorOf(req), req.params.id, req.params.attachmentId);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .header('x-content-type-options', 'nosniff')
        .send(file.data);
    },
  );
  app.delete(
    '/api/messages/:id/attachments/:attachmentId',
    {
      config: { scope: 'messages:write' },
      onRequest: beforeRow(messages.assertVisible),
      schema: {
        tags,
        summary: 'Remove an attachment from a draft',
        params: z.object({ id: Id, attachmentId: Id }),
        response: { 200: Message },
      },
    },
    async (req) => messages.removeAttachment(actorOf(req), req.params.id, req.params.attachmentId),
  );
};

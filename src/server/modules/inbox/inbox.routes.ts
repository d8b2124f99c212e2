import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  InboxCounts,
  InboxDetail,
  InboxForwardInput,
  InboxQuery,
  InboxReplyInput,
  InboxSent,
  InboxSummary,
} from '../../../shared/inbox.js';
import { Id, pageOf, z } from '../../../shared/zod.js';
import { actorOf, contentDisposition } from '../../http/auth-hook.js';
import { beforeRow } from '../../http/guards.js';
import type { InboxService } from './inbox.service.js';
import type { InboxAnswers } from './inbox-answer.js';

/** Odebrane (D49): tenants' replies, read per user, answered and forwarded through the outbox. */
export const inboxRoutes: FastifyPluginAsyncZod<{ inbox: InboxService; inboxAnswers: InboxAnswers }> = async (
  app,
  { inbox, inboxAnswers },
) => {
  const tags = ['inbox'];
  const params = z.object({ id: Id });

  app.get(
    '/api/inbox',
    {
      schema: {
        tags,
        summary: "Odebrane: tenants' replies, newest first (unread filter, search, one message's replies), keyset",
        querystring: InboxQuery,
        response: { 200: pageOf(InboxSummary) },
      },
    },
    async (req) => inbox.list(actorOf(req), req.query),
  );
  app.get(
    '/api/inbox/counts',
    { schema: { tags, summary: 'Replies unread by this user (the navigation badge)', response: { 200: InboxCounts } } },
    async (req) => inbox.counts(actorOf(req)),
  );
  app.get(
    '/api/inbox/:id',
    {
      schema: {
        tags,
        summary: 'One reply with its thread (marks it read for this user)',
        params,
        response: { 200: InboxDetail },
      },
    },
    async (req) => inbox.get(actorOf(req), req.params.id),
  );
  for (const [path, read] of [
    ['read', true],
    ['unread', false],
  ] as const) {
    app.post(
      `/api/inbox/:id/${path}`,
      {
        onRequest: beforeRow(inbox.assertVisible),
        schema: { tags, summary: `Mark the reply ${path} for this user`, params },
      },
      async (req, reply) => {
        await inbox.setRead(actorOf(req), req.params.id, read);
        return reply.status(204).send();
      },
    );
  }
  app.get(
    '/api/inbox/:id/attachments/:index',
    {
      schema: {
        tags,
        summary: "One attachment of the tenant's mail (by its place in the list, from 0)",
        params: z.object({ id: Id, index: z.coerce.number().int().min(0).max(1000) }),
      },
    },
    async (req, reply) => {
      const file = await inbox.attachment(actorOf(req), req.params.id, req.params.index);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );
  app.post(
    '/api/inbox/:id/reply',
    {
      onRequest: beforeRow(inbox.assertVisible),
      schema: {
        tags,
        summary: 'Odpowiedz: a new message to the tenant from the same account, threaded, queued',
        params,
        body: InboxReplyInput,
        response: { 201: InboxSent },
      },
    },
    async (req, reply) => reply.status(201).send(await inboxAnswers.reply(actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/inbox/:id/forward',
    {
      onRequest: beforeRow(inbox.assertVisible),
      schema: {
        tags,
        summary: "Przekaż: the reply with the tenant's attachments to a typed address, from the same account, queued",
        params,
        body: InboxForwardInput,
        response: { 201: InboxSent },
      },
    },
    async (req, reply) => reply.status(201).send(await inboxAnswers.forward(actorOf(req), req.params.id, req.body)),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CapturedDetail, CapturedQuery, CapturedSummary } from '../../../shared/sandbox.js';
import { Id, pageOf, z } from '../../../shared/zod.js';
import { actorOf, contentDisposition } from '../../http/auth-hook.js';
import type { SandboxService } from './sandbox.service.js';

export const sandboxRoutes: FastifyPluginAsyncZod<{ sandbox: SandboxService }> = async (app, { sandbox }) => {
  const tags = ['sandbox'];
  const params = z.object({ id: Id });

  app.get(
    '/api/sandbox/messages',
    {
      schema: {
        tags,
        summary: 'What the built-in capture SMTP received, newest first',
        querystring: CapturedQuery,
        response: { 200: pageOf(CapturedSummary) },
      },
    },
    async (req) => sandbox.list(actorOf(req), req.query),
  );
  app.get('/api/sandbox/messages/:id', { schema: { tags, params, response: { 200: CapturedDetail } } }, async (req) =>
    sandbox.get(actorOf(req), req.params.id),
  );
  app.get(
    '/api/sandbox/messages/:id/attachments/:index',
    {
      schema: {
        tags,
        summary: 'One attachment of a received e-mail (by its place in the list, from 0)',
        params: z.object({ id: Id, index: z.coerce.number().int().min(0).max(1000) }),
      },
    },
    async (req, reply) => {
      const file = await sandbox.attachment(actorOf(req), req.params.id, req.params.index);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );
  app.get(
    '/api/sandbox/messages/:id/raw',
    { schema: { tags, summary: 'The received e-mail as .eml', params } },
    async (req, reply) => {
      const raw = await sandbox.raw(actorOf(req), req.params.id);
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', contentDisposition('attachment', `${req.params.id}.eml`))
        .send(raw);
    },
  );
};

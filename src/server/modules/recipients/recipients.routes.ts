import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Recipient, RecipientInput, RecipientListQuery, RecipientUpdate } from '../../../shared/recipients.js';
import { Id, pageOf, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import { before, beforeRow } from '../../http/guards.js';
import type { PropertiesService } from '../properties/properties.service.js';
import type { RecipientsService } from './recipients.service.js';

export const recipientsRoutes: FastifyPluginAsyncZod<{
  properties: PropertiesService;
  recipients: RecipientsService;
}> = async (app, { properties, recipients }) => {
  const tags = ['recipients'];
  const params = z.object({ id: Id });

  app.get(
    '/api/recipients',
    {
      schema: {
        tags,
        summary: 'Recipients by name; search by name, e-mail, address or key',
        querystring: RecipientListQuery,
        response: { 200: pageOf(Recipient) },
      },
    },
    async (req) => recipients.list(actorOf(req), req.query),
  );
  app.get('/api/recipients/:id', { schema: { tags, params, response: { 200: Recipient } } }, async (req) =>
    recipients.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/recipients',
    {
      onRequest: before(properties.assertHasProperties),
      schema: { tags, body: RecipientInput, response: { 201: Recipient } },
    },
    async (req, reply) => reply.status(201).send(await recipients.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/recipients/:id',
    {
      onRequest: beforeRow(recipients.assertInScope),
      schema: { tags, params, body: RecipientUpdate, response: { 200: Recipient } },
    },
    async (req) => recipients.update(actorOf(req), req.params.id, req.body),
  );
  app.delete('/api/recipients/:id', { config: { access: 'admin' }, schema: { tags, params } }, async (req, reply) => {
    await recipients.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};

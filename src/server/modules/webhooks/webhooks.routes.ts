import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DeliveriesQuery,
  EventsPage,
  EventsQuery,
  ReplayResult,
  Webhook,
  WebhookCreate,
  WebhookCreated,
  WebhookDelivery,
  WebhookSecretRotation,
  WebhookUpdate,
} from '../../../shared/webhooks.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import { before, beforeRow } from '../../http/guards.js';
import type { WebhooksService } from './webhooks.service.js';

/**
 * Status back to the rent systems (issue 13 point 5, D60): the events feed for systems that poll (every signed-in
 * user, within their positions' accounts) and webhooks with their delivery log (administrators).
 */
export const webhooksRoutes: FastifyPluginAsyncZod<{ webhooks: WebhooksService }> = async (app, { webhooks }) => {
  const tags = ['webhooks'];
  const params = z.object({ id: Id });
  // Administrators manage every webhook; an API key with webhooks:write only its own (the service decides which,
  // D60). Anyone else is refused here, before the body is read.
  const keyed = { scope: 'webhooks:write' as const };
  const mayManage = before(async (actor) => webhooks.assertManager(actor));
  const mayManageRow = beforeRow((actor, id) => webhooks.assertMayManage(actor, id));

  app.get(
    '/api/events',
    {
      config: { scope: 'events:read' },
      schema: {
        tags,
        summary: 'Message events after a cursor, oldest first (keyset; within the caller’s positions’ accounts)',
        querystring: EventsQuery,
        response: { 200: EventsPage },
      },
    },
    async (req) => webhooks.events(actorOf(req), req.query),
  );
  app.get(
    '/api/webhooks',
    {
      config: keyed,
      onRequest: mayManage,
      schema: { tags, summary: 'Webhooks (admin)', response: { 200: z.array(Webhook) } },
    },
    async (req) => webhooks.list(actorOf(req)),
  );
  app.post(
    '/api/webhooks',
    {
      config: keyed,
      onRequest: mayManage,
      schema: {
        tags,
        summary: 'Create a webhook (admin); the answer holds its signing secret, shown this once',
        body: WebhookCreate,
        response: { 201: WebhookCreated },
      },
    },
    async (req, reply) => reply.code(201).send(await webhooks.create(actorOf(req), req.body)),
  );
  app.get(
    '/api/webhooks/:id',
    {
      config: keyed,
      onRequest: mayManageRow,
      schema: { tags, summary: 'One webhook (admin)', params, response: { 200: Webhook } },
    },
    async (req) => webhooks.get(actorOf(req), req.params.id),
  );
  app.patch(
    '/api/webhooks/:id',
    {
      config: keyed,
      onRequest: mayManageRow,
      schema: { tags, summary: 'Change a webhook (admin)', params, body: WebhookUpdate, response: { 200: Webhook } },
    },
    async (req) => webhooks.update(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/webhooks/:id/secret',
    {
      config: keyed,
      onRequest: mayManageRow,
      schema: {
        tags,
        summary:
          'A new signing secret, shown this once (admin); the old one keeps signing beside it for overlapHours (D98)',
        params,
        body: WebhookSecretRotation,
        response: { 200: WebhookCreated },
      },
    },
    async (req) => webhooks.rotateSecret(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/webhooks/:id',
    {
      config: keyed,
      onRequest: mayManageRow,
      schema: { tags, summary: 'Delete a webhook and its delivery log (admin)', params },
    },
    async (req, reply) => {
      await webhooks.remove(actorOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/webhooks/:id/deliveries',
    {
      config: keyed,
      onRequest: mayManageRow,
      schema: {
        tags,
        summary: "A webhook's deliveries, newest first (admin)",
        params,
        querystring: DeliveriesQuery,
        response: { 200: z.array(WebhookDelivery) },
      },
    },
    async (req) => webhooks.deliveries(actorOf(req), req.params.id, req.query.limit),
  );
  app.post(
    '/api/webhooks/:id/deliveries/:deliveryId/replay',
    {
      config: keyed,
      onRequest: mayManageRow,
      schema: {
        tags,
        summary: 'Send a delivered (or failed) event again as a new delivery (admin)',
        params: z.object({ id: Id, deliveryId: Id }),
        response: { 201: ReplayResult },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await webhooks.replay(actorOf(req), req.params.id, req.params.deliveryId)),
  );
};

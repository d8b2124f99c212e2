import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
// The schemas come from the web client's endpoint table, so the two cannot differ (D83).
import { peopleEndpoints as ep } from '../../../shared/endpoints/people.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import type { PositionsService } from './positions.service.js';

export const positionsRoutes: FastifyPluginAsyncZod<{ positions: PositionsService }> = async (app, { positions }) => {
  const tags = ['positions'];
  const params = z.object({ id: Id });

  app.get(
    '/api/positions',
    {
      schema: {
        tags,
        summary: 'Positions (a clerk sees their own)',
        response: { 200: ep['GET /api/positions'].response },
      },
    },
    async (req) => positions.list(actorOf(req)),
  );
  app.get(
    '/api/positions/:id',
    { schema: { tags, params, response: { 200: ep['GET /api/positions/:id'].response } } },
    async (req) => positions.get(actorOf(req), req.params.id),
  );
  const admin = { access: 'admin' } as const;
  app.post(
    '/api/positions',
    {
      config: admin,
      schema: { tags, body: ep['POST /api/positions'].body, response: { 201: ep['POST /api/positions'].response } },
    },
    async (req, reply) => reply.status(201).send(await positions.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/positions/:id',
    {
      config: admin,
      schema: {
        tags,
        params,
        body: ep['PATCH /api/positions/:id'].body,
        response: { 200: ep['PATCH /api/positions/:id'].response },
      },
    },
    async (req) => positions.update(actorOf(req), req.params.id, req.body),
  );
  app.delete('/api/positions/:id', { config: admin, schema: { tags, params } }, async (req, reply) => {
    await positions.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
  app.put(
    '/api/positions/:id/properties',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Set the properties the position serves (its clerks see and edit only these)',
        params,
        body: ep['PUT /api/positions/:id/properties'].body,
        response: { 200: ep['PUT /api/positions/:id/properties'].response },
      },
    },
    async (req) => positions.setProperties(actorOf(req), req.params.id, req.body.propertyIds),
  );
  app.put(
    '/api/positions/:id/accounts',
    {
      config: admin,
      schema: {
        tags,
        summary: "Set the position's sending accounts and its default",
        params,
        body: ep['PUT /api/positions/:id/accounts'].body,
        response: { 200: ep['PUT /api/positions/:id/accounts'].response },
      },
    },
    async (req) => positions.setAccounts(actorOf(req), req.params.id, req.body.accounts),
  );
};

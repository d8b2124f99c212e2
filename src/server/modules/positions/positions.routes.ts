import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Position,
  PositionAccountsInput,
  PositionInput,
  PositionPropertiesInput,
  PositionUpdate,
} from '../../../shared/positions.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import type { PositionsService } from './positions.service.js';

export const positionsRoutes: FastifyPluginAsyncZod<{ positions: PositionsService }> = async (app, { positions }) => {
  const tags = ['positions'];
  const params = z.object({ id: Id });

  app.get(
    '/api/positions',
    { schema: { tags, summary: 'Positions (a clerk sees their own)', response: { 200: z.array(Position) } } },
    async (req) => positions.list(actorOf(req)),
  );
  app.get('/api/positions/:id', { schema: { tags, params, response: { 200: Position } } }, async (req) =>
    positions.get(actorOf(req), req.params.id),
  );
  const admin = { access: 'admin' } as const;
  app.post(
    '/api/positions',
    { config: admin, schema: { tags, body: PositionInput, response: { 201: Position } } },
    async (req, reply) => reply.status(201).send(await positions.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/positions/:id',
    { config: admin, schema: { tags, params, body: PositionUpdate, response: { 200: Position } } },
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
        body: PositionPropertiesInput,
        response: { 200: Position },
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
        body: PositionAccountsInput,
        response: { 200: Position },
      },
    },
    async (req) => positions.setAccounts(actorOf(req), req.params.id, req.body.accounts),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Property,
  PropertyInput,
  PropertyUpdate,
  Unit,
  UnitInput,
  UnitListQuery,
  UnitUpdate,
} from '../../../shared/properties.js';
import { Id, pageOf, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import { before, beforeRow } from '../../http/guards.js';
import type { PropertiesService } from './properties.service.js';

export const propertiesRoutes: FastifyPluginAsyncZod<{ properties: PropertiesService }> = async (
  app,
  { properties },
) => {
  const params = z.object({ id: Id });
  const admin = { access: 'admin' } as const;

  app.get('/api/properties', { schema: { tags: ['properties'], response: { 200: z.array(Property) } } }, async (req) =>
    properties.list(actorOf(req)),
  );
  app.get(
    '/api/properties/:id',
    { schema: { tags: ['properties'], params, response: { 200: Property } } },
    async (req) => properties.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/properties',
    { config: admin, schema: { tags: ['properties'], body: PropertyInput, response: { 201: Property } } },
    async (req, reply) => reply.status(201).send(await properties.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/properties/:id',
    { config: admin, schema: { tags: ['properties'], params, body: PropertyUpdate, response: { 200: Property } } },
    async (req) => properties.update(actorOf(req), req.params.id, req.body),
  );
  app.delete('/api/properties/:id', { config: admin, schema: { tags: ['properties'], params } }, async (req, reply) => {
    await properties.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/api/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Units by number, keyset pages',
        querystring: UnitListQuery,
        response: { 200: pageOf(Unit) },
      },
    },
    async (req) => properties.listUnits(actorOf(req), req.query),
  );
  app.get('/api/units/:id', { schema: { tags: ['units'], params, response: { 200: Unit } } }, async (req) =>
    properties.getUnit(actorOf(req), req.params.id),
  );
  app.post(
    '/api/units',
    {
      onRequest: before(properties.assertHasProperties),
      schema: { tags: ['units'], body: UnitInput, response: { 201: Unit } },
    },
    async (req, reply) => reply.status(201).send(await properties.createUnit(actorOf(req), req.body)),
  );
  app.patch(
    '/api/units/:id',
    {
      onRequest: beforeRow(properties.assertUnitInScope),
      schema: {
        tags: ['units'],
        summary: 'Change a unit; its bank account number (NRB) only by an administrator (audited)',
        params,
        body: UnitUpdate,
        response: { 200: Unit },
      },
    },
    async (req) => properties.updateUnit(actorOf(req), req.params.id, req.body),
  );
  app.delete('/api/units/:id', { config: admin, schema: { tags: ['units'], params } }, async (req, reply) => {
    await properties.removeUnit(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiKey, ApiKeyInput, CreatedApiKey } from '../../../shared/api-keys.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import type { ApiKeysService } from './api-keys.service.js';

/** API keys for rent systems (D58): an administrator's business, never reachable with a key (no `scope`). */
export const apiKeysRoutes: FastifyPluginAsyncZod<{ apiKeys: ApiKeysService }> = async (app, { apiKeys }) => {
  const tags = ['api-keys'];
  const config = { access: 'admin' } as const;

  app.get(
    '/api/api-keys',
    { config, schema: { tags, summary: 'API keys (never the keys themselves)', response: { 200: z.array(ApiKey) } } },
    async (req) => apiKeys.list(actorOf(req)),
  );
  app.post(
    '/api/api-keys',
    {
      config,
      schema: {
        tags,
        summary: 'Create an API key; the answer holds the key, shown this once',
        body: ApiKeyInput,
        response: { 201: CreatedApiKey },
      },
    },
    async (req, reply) => reply.status(201).send(await apiKeys.create(actorOf(req), req.body)),
  );
  app.delete(
    '/api/api-keys/:id',
    { config, schema: { tags, summary: 'Revoke an API key', params: z.object({ id: Id }) } },
    async (req, reply) => {
      await apiKeys.revoke(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { StorageUsage } from '../../../shared/storage.js';
import type { Services } from '../../container.js';
import { actorOf } from '../../http/auth-hook.js';

export const storageRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/admin/storage',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['storage'],
        summary: 'Disk use (admin): stored files, uploads per day and per user today, the SQLite data folder',
        response: { 200: StorageUsage },
      },
    },
    async (req) => services.storage.usage(actorOf(req)),
  );
};

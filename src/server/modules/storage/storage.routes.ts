import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { StorageUsage } from '../../../shared/storage.js';
import { actorOf } from '../../http/auth-hook.js';
import type { StorageService } from './storage.service.js';

export const storageRoutes: FastifyPluginAsyncZod<{ storage: StorageService }> = async (app, { storage }) => {
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
    async (req) => storage.usage(actorOf(req)),
  );
};

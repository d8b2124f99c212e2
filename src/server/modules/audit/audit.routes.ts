import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEntry, AuditQuery } from '../../../shared/audit.js';
import { pageOf } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import type { AuditLog } from './audit.service.js';

export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditLog }> = async (app, { audit }) => {
  app.get(
    '/api/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Who did what, newest first (admin)',
        querystring: AuditQuery,
        response: { 200: pageOf(AuditEntry) },
      },
    },
    async (req) => audit.list(actorOf(req), req.query),
  );
};

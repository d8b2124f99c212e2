import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditEntry, AuditQuery } from '../../../shared/audit.js';
import { pageOf } from '../../../shared/zod.js';
import type { Services } from '../../container.js';
import { actorOf } from '../../http/auth-hook.js';

export const auditRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
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
    async (req) => services.audit.list(actorOf(req), req.query),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from '../../../shared/zod.js';
import type { Health } from '../../health.js';

const NotReady = z.object({
  status: z.literal('unavailable'),
  reason: z.enum(['stopping', 'database', 'migrations']),
  message: z.string(),
});

/**
 * For load balancers and monitoring, answered without a session (D74): `/api/health` as before (the database
 * answers), `/live` (the process answers; no database, so a slow database never gets the process restarted) and
 * `/ready` (a database round trip, the schema current, not stopping — else 503 with the reason).
 */
export const healthRoutes: FastifyPluginAsyncZod<{ health: Health }> = async (app, { health }) => {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => {
      await health.check();
      return { status: 'ok' as const };
    },
  );
  app.get(
    '/api/health/live',
    {
      config: { public: true },
      schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/api/health/ready',
    {
      config: { public: true },
      schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ready') }), 503: NotReady } },
    },
    async (_req, reply) => {
      const verdict = await health.ready();
      if (verdict.ready) return { status: 'ready' as const };
      return reply.code(503).send({ status: 'unavailable' as const, reason: verdict.reason, message: verdict.message });
    },
  );
};

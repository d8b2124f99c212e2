import type { FastifyPluginAsync } from 'fastify';
import { errorBody } from '../http/framework-errors.js';
import { checkMetricsAccess, type MetricsAccessOptions } from './access.js';
import type { Metrics } from './metrics.js';

/**
 * GET /metrics for Prometheus (D74), outside /api and without a session: a Bearer METRICS_TOKEN, or without one
 * only a direct request from this machine (access.ts). Hidden from the API description.
 */
export function metricsRoutes(metrics: Metrics, access: MetricsAccessOptions): FastifyPluginAsync {
  return async (app) => {
    app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
      const verdict = checkMetricsAccess({ headers: req.headers, remoteAddress: req.socket.remoteAddress }, access);
      if (!verdict.ok) {
        if (verdict.status === 401) reply.header('www-authenticate', 'Bearer realm="metrics"');
        const code = verdict.status === 401 ? 'unauthenticated' : 'forbidden';
        return reply.code(verdict.status).send(errorBody(code, verdict.message));
      }
      const { contentType, text } = await metrics.scrape();
      return reply.header('content-type', contentType).header('cache-control', 'no-store').send(text);
    });
  };
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Attention, DailyQuery, DailyStats } from '../../../shared/stats.js';
import { actorOf } from '../../http/auth-hook.js';
import type { StatsService } from './stats.service.js';

export const statsRoutes: FastifyPluginAsyncZod<{ stats: StatsService }> = async (app, { stats }) => {
  app.get(
    '/api/stats/daily',
    {
      schema: {
        tags: ['stats'],
        summary: "Sent and failed messages per day and account (the user's accounts), for the dashboard chart",
        querystring: DailyQuery,
        response: { 200: DailyStats },
      },
    },
    async (req) => stats.daily(actorOf(req), req.query.days),
  );
  app.get(
    '/api/stats/attention',
    {
      schema: {
        tags: ['stats'],
        summary:
          "What needs attention in the user's accounts (Pulpit): failed, held, overdue and retrying messages, accounts with a problem",
        response: { 200: Attention },
      },
    },
    async (req) => stats.attention(actorOf(req)),
  );
};

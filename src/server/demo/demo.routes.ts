import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DemoInput, DemoResult } from '../../shared/demo.js';
import type { Services } from '../container.js';
import { actorOf } from '../http/auth-hook.js';
import { requireAdmin } from '../modules/auth/access.js';
import { loadDemoData, loadDemoDocuments } from './demo.js';

/** What the demo loader makes records with. */
type DemoRouteServices = Pick<Services, 'accounts' | 'positions' | 'properties' | 'recipients' | 'documents'>;

/** The first-run screen's "load demo data" (admin): the same loader as `listonosz demo`, safe to repeat. */
export const demoRoutes: FastifyPluginAsyncZod<{ services: DemoRouteServices }> = async (app, { services }) => {
  app.post(
    '/api/demo',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['setup'],
        summary:
          "Load the demo data (admin): a cooperative, two homeowners' associations, units, recipients, fee notices",
        body: DemoInput,
        response: { 200: DemoResult },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      requireAdmin(actor, 'Dane demonstracyjne wczytuje administrator.');
      const summary = await loadDemoData(services, { units: req.body.units, actor });
      const next = new Date();
      next.setUTCMonth(next.getUTCMonth() + 1, 1);
      const period = next.toISOString().slice(0, 7);
      const documents = req.body.documents
        ? await loadDemoDocuments(services, { units: req.body.units, period, actor })
        : 0;
      const { account: _account, ...counts } = summary;
      return { ...counts, documents, period };
    },
  );
};

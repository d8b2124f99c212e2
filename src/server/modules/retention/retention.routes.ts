import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErasurePreview, RetentionPolicy, RetentionSettings } from '../../../shared/retention.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import type { ErasureService } from './erasure.service.js';
import type { RetentionService } from './retention.service.js';

/** Retention policy (Ustawienia → Przechowywanie danych) and erasing a recipient (D76); admin only. */
export const retentionRoutes: FastifyPluginAsyncZod<{ retention: RetentionService; erasure: ErasureService }> = async (
  app,
  { retention, erasure },
) => {
  const admin = { access: 'admin' as const };
  const params = z.object({ id: Id });

  app.get(
    '/api/settings/retention',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'How long each category of data is kept (months), the defaults and the last run (admin)',
        response: { 200: RetentionSettings },
      },
    },
    async (req) => retention.getSettings(actorOf(req)),
  );
  app.put(
    '/api/settings/retention',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Set how long each category is kept (admin); below the legal minimum is refused, with the reason',
        body: RetentionPolicy,
        response: { 200: RetentionSettings },
      },
    },
    async (req) => retention.setPolicy(actorOf(req), req.body),
  );
  app.get(
    '/api/recipients/:id/erasure',
    {
      config: admin,
      schema: {
        tags: ['recipients'],
        summary: 'What erasing the recipient (RODO art. 17) would remove and what must be kept, and why (admin)',
        params,
        response: { 200: ErasurePreview },
      },
    },
    async (req) => erasure.preview(actorOf(req), req.params.id),
  );
  app.post(
    '/api/recipients/:id/erasure',
    {
      config: admin,
      schema: {
        tags: ['recipients'],
        summary:
          'Erase the recipient: contact data, drafts and unsent messages, reply texts; keeps what a law requires (admin)',
        params,
        response: { 200: ErasurePreview },
      },
    },
    async (req) => erasure.erase(actorOf(req), req.params.id),
  );
};

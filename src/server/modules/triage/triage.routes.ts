import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  TriageDecisionInput,
  TriageDecisionResult,
  TriageDetail,
  TriageItem,
  TriageQuery,
} from '../../../shared/triage.js';
import { Id, pageOf, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import { beforeRow } from '../../http/guards.js';
import type { TriageService } from './triage.service.js';

/** "Do przejrzenia" (D50): unknown feedback mail of the user's accounts, one mail, and a person's decision. */
export const triageRoutes: FastifyPluginAsyncZod<{ triage: TriageService }> = async (app, { triage }) => {
  const tags = ['triage'];
  const params = z.object({ id: Id });

  app.get(
    '/api/triage',
    {
      schema: {
        tags,
        summary:
          "Unknown mail read from feedback mailboxes that nobody has reviewed (newest first, keyset pages): all for an administrator, a clerk the mail of their accounts and of their accounts' feedback mailboxes",
        querystring: TriageQuery,
        response: { 200: pageOf(TriageItem) },
      },
    },
    async (req) => triage.list(actorOf(req), req.query),
  );
  app.get(
    '/api/triage/:id',
    {
      schema: {
        tags,
        summary: 'One unknown mail: sender, subject, text, sanitised HTML and why it could not be classified',
        params,
        response: { 200: TriageDetail },
      },
    },
    async (req) => triage.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/triage/:id/decision',
    {
      onRequest: beforeRow(triage.assertVisible),
      schema: {
        tags,
        summary:
          "A person's decision: a tenant's reply (shown in Odebrane, optionally under a message), a bounce of a message (the message bounces and its address is blocked) or nothing to do (reviewed, kept)",
        params,
        body: TriageDecisionInput,
        response: { 200: TriageDecisionResult },
      },
    },
    async (req) => triage.decide(actorOf(req), req.params.id, req.body),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  FeedbackMailbox,
  FeedbackMailboxCreate,
  FeedbackMailboxUpdate,
  MailboxTestResult,
} from '../../../shared/feedback-mailboxes.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import type { FeedbackMailboxesService } from './feedback-mailboxes.service.js';

/** Feedback mailboxes (IMAP) the worker reads for bounces, receipts and replies: administrators only. */
export const feedbackMailboxesRoutes: FastifyPluginAsyncZod<{ feedbackMailboxes: FeedbackMailboxesService }> = async (
  app,
  { feedbackMailboxes: mailboxes },
) => {
  const tags = ['feedback-mailboxes'];
  const params = z.object({ id: Id });
  const admin = { access: 'admin' as const };

  app.get(
    '/api/feedback-mailboxes',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Feedback mailboxes (admin); secrets are never returned',
        response: { 200: z.array(FeedbackMailbox) },
      },
    },
    async (req) => mailboxes.list(actorOf(req)),
  );
  app.get(
    '/api/feedback-mailboxes/:id',
    { config: admin, schema: { tags, params, response: { 200: FeedbackMailbox } } },
    async (req) => mailboxes.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/feedback-mailboxes',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create a feedback mailbox (admin); password, client secret and refresh token are write-only',
        body: FeedbackMailboxCreate,
        response: { 201: FeedbackMailbox },
      },
    },
    async (req, reply) => reply.status(201).send(await mailboxes.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/feedback-mailboxes/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a feedback mailbox (admin); omit a secret to keep it',
        params,
        body: FeedbackMailboxUpdate,
        response: { 200: FeedbackMailbox },
      },
    },
    async (req) => mailboxes.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/feedback-mailboxes/:id',
    {
      config: admin,
      schema: { tags, summary: 'Delete a feedback mailbox (admin); its accounts are detached', params },
    },
    async (req, reply) => {
      await mailboxes.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/feedback-mailboxes/:id/test',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Test the IMAP connection: login and the watched folders (admin)',
        params,
        response: { 200: MailboxTestResult },
      },
    },
    async (req) => mailboxes.testConnection(actorOf(req), req.params.id),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Account, AccountCreate, AccountUpdate, ConnectionTestResult } from '../../../shared/accounts.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import type { AccountsService } from './accounts.service.js';

export const accountsRoutes: FastifyPluginAsyncZod<{ accounts: AccountsService }> = async (app, { accounts }) => {
  const tags = ['accounts'];
  const params = z.object({ id: Id });

  app.get(
    '/api/accounts',
    {
      schema: {
        tags,
        summary: "Sending accounts (a clerk sees their positions' accounts); secrets are never returned",
        response: { 200: z.array(Account) },
      },
    },
    async (req) => accounts.list(actorOf(req)),
  );
  app.get('/api/accounts/:id', { schema: { tags, params, response: { 200: Account } } }, async (req) =>
    accounts.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/accounts',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Create an account (admin); password and DKIM key are write-only',
        body: AccountCreate,
        response: { 201: Account },
      },
    },
    async (req, reply) => reply.status(201).send(await accounts.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/accounts/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Change an account (admin); omit password to keep it',
        params,
        body: AccountUpdate,
        response: { 200: Account },
      },
    },
    async (req) => accounts.update(actorOf(req), req.params.id, req.body),
  );
  app.delete('/api/accounts/:id', { config: { access: 'admin' }, schema: { tags, params } }, async (req, reply) => {
    await accounts.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
  app.delete(
    '/api/accounts/:id/feedback-alarm',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          "Clear the account's feedback alarm (admin) after checking it: a recipient's server refused its mail as spam or for SPF/DKIM/DMARC (D48)",
        params,
        response: { 200: Account },
      },
    },
    async (req) => accounts.clearFeedbackAlarm(actorOf(req), req.params.id),
  );
  app.post(
    '/api/accounts/:id/test',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Test the SMTP connection and login (admin)',
        params,
        response: { 200: ConnectionTestResult },
      },
    },
    async (req) => accounts.testConnection(actorOf(req), req.params.id),
  );
};

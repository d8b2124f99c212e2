import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AccountRodoFooter, InstallationRodoFooter, RodoFooterInput } from '../../../shared/rodo.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import type { RodoService } from './rodo.service.js';

/** The RODO footer appended to every e-mail (D66): the installation's and an account's own; admin only. */
export const rodoRoutes: FastifyPluginAsyncZod<{ rodo: RodoService }> = async (app, { rodo }) => {
  const tags = ['settings'];
  const params = z.object({ id: Id });
  const admin = { access: 'admin' as const };

  app.get(
    '/api/settings/rodo-footer',
    {
      config: admin,
      schema: {
        tags,
        summary: "The installation's RODO footer (admin); null: none",
        response: { 200: InstallationRodoFooter },
      },
    },
    async (req) => rodo.getInstallation(actorOf(req)),
  );
  app.put(
    '/api/settings/rodo-footer',
    {
      config: admin,
      schema: {
        tags,
        summary: "Set (or, with null, remove) the installation's RODO footer (admin); messages built later carry it",
        body: RodoFooterInput,
        response: { 200: InstallationRodoFooter },
      },
    },
    async (req) => rodo.setInstallation(actorOf(req), req.body.footer),
  );
  app.get(
    '/api/accounts/:id/rodo-footer',
    {
      config: admin,
      schema: {
        tags,
        summary: "An account's own RODO footer and the one its messages carry (admin)",
        params,
        response: { 200: AccountRodoFooter },
      },
    },
    async (req) => rodo.getAccount(actorOf(req), req.params.id),
  );
  app.put(
    '/api/accounts/:id/rodo-footer',
    {
      config: admin,
      schema: {
        tags,
        summary: "Set an account's own RODO footer, or with null inherit the installation's (admin)",
        params,
        body: InstallationRodoFooter,
        response: { 200: AccountRodoFooter },
      },
    },
    async (req) => rodo.setAccount(actorOf(req), req.params.id, req.body.footer),
  );
};

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DownloadLinkSettings, MessageDownloadLinks } from '../../../shared/download-links.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf, contentDisposition, publicRoutes } from '../../http/auth-hook.js';
import { beforeRow } from '../../http/guards.js';
import type { MessagesService } from '../messages/messages.service.js';
import type { DownloadLinksService, PageState } from './download-links.service.js';
import { renderDownloadPage } from './download-page.js';
import { DOWNLOAD_TOKEN_LENGTH } from './download-token.js';

/** Requests per minute per address on the tenants' pages; generous for a family on one router, tight for a scan. */
const PAGE_PER_MINUTE = 60;
const ACK_PER_MINUTE = 10;

/** The token from the path, or '' for anything that cannot be one (checked before any lookup). */
function tokenOf(req: FastifyRequest): string {
  const token = (req.params as { token?: string }).token ?? '';
  return token.length === DOWNLOAD_TOKEN_LENGTH ? token : '';
}

function sendPage(reply: FastifyReply, state: PageState, token: string) {
  const page = renderDownloadPage(state, token);
  return reply
    .status(page.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex, nofollow')
    .send(page.html);
}

/**
 * The tenants' side (D70), without a session: the page, the file and "Potwierdzam odbiór". A token of the wrong
 * length, a forged one and one naming nothing all get the same 404 page; nothing else about it is said.
 */
async function tenantRoutes(app: Parameters<FastifyPluginAsyncZod>[0], links: DownloadLinksService) {
  publicRoutes(app);
  // The page's form posts an empty urlencoded body; nothing in it is read.
  app.addContentTypeParser('application/x-www-form-urlencoded', { bodyLimit: 1024 }, (_req, _body, done) =>
    done(null, {}),
  );
  const visitor = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] });
  const page = { config: { rateLimit: { max: PAGE_PER_MINUTE, timeWindow: 60_000 } }, schema: { hide: true } };

  app.get('/d/:token', page, async (req, reply) => {
    const token = tokenOf(req);
    return sendPage(reply, token ? await links.pageState(token) : { kind: 'unknown' }, token);
  });
  app.get('/d/:token/plik', page, async (req, reply) => {
    const token = tokenOf(req);
    if (!token) return sendPage(reply, { kind: 'unknown' }, token);
    const { state, file } = await links.download(token, visitor(req));
    if (!file) return sendPage(reply, state, token);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', contentDisposition('attachment', file.filename))
      .header('cache-control', 'no-store')
      .send(file.data);
  });
  app.post(
    '/d/:token/potwierdzam',
    { config: { rateLimit: { max: ACK_PER_MINUTE, timeWindow: 60_000 } }, schema: { hide: true } },
    async (req, reply) => {
      const token = tokenOf(req);
      if (!token) return sendPage(reply, { kind: 'unknown' }, token);
      const state = await links.acknowledge(token, visitor(req));
      // Post/redirect/get: the page then shows the acknowledgement; a reload does not post again.
      if (state.kind === 'ok') return reply.redirect(`/d/${token}`, 303);
      return sendPage(reply, state, token);
    },
  );
}

/** Download links (D70): the tenants' pages, and for the office the state of a message's links and revocation. */
export const downloadLinksRoutes: FastifyPluginAsyncZod<{
  messages: MessagesService;
  downloadLinks: DownloadLinksService;
}> = async (app, { messages, downloadLinks }) => {
  const tags = ['download-links'];
  const params = z.object({ id: Id });

  await app.register(async (tenant) => tenantRoutes(tenant, downloadLinks));

  app.get(
    '/api/messages/:id/download-links',
    {
      config: { scope: 'messages:read' },
      schema: {
        tags,
        summary: "A message's download links: expiry, revocation, downloads and the tenant's acknowledgement",
        params,
        response: { 200: MessageDownloadLinks },
      },
    },
    async (req) => downloadLinks.stateOf(actorOf(req), req.params.id),
  );
  app.post(
    '/api/messages/:id/download-links/revoke',
    {
      config: { scope: 'messages:write' },
      onRequest: beforeRow(messages.assertVisible),
      schema: {
        tags,
        summary: "Revoke a message's download links now (audited); the tenant's page then says so",
        params,
        response: { 200: MessageDownloadLinks },
      },
    },
    async (req) => downloadLinks.revoke(actorOf(req), req.params.id),
  );
  app.get(
    '/api/accounts/:id/download-links',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'How an account sends PDFs (attachment, link, both) and how many days a link works (admin)',
        params,
        response: { 200: DownloadLinkSettings },
      },
    },
    async (req) => downloadLinks.accountSettings(req.params.id),
  );
  app.put(
    '/api/accounts/:id/download-links',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Set an account's link mode and lifetime for messages queued from now on (admin; audited)",
        params,
        body: DownloadLinkSettings,
        response: { 200: DownloadLinkSettings },
      },
    },
    async (req) => downloadLinks.setAccountSettings(actorOf(req), req.params.id, req.body),
  );
};

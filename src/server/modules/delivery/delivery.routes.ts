import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HoldResult, ReleaseResult, RetryNowResult } from '../../../shared/accounts.js';
import {
  BulkInput,
  BulkResult,
  MessageQueueInput,
  QueueInput,
  ResendResult,
  TestSendResult,
} from '../../../shared/messages.js';
import { Id, z } from '../../../shared/zod.js';
import { actorOf, contentDisposition } from '../../http/auth-hook.js';
import { before, beforeRow } from '../../http/guards.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { MessagesService } from '../messages/messages.service.js';
import type { DeliveryService } from './delivery.service.js';
import type { ProofService } from './proof.service.js';

export const deliveryRoutes: FastifyPluginAsyncZod<{
  accounts: AccountsService;
  delivery: DeliveryService;
  proof: ProofService;
  messages: MessagesService;
}> = async (app, { accounts, delivery, proof, messages }) => {
  const tags = ['delivery'];
  const params = z.object({ id: Id });

  app.post(
    '/api/messages/queue',
    {
      config: { scope: 'messages:write' },
      onRequest: before(accounts.assertHasAccounts),
      schema: {
        tags,
        summary: 'Move drafts to the outbox (freezes each message); by ids or by mailbox filter; dryRun counts',
        body: QueueInput,
        response: { 200: BulkResult },
      },
    },
    async (req) => {
      delivery.assertSendAt(req.body.sendAt);
      return delivery.queue(actorOf(req), req.body);
    },
  );
  app.post(
    '/api/messages/resend',
    {
      config: { scope: 'messages:write' },
      onRequest: before(accounts.assertHasAccounts),
      schema: {
        tags,
        summary: 'Resend failed (or sent) messages: each as a new message with its own Message-ID, linked to it',
        body: BulkInput,
        response: { 200: ResendResult },
      },
    },
    async (req) => delivery.resend(actorOf(req), req.body),
  );
  app.post(
    '/api/messages/cancel',
    {
      config: { scope: 'messages:write' },
      onRequest: before(accounts.assertHasAccounts),
      schema: {
        tags,
        summary: 'Cancel messages that have not gone out',
        body: BulkInput,
        response: { 200: BulkResult },
      },
    },
    async (req) => delivery.cancel(actorOf(req), req.body),
  );
  app.post(
    '/api/messages/:id/queue',
    {
      config: { scope: 'messages:write' },
      onRequest: beforeRow(messages.assertVisible),
      schema: {
        tags,
        summary: 'Queue one draft (optionally for later)',
        params,
        body: MessageQueueInput,
        response: { 200: BulkResult },
      },
    },
    async (req) => {
      const sendAt = req.body?.sendAt ?? null;
      delivery.assertSendAt(sendAt);
      // One named message: a missing one is 404 and another position's is 403, as for every single-message route.
      await delivery.visibleMessage(actorOf(req), req.params.id);
      return delivery.queue(actorOf(req), { selection: { ids: [req.params.id] }, dryRun: false, sendAt });
    },
  );
  app.post(
    '/api/messages/:id/resend',
    {
      config: { scope: 'messages:write' },
      onRequest: beforeRow(messages.assertVisible),
      schema: {
        tags,
        summary: 'Resend one message as a new message (own Message-ID, References to this one)',
        params,
        response: { 200: ResendResult },
      },
    },
    async (req) => {
      await delivery.visibleMessage(actorOf(req), req.params.id);
      return delivery.resend(actorOf(req), { selection: { ids: [req.params.id] }, dryRun: false });
    },
  );
  app.post(
    '/api/messages/:id/test-send',
    {
      onRequest: beforeRow(messages.assertVisible),
      schema: {
        tags,
        summary: 'Send the message, marked [TEST], to my own address now',
        params,
        response: { 200: TestSendResult },
      },
    },
    async (req) => proof.testSend(actorOf(req), req.params.id),
  );
  app.get(
    '/api/messages/:id/eml',
    { config: { scope: 'messages:read' }, schema: { tags, summary: 'The frozen message as sent (.eml)', params } },
    async (req, reply) => {
      const file = await proof.eml(actorOf(req), req.params.id);
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .send(file.data);
    },
  );
  app.get(
    '/api/messages/:id/feedback/:eventId/eml',
    {
      config: { scope: 'messages:read' },
      schema: {
        tags,
        summary: 'The raw feedback report (bounce, read receipt, reply…) as it came, kept beside the proof (.eml)',
        params: z.object({ id: Id, eventId: Id }),
      },
    },
    async (req, reply) => {
      const file = await proof.rawReport(actorOf(req), req.params.id, req.params.eventId);
      return reply
        .header('content-type', 'message/rfc822')
        .header('content-disposition', contentDisposition('attachment', file.filename))
        .send(file.data);
    },
  );
  app.get(
    '/api/messages/:id/receipt.pdf',
    {
      config: { scope: 'messages:read' },
      schema: { tags, summary: 'Proof of sending (potwierdzenie wysyłki) as a one-page PDF', params },
    },
    async (req, reply) => {
      const file = await proof.receipt(actorOf(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('inline', file.filename))
        .send(file.data);
    },
  );
  app.post(
    '/api/accounts/:id/hold',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Pause sending from an account (admin); its waiting messages are held',
        params,
        response: { 200: HoldResult },
      },
    },
    async (req) => delivery.holdAccount(actorOf(req), req.params.id),
  );
  app.post(
    '/api/accounts/:id/retry-now',
    {
      // An administrator, or a clerk of a position that sends from this account.
      onRequest: beforeRow(accounts.assertUsable),
      schema: {
        tags,
        summary:
          "Try the account's waiting messages now (after a fix): held for its failures and waiting for a retry become due, an open circuit gets its trial now",
        params,
        response: { 200: RetryNowResult },
      },
    },
    async (req) => delivery.retryAccountNow(actorOf(req), req.params.id),
  );
  app.post(
    '/api/accounts/:id/release',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Resume an account (admin): closes its circuit, held messages return to the queue',
        params,
        response: { 200: ReleaseResult },
      },
    },
    async (req) => delivery.releaseAccount(actorOf(req), req.params.id),
  );
};

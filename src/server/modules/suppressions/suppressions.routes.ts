import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  BlockedAddress,
  BlockedQuery,
  CorrectedSendInput,
  CorrectedSendResult,
  PaperResult,
  RecipientDelivery,
  UnblockInput,
  UnblockResult,
} from '../../../shared/suppressions.js';
import { Id, pageOf, z } from '../../../shared/zod.js';
import { actorOf } from '../../http/auth-hook.js';
import { beforeRow } from '../../http/guards.js';
import type { RepairsService } from '../delivery/repairs.service.js';
import type { MessagesService } from '../messages/messages.service.js';
import type { RecipientsService } from '../recipients/recipients.service.js';
import type { SuppressionsService } from './suppressions.service.js';

/** Blocked addresses and repairing a message whose address was refused (issue 11, points 3 and 4). */
export const suppressionsRoutes: FastifyPluginAsyncZod<{
  repairs: RepairsService;
  messages: MessagesService;
  recipients: RecipientsService;
  suppressions: SuppressionsService;
}> = async (app, { repairs, messages, recipients, suppressions }) => {
  const tags = ['suppressions'];
  const params = z.object({ id: Id });

  app.get(
    '/api/suppressions',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Blocked addresses (admin), newest first; q searches the address',
        querystring: BlockedQuery,
        response: { 200: pageOf(BlockedAddress) },
      },
    },
    async (req) => suppressions.list(actorOf(req), req.query),
  );
  app.delete(
    '/api/suppressions/:address',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Unblock an address (admin): audited; its held messages go back to the queue',
        params: z.object({ address: z.string().trim().min(3).max(320) }),
        response: { 200: UnblockResult },
      },
    },
    async (req) => suppressions.unblock(actorOf(req), req.params.address, 'settings'),
  );
  app.get(
    '/api/recipients/:id/delivery',
    {
      onRequest: beforeRow(recipients.assertInScope),
      schema: {
        tags,
        summary: "Each of the recipient's addresses with its state, and the recipient's messages",
        params,
        response: { 200: RecipientDelivery },
      },
    },
    async (req) => suppressions.recipientDelivery(actorOf(req), req.params.id),
  );
  app.post(
    '/api/recipients/:id/unblock',
    {
      onRequest: beforeRow(recipients.assertInScope),
      schema: {
        tags,
        summary: "Unblock one of the recipient's addresses: audited; its held messages go back to the queue",
        params,
        body: UnblockInput,
        response: { 200: UnblockResult },
      },
    },
    async (req) => suppressions.unblockForRecipient(actorOf(req), req.params.id, req.body.address),
  );
  app.post(
    '/api/messages/:id/unblock',
    {
      onRequest: beforeRow(messages.assertVisible),
      schema: {
        tags,
        summary: "Unblock the message's To address: audited; its held messages go back to the queue",
        params,
        response: { 200: UnblockResult },
      },
    },
    async (req) => repairs.unblockForMessage(actorOf(req), req.params.id),
  );
  app.post(
    '/api/messages/:id/send-to-corrected',
    {
      onRequest: beforeRow(repairs.assertCanRepair),
      schema: {
        tags,
        summary:
          "Send a failed (or held for a blocked address) message to one of the recipient's current addresses, as a new message",
        params,
        body: CorrectedSendInput,
        response: { 201: CorrectedSendResult },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await repairs.sendToCorrected(actorOf(req), req.params.id, req.body.address)),
  );
  app.post(
    '/api/messages/:id/paper',
    {
      onRequest: beforeRow(messages.assertVisible),
      schema: {
        tags,
        summary:
          "Send a message whose address was refused (held for a blocked address, failed, bounced) on paper: its document joins its batch's paper pack; audited",
        params,
        response: { 200: PaperResult },
      },
    },
    async (req) => repairs.sendToPaper(actorOf(req), req.params.id),
  );
};

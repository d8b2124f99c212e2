import {
  Account,
  AccountCreate,
  AccountUpdate,
  ConnectionTestResult,
  HoldResult,
  ReleaseResult,
  RetryNowResult,
} from '../accounts.js';
import { DownloadLinkSettings, MessageDownloadLinks } from '../download-links.js';
import {
  FeedbackMailbox,
  FeedbackMailboxCreate,
  FeedbackMailboxUpdate,
  MailboxTestResult,
} from '../feedback-mailboxes.js';
import { AccountPdfPassword, PdfPasswordStatus, TypePdfPasswords } from '../pdf-password.js';
import { ErasurePreview, RetentionPolicy, RetentionSettings } from '../retention.js';
import { AccountRodoFooter, InstallationRodoFooter, RodoFooterInput } from '../rodo.js';
import { StorageUsage } from '../storage.js';
import { EffectiveTemplate, Preview, PreviewInput, TemplateBody, TemplateFilter, TemplateQuery } from '../templates.js';
import {
  DeliveriesQuery,
  ReplayResult,
  Webhook,
  WebhookCreate,
  WebhookCreated,
  WebhookDelivery,
  WebhookSecretRotation,
  WebhookUpdate,
} from '../webhooks.js';
import { z } from '../zod.js';
import type { EndpointTable } from './endpoint.js';

/** Sending accounts, feedback mailboxes, webhooks and the settings tabs. */
export const settingsEndpoints = {
  'GET /api/accounts': { response: z.array(Account) },
  'POST /api/accounts': { body: AccountCreate, status: 201, response: Account },
  'PATCH /api/accounts/:id': { body: AccountUpdate, response: Account },
  'DELETE /api/accounts/:id/feedback-alarm': { response: Account },
  'POST /api/accounts/:id/test': { response: ConnectionTestResult },
  'POST /api/accounts/:id/hold': { response: HoldResult },
  'POST /api/accounts/:id/retry-now': { response: RetryNowResult },
  'POST /api/accounts/:id/release': { response: ReleaseResult },
  'GET /api/accounts/:id/download-links': { response: DownloadLinkSettings },
  'PUT /api/accounts/:id/download-links': { body: DownloadLinkSettings, response: DownloadLinkSettings },
  'GET /api/messages/:id/download-links': { response: MessageDownloadLinks },
  'POST /api/messages/:id/download-links/revoke': { response: MessageDownloadLinks },

  'GET /api/settings/pdf-password': { response: PdfPasswordStatus },
  'PUT /api/settings/pdf-password': { body: TypePdfPasswords, response: PdfPasswordStatus },
  'GET /api/accounts/:id/pdf-password': { response: AccountPdfPassword },
  'PUT /api/accounts/:id/pdf-password': { body: AccountPdfPassword, response: AccountPdfPassword },
  'GET /api/settings/rodo-footer': { response: InstallationRodoFooter },
  'PUT /api/settings/rodo-footer': { body: RodoFooterInput, response: InstallationRodoFooter },
  'GET /api/accounts/:id/rodo-footer': { response: AccountRodoFooter },
  'PUT /api/accounts/:id/rodo-footer': { body: InstallationRodoFooter, response: AccountRodoFooter },
  'GET /api/settings/retention': { response: RetentionSettings },
  'PUT /api/settings/retention': { body: RetentionPolicy, response: RetentionSettings },
  'GET /api/recipients/:id/erasure': { response: ErasurePreview },
  'POST /api/recipients/:id/erasure': { response: ErasurePreview },
  'GET /api/admin/storage': { response: StorageUsage },

  'GET /api/feedback-mailboxes': { response: z.array(FeedbackMailbox) },
  'POST /api/feedback-mailboxes': { body: FeedbackMailboxCreate, status: 201, response: FeedbackMailbox },
  'PATCH /api/feedback-mailboxes/:id': { body: FeedbackMailboxUpdate, response: FeedbackMailbox },
  'DELETE /api/feedback-mailboxes/:id': {},
  'POST /api/feedback-mailboxes/:id/test': { response: MailboxTestResult },

  'GET /api/webhooks': { response: z.array(Webhook) },
  'POST /api/webhooks': { body: WebhookCreate, status: 201, response: WebhookCreated },
  'PATCH /api/webhooks/:id': { body: WebhookUpdate, response: Webhook },
  'POST /api/webhooks/:id/secret': { body: WebhookSecretRotation, response: WebhookCreated },
  'DELETE /api/webhooks/:id': {},
  'GET /api/webhooks/:id/deliveries': { query: DeliveriesQuery, response: z.array(WebhookDelivery) },
  'POST /api/webhooks/:id/deliveries/:deliveryId/replay': { status: 201, response: ReplayResult },

  'GET /api/templates/filters': { response: z.array(TemplateFilter) },
  'GET /api/templates/:type': { query: TemplateQuery, response: EffectiveTemplate },
  'PUT /api/templates/:type': { body: TemplateBody, response: EffectiveTemplate },
  'DELETE /api/templates/:type': { response: EffectiveTemplate },
  'PUT /api/templates/:type/accounts/:accountId': { body: TemplateBody, response: EffectiveTemplate },
  'DELETE /api/templates/:type/accounts/:accountId': { response: EffectiveTemplate },
  'POST /api/templates/preview': { body: PreviewInput, response: Preview },
} satisfies EndpointTable;

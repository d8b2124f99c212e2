import { RecipientImportPreview, RecipientImportPreviewQuery, RecipientImportResult } from '../imports.js';
import { Property, Unit, UnitListQuery } from '../properties.js';
import { Recipient, RecipientInput, RecipientListQuery, RecipientUpdate } from '../recipients.js';
import {
  BlockedAddress,
  BlockedQuery,
  CorrectedSendInput,
  CorrectedSendResult,
  PaperResult,
  RecipientDelivery,
  UnblockInput,
  UnblockResult,
} from '../suppressions.js';
import { TriageDecisionInput, TriageDecisionResult, TriageDetail, TriageItem, TriageQuery } from '../triage.js';
import { pageOf, z } from '../zod.js';
import type { EndpointTable } from './endpoint.js';

/** Properties, units, recipients, their import, blocked addresses and the triage of unmatched mail. */
export const registryEndpoints = {
  'GET /api/properties': { response: z.array(Property) },
  'GET /api/units': { query: UnitListQuery, response: pageOf(Unit) },
  'GET /api/units/:id': { response: Unit },

  'GET /api/recipients': { query: RecipientListQuery, response: pageOf(Recipient) },
  'GET /api/recipients/:id': { response: Recipient },
  'POST /api/recipients': { body: RecipientInput, status: 201, response: Recipient },
  'PATCH /api/recipients/:id': { body: RecipientUpdate, response: Recipient },
  'POST /api/imports/recipients/preview': {
    query: RecipientImportPreviewQuery,
    body: 'multipart',
    response: RecipientImportPreview,
  },
  'POST /api/imports/recipients': { body: 'multipart', response: RecipientImportResult },

  'GET /api/suppressions': { query: BlockedQuery, response: pageOf(BlockedAddress) },
  'DELETE /api/suppressions/:address': { response: UnblockResult },
  'GET /api/recipients/:id/delivery': { response: RecipientDelivery },
  'POST /api/recipients/:id/unblock': { body: UnblockInput, response: UnblockResult },
  'POST /api/messages/:id/unblock': { response: UnblockResult },
  'POST /api/messages/:id/send-to-corrected': { body: CorrectedSendInput, status: 201, response: CorrectedSendResult },
  'POST /api/messages/:id/paper': { response: PaperResult },

  'GET /api/triage': { query: TriageQuery, response: pageOf(TriageItem) },
  'GET /api/triage/:id': { response: TriageDetail },
  'POST /api/triage/:id/decision': { body: TriageDecisionInput, response: TriageDecisionResult },
} satisfies EndpointTable;

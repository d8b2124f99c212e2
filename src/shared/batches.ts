import { DocumentTypeName, Period } from './documents.js';
import { DownloadLinkDays, DownloadLinkMode } from './download-links.js';
import { PdfPasswordRule } from './pdf-password.js';
import { TemplateBody } from './templates.js';
import { Cursor, Id, IsoDateTime, Limit, optionalText, z } from './zod.js';

export const BatchStatus = z.enum(['new', 'running', 'ready', 'failed']);
export type BatchStatus = z.infer<typeof BatchStatus>;

/** Which documents a batch takes: any combination narrows the set; at least one must be given. */
export const BatchSelection = z
  .strictObject({
    period: Period.optional(),
    propertyId: Id.optional(),
    importId: z.string().trim().max(100).optional(),
    documentIds: z.array(Id).min(1).max(50_000).optional(),
  })
  .refine((s) => s.period || s.propertyId || s.importId || s.documentIds, {
    message: 'Wskaż dokumenty: okres, nieruchomość, import albo listę dokumentów.',
  });
export type BatchSelection = z.infer<typeof BatchSelection>;

export const BatchCreate = z.strictObject({
  name: optionalText(200).optional(),
  documentType: DocumentTypeName,
  positionId: Id,
  /** An account bound to the position; by default the position's default account. */
  accountId: Id.optional(),
  selection: BatchSelection,
  /** The template for this batch; by default the account's, else the installation's, else the built-in one. */
  template: TemplateBody.optional(),
  /**
   * Send again what was already sent to the same address (the same document, or one of the same type, unit and
   * period; queued or on its way counts as sent). Off by default: such addresses are left out. Audited.
   */
  includeAlreadySent: z.boolean().default(false),
  /**
   * Ask for read receipts (Disposition-Notification-To) on this batch's messages; omitted: as the account says.
   * Recipients may decline to send one.
   */
  readReceipt: z.boolean().optional(),
  /** How the PDFs go (attachment, link, both) and for how many days a link works; omitted: as the account (D70). */
  downloadLinks: z.strictObject({ mode: DownloadLinkMode.optional(), days: DownloadLinkDays.optional() }).optional(),
  /**
   * "Wymagana forma pisemna": every document of the batch goes to the paper pack (reason `written_form`). Fee notices
   * to tenants go there without it (art. 8a uopl, D68). Off by default.
   */
  writtenForm: z.boolean().default(false),
  /**
   * Password-protect the PDFs of this batch's e-mails (D71): overrides the document type's and the account's rule;
   * `{kind: 'off'}` sends them without one. Omitted: as the type says, else the account.
   */
  pdfPassword: PdfPasswordRule.optional(),
});
export type BatchCreate = z.infer<typeof BatchCreate>;

/**
 * What a batch's name was made of when nobody typed one: its document type and period (or, without a period, the day
 * it was made). The client builds the name from these in the reader's language; `null` for a name someone typed.
 */
export const BatchNameParts = z.object({
  documentType: DocumentTypeName,
  period: z.string().nullable(),
  date: z.string().nullable(),
});
export type BatchNameParts = z.infer<typeof BatchNameParts>;

/** An earlier batch (or single messages: batchId null) that already sent documents of this selection. */
export const EarlierSending = z.object({
  batchId: Id.nullable(),
  name: z.string().nullable(),
  /** Absent in what was stored with batches made before names had parts. */
  nameParts: BatchNameParts.nullish(),
  /** Documents of this selection it sent, and to how many addresses in all. */
  documents: z.number().int(),
  messages: z.number().int(),
  /** When the last of them was sent (or queued, if not sent yet). */
  lastAt: z.string(),
});

/** What of a selection was already sent (or is queued / on its way), found before anything is made. */
export const AlreadySent = z.object({
  documents: z.number().int(),
  messages: z.number().int(),
  earlier: z.array(EarlierSending),
});
export type AlreadySent = z.infer<typeof AlreadySent>;

/** Before a batch is made: how many documents the selection takes and what of them was already sent. */
export const BatchPreviewInput = z.strictObject({
  documentType: DocumentTypeName,
  /** Only the properties this position serves; without it, those of every position of the user (all for admins). */
  positionId: Id.optional(),
  selection: BatchSelection,
});
/** A recipient for whom a fee notice's new fees start before the notice period allows (D68). */
export const NoticeWarning = z.object({
  documentId: Id,
  title: z.string(),
  recipient: z.string(),
  relation: z.enum(['owner', 'co_owner', 'tenant', 'member']),
  validFrom: z.string(),
  /** The earliest first day of the new fees a notice sent today allows. */
  earliest: z.string(),
  rule: z.enum(['usm_4_7', 'usm_4_7_1', 'uopl_8a', 'community_resolution', 'none']),
  /** Why, in Polish. */
  reason: z.string(),
});
export const NoticeWarnings = z.object({ total: z.number().int(), items: z.array(NoticeWarning) });
export type NoticeWarnings = z.infer<typeof NoticeWarnings>;

/**
 * An invoice without its KSeF mark (D72): `no_number` — to a business (the buyer has a NIP) and without a KSeF number;
 * `no_code` — with a KSeF number but without the invoice file's hash, so its PDF has no verification QR code.
 */
export const KsefWarning = z.object({
  documentId: Id,
  title: z.string(),
  buyer: z.string(),
  buyerNip: z.string().nullable(),
  problem: z.enum(['no_number', 'no_code']),
});
export const KsefWarnings = z.object({ total: z.number().int(), items: z.array(KsefWarning) });
export type KsefWarnings = z.infer<typeof KsefWarnings>;

export const BatchPreview = z.object({
  documents: z.number().int(),
  alreadySent: AlreadySent,
  /** Fee notices only: who would get new fees earlier than the notice period allows (not a block). */
  noticeWarnings: NoticeWarnings,
  /** Sales documents only: invoices without a KSeF number or code (not a block; D72). */
  ksefWarnings: KsefWarnings,
});
export type BatchPreview = z.infer<typeof BatchPreview>;

/** The batch's messages by where they are now (live while they are sent). */
export const BatchMessageCounts = z.object({
  drafts: z.number().int(),
  /** Queued, being sent or waiting for another attempt. */
  queued: z.number().int(),
  held: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
});
export type BatchMessageCounts = z.infer<typeof BatchMessageCounts>;

/** Why a recipient's document goes to the paper pack (`address_refused`: sent on paper after its e-mail address was refused). */
export const PaperReason = z.enum(['paper_channel', 'no_consent', 'no_email', 'written_form', 'address_refused']);
export type PaperReason = z.infer<typeof PaperReason>;

/** A sales document that made no message: its buyer matched nobody or several people on the unit, or is not known. */
export const BuyerProblem = z.object({
  documentId: Id,
  title: z.string(),
  reason: z.enum(['buyer_not_found', 'buyer_ambiguous', 'buyer_unknown']),
  /** The buyer's name as the document gives it; null when the document does not name one. */
  buyer: z.string().nullable(),
  /** The people it could be: everyone on the unit, or those of the same name. */
  candidates: z.array(z.string()),
});
export type BuyerProblem = z.infer<typeof BuyerProblem>;

export const BatchAttachment = z.object({
  id: Id,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});

export const Batch = z.object({
  id: Id,
  /** As stored: typed by a user, or made in Polish from `nameParts`. */
  name: z.string(),
  nameParts: BatchNameParts.nullable(),
  documentType: DocumentTypeName,
  positionId: Id,
  accountId: Id,
  status: BatchStatus,
  /** Documents selected. */
  total: z.number().int(),
  /** Documents processed so far (progress: done / total). */
  done: z.number().int(),
  /** Drafts made (one per e-mail address). */
  emailCount: z.number().int(),
  /** Recipient documents in the paper pack. */
  paperCount: z.number().int(),
  paperByReason: z.record(PaperReason, z.number().int()),
  /** Sales documents sent to nobody because their buyer could not be told among the unit's people (D63). */
  buyerProblems: z.array(BuyerProblem),
  /** Where the batch's messages are now. */
  messages: BatchMessageCounts,
  includeAlreadySent: z.boolean(),
  /** Written form required by the clerk: everything on paper (D68). */
  writtenForm: z.boolean(),
  /** Read receipts asked for on this batch's messages; null: as its account says. */
  readReceipt: z.boolean().nullable(),
  /** The batch's own PDF password rule (D71); null: as its document type, else its account. */
  pdfPassword: PdfPasswordRule.nullable(),
  /** The batch's own link mode and lifetime; nulls: as its account (D70). */
  downloadLinks: z.object({ mode: DownloadLinkMode.nullable(), days: z.number().int().nullable() }).optional(),
  /** What of the selection had already been sent when the batch was made. */
  alreadySent: AlreadySent.nullable(),
  /** Addresses left out by the run because they already had the document. */
  skippedAlreadySent: z.number().int(),
  error: z.string().nullable(),
  hasPaperPack: z.boolean(),
  template: z.object({ subject: z.string(), html: z.string(), text: z.string() }),
  selection: z.record(z.string(), z.unknown()),
  attachments: z.array(BatchAttachment),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Batch = z.infer<typeof Batch>;

export const BatchListQuery = z.object({ cursor: Cursor, limit: Limit });

export const BatchItem = z.object({
  documentId: Id,
  recipientId: Id,
  recipientName: z.string(),
  address: z.string(),
  channel: z.enum(['email', 'paper']),
  /** Paper: why; e-mail: 'already_sent' when the address was left out (no message made). */
  reason: z.union([PaperReason, z.literal('already_sent')]).nullable(),
  messageId: Id.nullable(),
  title: z.string(),
});
export type BatchItem = z.infer<typeof BatchItem>;

export const BatchItemsQuery = z.object({
  channel: z.enum(['email', 'paper']).optional(),
  cursor: Cursor,
  limit: Limit,
});

export const BatchQueueInput = z.strictObject({
  sendAt: IsoDateTime.nullable().default(null),
  dryRun: z.boolean().default(false),
});

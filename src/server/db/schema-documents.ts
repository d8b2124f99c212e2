import type { Generated } from 'kysely';

/** Tables of documents, templates and batches (migration 0003); part of `Database` in schema.ts. */

export type DocumentSource = 'data' | 'api' | 'zip' | 'printout';

export interface TemplatesTable {
  id: string;
  document_type: string;
  /** null: the installation's default for the type; else the account's own subject and body. */
  account_id: string | null;
  subject: string;
  html: string;
  text: string;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DocumentsTable {
  id: string;
  type: string;
  source: DocumentSource;
  /** What identified the recipient: a unit's or recipient's external key, or an NRB. */
  recipient_key: string;
  recipient_id: string | null;
  unit_id: string | null;
  property_id: string | null;
  /** Settlement month `YYYY-MM`. */
  period: string;
  title: string;
  /** JSON: the type's data (normalised) or the merge fields that came with a ready PDF. */
  data: string;
  /** JSON: issuer, recipient and unit as printed on the PDF (DocumentParties). */
  parties: string;
  pdf_sha256: string;
  pdf_size: number;
  filename: string;
  import_id: string | null;
  created_by: string | null;
  created_at: string;
}

export type BatchStatus = 'new' | 'running' | 'ready' | 'failed';

export interface BatchesTable {
  id: string;
  name: string;
  document_type: string;
  position_id: string;
  account_id: string;
  /** JSON {subject, html, text}: the template as chosen when the batch was made. */
  template: string;
  /** JSON: which documents (period, propertyId, importId, documentIds). */
  selection: string;
  status: BatchStatus;
  total: Generated<number>;
  done: Generated<number>;
  email_count: Generated<number>;
  paper_count: Generated<number>;
  /** 'yes' when the clerk chose to send again what was already sent (to the same address). */
  include_sent: Generated<'yes' | 'no'>;
  /** 'yes' when the clerk required written form: every document goes to the paper pack (migration 0027, D68). */
  written_form: Generated<'yes' | 'no'>;
  /** JSON AlreadySent: what of the selection had already been sent when the batch was made; null before. */
  already_sent: string | null;
  /** Read receipts for this batch's messages: 'yes' / 'no', or null to follow the account (migration 0013). */
  read_receipt: 'yes' | 'no' | null;
  /** JSON PdfPasswordRule for this batch's PDFs; null: as its document type, else its account (migration 0029, D71). */
  pdf_password: Generated<string | null>;
  /** How this batch's messages carry PDFs and for how many days a link works; null: as the account (0028, D70). */
  download_link_mode: Generated<'attachment' | 'link' | 'both' | null>;
  download_link_days: Generated<number | null>;
  error: string | null;
  /** JSON BuyerProblem[]: sales documents whose buyer matched nobody or several people (migration 0024). */
  buyer_problems: Generated<string | null>;
  paper_pack_sha256: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface BatchAttachmentsTable {
  id: string;
  batch_id: string;
  blob_sha256: string;
  filename: string;
  content_type: string;
  size: number;
  position: number;
}

export interface BatchItemsTable {
  batch_id: string;
  document_id: string;
  recipient_id: string;
  /** '' for a paper item. */
  address: string;
  channel: 'email' | 'paper';
  /** Why paper: 'paper_channel' | 'no_consent' | 'no_email' | 'suppressed'. */
  reason: string | null;
  message_id: string | null;
  created_at: string;
}

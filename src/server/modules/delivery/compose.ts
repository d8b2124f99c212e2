import { contentRemovedText } from '../../../shared/retention.js';
import type { RodoFooter } from '../../../shared/rodo.js';
import type { Db, Row } from '../../db/schema.js';
import { VERP_KEY_PURPOSE } from '../../feedback/verp-token.js';
import type { SecretBox } from '../../lib/crypto.js';
import { ConflictError } from '../../lib/errors.js';
import { secretAad } from '../../mail/account-secrets.js';
import { envelopeFrom, type FreezeInput, freezeMime } from '../../mail/mime.js';
import type { LinkApplier } from '../download-links/download-links.service.js';
import type { MessagesRepository } from '../messages/messages.repository.js';
import { protectPdfs } from '../pdf-password/protect.js';
import { effectiveFooter, withFooter } from '../rodo/rodo-footer.js';
import type { DeliveryRepository } from './delivery.repository.js';

const verpKeys = new WeakMap<SecretBox, Buffer>();

/** The key that signs VERP tokens, derived from the instance key (D46); derived once per box (D85). */
export function verpKeyOf(secrets: SecretBox): Buffer {
  let key = verpKeys.get(secrets);
  if (!key) {
    key = secrets.deriveKey(VERP_KEY_PURPOSE);
    verpKeys.set(secrets, key);
  }
  return key;
}

/** Read receipts are asked for when the message's batch says so, or, when it says nothing, its account (D46). */
export function wantsReadReceipt(account: Row<'smtp_accounts'>, batchChoice: 'yes' | 'no' | null): boolean {
  return (batchChoice ?? account.read_receipt) === 'yes';
}

/** What composing reads about a message: its body, its attachments with their bytes, its batch's receipt choice, the footer. */
export interface ComposeSource {
  body: { html: string; text: string } | undefined;
  attachments: Awaited<ReturnType<DeliveryRepository['attachmentsWithData']>>;
  batchChoice: 'yes' | 'no' | null;
  footer: RodoFooter | null;
}

/** The database reads behind one message's composition (queueing reads a whole chunk at once: freeze-chunk.ts). */
export async function loadComposeSource(
  deps: { db: Db; messages: MessagesRepository; delivery: DeliveryRepository },
  message: Row<'messages'>,
  account: Row<'smtp_accounts'>,
): Promise<ComposeSource> {
  const { db, messages, delivery } = deps;
  const [body, attachments, batchChoice, footer] = await Promise.all([
    messages.findBody(db, message.id),
    delivery.attachmentsWithData(db, message.id),
    delivery.batchReadReceipt(db, message.batch_id),
    effectiveFooter(db, account),
  ]);
  return { body, attachments, batchChoice, footer };
}

export interface ComposeDeps {
  db: Db;
  messages: MessagesRepository;
  delivery: DeliveryRepository;
  secrets: SecretBox;
  /** Signed download links (D70); without it the files go as attachments, as before. */
  links?: LinkApplier;
}

export interface ComposeOptions {
  date: Date;
  to?: { name: string; address: string };
  subjectPrefix?: string;
  /** A new message made from this one's content (a resend, a test send): its own id and Message-ID. */
  as?: { id: string; messageIdHeader: string };
  references?: string[];
}

/**
 * Renders a message's MIME from its current content and account (used to freeze it, and for test sends), with
 * the envelope sender it goes out with: a read receipt, when asked for, goes to that same address. `source`, when
 * given, is what loadComposeSource would read.
 */
export async function composeMessage(
  deps: ComposeDeps,
  message: Row<'messages'>,
  account: Row<'smtp_accounts'>,
  options: ComposeOptions,
  source?: ComposeSource,
): Promise<{ raw: Buffer; envelopeFrom: string }> {
  const { input, envelopeFrom: sender } = await prepareMessage(deps, message, account, options, source);
  return { raw: await freezeMime(input), envelopeFrom: sender };
}

/**
 * Everything composing decides, as the input of freezeMime, which alone builds the bytes (pure CPU work that
 * queueing runs on worker threads: mail/mime-pool.ts, D85). Reads the database only for signed links and PDF
 * passwords.
 */
export async function prepareMessage(
  deps: ComposeDeps,
  message: Row<'messages'>,
  account: Row<'smtp_accounts'>,
  options: ComposeOptions,
  source?: ComposeSource,
): Promise<{ input: FreezeInput; envelopeFrom: string }> {
  const { db, secrets } = deps;
  // Nothing to send again once retention removed the content (D76): an empty message must not go out.
  if (message.content_removed_at) throw new ConflictError(contentRemovedText(message.content_removed_at));
  const {
    body,
    attachments: stored,
    batchChoice,
    footer,
  } = source ?? (await loadComposeSource(deps, message, account));
  const base = { body: { html: body?.html ?? '', text: body?.text ?? '' }, attachments: stored, footer };
  // The account's or batch's link mode (D70): links in both parts, the files attached, linked, or both.
  const linked = deps.links
    ? await deps.links.apply(db, {
        ...base,
        message,
        account,
        sendId: options.as?.id ?? message.id,
        date: options.date,
      })
    : base;
  // The document's PDF, when it is still attached, encrypted when a password is asked for, and how to open it said
  // in both parts (D71). A link serves the document as stored: the signed link is its own secret (D70).
  const sealed = await protectPdfs(db, message, linked.attachments, linked.body);
  // Every message built here carries the RODO footer of the moment it is built (D66): a frozen one keeps its own.
  const parts = withFooter(sealed.body, linked.footer);
  const sender = envelopeFrom(
    account.feedback_address,
    account.envelope_mode,
    options.as?.id ?? message.id,
    verpKeyOf(secrets),
  );
  const dkim =
    account.dkim_domain && account.dkim_selector && account.dkim_key_enc
      ? {
          domain: account.dkim_domain,
          selector: account.dkim_selector,
          privateKey: secrets.open(account.dkim_key_enc, secretAad(account.id, 'dkim_key')),
        }
      : null;
  const input: FreezeInput = {
    messageId: options.as?.id ?? message.id,
    messageIdHeader: options.as?.messageIdHeader ?? message.message_id_header,
    // A reply written in Odebrane (D49) keeps the thread it was made in; a resend names the message it repeats.
    references: options.references ?? message.references_header?.split(' ').filter(Boolean),
    inReplyTo: options.as ? undefined : (message.in_reply_to ?? undefined),
    from: { name: account.from_name, address: account.from_address },
    replyTo: account.feedback_address,
    to: options.to ?? { name: message.to_name, address: message.to_address },
    subject: `${options.subjectPrefix ?? ''}${message.subject}`,
    html: parts.html,
    text: parts.text,
    date: options.date,
    attachments: sealed.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.content_type,
      // A buffer of its own is not copied again (D85); a view into a larger one is, so that handing it to a MIME
      // thread copies only its bytes.
      content: Buffer.isBuffer(a.data) && a.data.byteLength === a.data.buffer.byteLength ? a.data : Buffer.from(a.data),
    })),
    dkim,
    ...(wantsReadReceipt(account, batchChoice) ? { dispositionNotificationTo: sender } : {}),
  };
  return { input, envelopeFrom: sender };
}

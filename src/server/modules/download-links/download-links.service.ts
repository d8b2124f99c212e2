import type { DownloadLinkSettings, MessageDownloadLinks } from '../../../shared/download-links.js';
import type { RodoFooter } from '../../../shared/rodo.js';
import type { Db, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import type { ReceiptLinks } from '../delivery/receipt-links.js';
import {
  boundUserAgent,
  keepsAttachments,
  LINK_RECORD_NOTE,
  linkExpiry,
  type PreparedLink,
  truncateAddress,
  withLinks,
} from './download-links.js';
import type { DownloadLinksRepository } from './download-links.repository.js';
import { DOWNLOAD_LINK_KEY_PURPOSE, makeDownloadToken, readDownloadToken } from './download-token.js';

/** Events listed on a message (newest first); the counts cover them all. */
const EVENTS_SHOWN = 50;

export interface DownloadLinksDeps {
  db: Db;
  repo: DownloadLinksRepository;
  blobs: BlobStore;
  secrets: SecretBox;
  audit: AuditLog;
  clock: Clock;
  /** config.publicUrl: the address tenants reach the web process at. */
  publicUrl: string;
  /** The message as the actor may see it (404 / 403 otherwise), as every single-message action checks. */
  visibleMessage: (actor: Actor, id: string) => Promise<Row<'messages'>>;
}

/** What composeMessage hands over and gets back: the parts, the files to attach and the footer to append. */
export interface LinkInput<A> {
  message: Row<'messages'>;
  account: Row<'smtp_accounts'>;
  /** The id the built message goes out under (a resend's or test's own). */
  sendId: string;
  date: Date;
  body: { html: string; text: string };
  attachments: A[];
  footer: RodoFooter | null;
}
export interface LinkOutput<A> {
  body: { html: string; text: string };
  attachments: A[];
  footer: RodoFooter | null;
}

/** What the tenant's page shows for a token. */
export type PageState = { kind: 'unknown' } | LinkPage;
export interface LinkPage {
  kind: 'ok' | 'expired' | 'revoked';
  messageId: string;
  position: number;
  expiresAt: string;
  subject: string;
  senderName: string;
  contact: string;
  filename: string;
  acknowledgedAt: string | null;
  blobSha256: string;
  size: number;
}

export function createDownloadLinksService(deps: DownloadLinksDeps) {
  const { db, repo, blobs, secrets, audit, clock, publicUrl, visibleMessage } = deps;
  const key = secrets.deriveKey(DOWNLOAD_LINK_KEY_PURPOSE);
  const base = publicUrl.replace(/\/+$/, '');

  const urlOf = (messageId: string, position: number, expiresAt: string) =>
    `${base}/d/${makeDownloadToken({ messageId, position, expiresAt }, key)}`;

  async function pageState(token: string): Promise<PageState> {
    const reading = readDownloadToken(token, key, clock.now());
    if (!reading.ok) return { kind: 'unknown' };
    const { messageId, position, expiresAt } = reading.payload;
    const [page, link] = await Promise.all([
      repo.pageOf(db, messageId, position),
      repo.findLink(db, messageId, position),
    ]);
    // A message never queued (a draft, a test send) or a file no longer there: the link names nothing.
    if (!page || page.status === 'draft' || page.status === 'cancelled') return { kind: 'unknown' };
    const summary = await repo.summaryOf(db, messageId);
    return {
      kind: link?.revoked_at ? 'revoked' : reading.expired ? 'expired' : 'ok',
      messageId,
      position,
      expiresAt,
      subject: page.subject,
      senderName: page.from_name,
      contact: page.feedback_address || page.from_address,
      filename: page.filename,
      acknowledgedAt: summary.acknowledgedAt,
      blobSha256: page.blob_sha256,
      size: page.size,
    };
  }

  async function record(state: LinkPage, kind: 'download' | 'acknowledged', visitor: Visitor) {
    await db.transaction().execute((tx) =>
      repo.recordEvent(tx, {
        id: newId(),
        messageId: state.messageId,
        position: state.position,
        kind,
        at: clock.now().toISOString(),
        network: truncateAddress(visitor.ip),
        userAgent: boundUserAgent(visitor.userAgent),
      }),
    );
  }

  /** The link state shown on a message. */
  async function stateOf(actor: Actor, messageId: string): Promise<MessageDownloadLinks> {
    const message = await visibleMessage(actor, messageId);
    const [links, summary, events] = await Promise.all([
      repo.linksOf(db, message.id),
      repo.summaryOf(db, message.id),
      repo.eventsOf(db, message.id, EVENTS_SHOWN),
    ]);
    const names = new Map(links.map((l) => [l.position, l.filename]));
    return {
      links: links.map((l) => ({
        position: l.position,
        filename: l.filename,
        expiresAt: l.expires_at,
        revokedAt: l.revoked_at,
      })),
      ...summary,
      revokedAt: links.find((l) => l.revoked_at)?.revoked_at ?? null,
      events: events.map((e) => ({
        kind: e.kind,
        at: e.occurred_at,
        filename: names.get(e.position) ?? null,
        network: e.network,
        userAgent: e.user_agent,
      })),
    };
  }

  return {
    /**
     * Called by composeMessage (D70): in 'link' and 'both' modes adds a signed link per attachment to both parts and
     * records it; 'link' leaves the files out of the MIME. The footer gains a sentence about the record.
     */
    async apply<A>(tx: Db, input: LinkInput<A>): Promise<LinkOutput<A>> {
      const { message, account } = input;
      const choice = await repo.batchChoice(tx, message.batch_id);
      const mode = choice.mode ?? account.download_link_mode;
      const unchanged = { body: input.body, attachments: input.attachments, footer: input.footer };
      if (mode === 'attachment' || input.attachments.length === 0) return unchanged;
      const days = choice.days ?? account.download_link_days;
      const expiresAt = linkExpiry(input.date, days);
      const files = await repo.attachmentsOf(tx, message.id);
      const links: PreparedLink[] = files.map((f) => ({
        position: f.position,
        filename: f.filename,
        expiresAt,
        url: urlOf(input.sendId, f.position, expiresAt),
      }));
      await repo.saveLinks(tx, input.sendId, links, input.date.toISOString());
      const footer = input.footer
        ? { ...input.footer, note: [input.footer.note, LINK_RECORD_NOTE].filter(Boolean).join(' ') }
        : null;
      return {
        body: withLinks(input.body, links, !footer),
        attachments: keepsAttachments(mode) ? input.attachments : [],
        footer,
      };
    },

    pageState,

    /** The file behind a live link; records the download. Null when the link does not work (any reason). */
    async download(token: string, visitor: Visitor) {
      const state = await pageState(token);
      if (state.kind !== 'ok') return { state, file: null };
      const data = await blobs.get(db, state.blobSha256);
      await record(state, 'download', visitor);
      return { state, file: { filename: state.filename, data } };
    },

    /** "Potwierdzam odbiór": recorded once per message (the first counts); a repeat changes nothing. */
    async acknowledge(token: string, visitor: Visitor): Promise<PageState> {
      const state = await pageState(token);
      if (state.kind !== 'ok') return state;
      if (!state.acknowledgedAt) {
        await record(state, 'acknowledged', visitor);
        return { ...state, acknowledgedAt: clock.now().toISOString() };
      }
      return state;
    },

    stateOf,

    /** For the receipt PDF: the links, the downloads and the acknowledgement (no access check: the caller did). */
    async receiptOf(messageId: string): Promise<ReceiptLinks> {
      const [links, summary, events] = await Promise.all([
        repo.linksOf(db, messageId),
        repo.summaryOf(db, messageId),
        repo.eventsOf(db, messageId, EVENTS_SHOWN),
      ]);
      return {
        links: links.map((l) => ({ filename: l.filename, expiresAt: l.expires_at, revokedAt: l.revoked_at })),
        downloads: summary.downloads,
        acknowledgedAt: summary.acknowledgedAt,
        events: events.map((e) => ({ kind: e.kind, at: e.occurred_at, network: e.network, userAgent: e.user_agent })),
      };
    },

    /** Revokes a message's links at once (audited); its page then says the link is no longer active. */
    async revoke(actor: Actor, messageId: string): Promise<MessageDownloadLinks> {
      const message = await visibleMessage(actor, messageId);
      await db.transaction().execute(async (tx) => {
        const links = await repo.linksOf(tx, message.id);
        if (links.length === 0) throw new ConflictError('Ta wiadomość nie zawiera linków do pobrania dokumentów.');
        const revoked = await repo.revoke(tx, message.id, actor.userId ?? null, clock.now().toISOString());
        if (revoked === 0) throw new ConflictError('Linki tej wiadomości są już unieważnione.');
        await audit.record(tx, actor, {
          action: 'message.download_links_revoke',
          entityType: 'message',
          entityId: message.id,
          details: { revoked },
        });
      });
      return stateOf(actor, messageId);
    },

    async accountSettings(id: string): Promise<DownloadLinkSettings> {
      const row = await repo.accountSettings(db, id);
      if (!row) throw new NotFoundError('Nie znaleziono konta e-mail.');
      return { mode: row.download_link_mode, days: row.download_link_days };
    },

    /** An account's mode and lifetime for messages built from now on (admin; audited). */
    async setAccountSettings(actor: Actor, id: string, input: DownloadLinkSettings): Promise<DownloadLinkSettings> {
      return db.transaction().execute(async (tx) => {
        const row = await repo.accountSettings(tx, id);
        if (!row) throw new NotFoundError('Nie znaleziono konta e-mail.');
        await repo.setAccountSettings(tx, id, input.mode, input.days, clock.now().toISOString());
        await audit.record(tx, actor, {
          action: 'account.download_links',
          entityType: 'account',
          entityId: id,
          details: { mode: input.mode, days: input.days },
        });
        return input;
      });
    },
  };
}

export interface Visitor {
  ip: string | undefined;
  userAgent: string | undefined;
}

export type DownloadLinksService = ReturnType<typeof createDownloadLinksService>;
/** What composeMessage needs of the service (D70). */
export type LinkApplier = Pick<DownloadLinksService, 'apply' | 'receiptOf'>;

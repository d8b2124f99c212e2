import { simpleParser } from 'mailparser';
import type { CapturedDetail, CapturedSummary } from '../../../shared/sandbox.js';
import type { Db, Row } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { decodeCursor, toPage } from '../../lib/keyset.js';
import { type AccountScope, inScope } from '../accounts/accounts.js';
import type { Actor } from '../auth/auth.js';
import type { BlobStore } from '../blobs/blobs.service.js';
import type { SandboxRepository } from './sandbox.repository.js';

export interface SandboxDeps {
  db: Db;
  repo: SandboxRepository;
  blobs: BlobStore;
  clock: Clock;
  scopeFor: (actor: Actor) => Promise<AccountScope>;
}

function toSummary(r: Row<'captured_messages'>): CapturedSummary {
  return {
    id: r.id,
    receivedAt: r.received_at,
    mailFrom: r.mail_from,
    rcptTo: JSON.parse(r.rcpt_to) as string[],
    from: r.from_header,
    to: r.to_header,
    subject: r.subject,
    size: r.size,
    messageId: r.message_id,
    accountId: r.account_id,
  };
}

/**
 * The built-in capture SMTP's mailbox: every e-mail it receives is stored here (raw .eml as a blob) and linked
 * to the message it came from by Message-ID, so staff see what a send produced without real mail leaving.
 */
export function createSandboxService(deps: SandboxDeps) {
  const { db, repo, blobs, clock, scopeFor } = deps;

  async function loadVisible(actor: Actor, id: string) {
    const row = await repo.findById(db, id);
    if (!row) throw new NotFoundError('Nie znaleziono wiadomości w piaskownicy.');
    // An administrator reaches every account, and so also a capture no message of ours is linked to.
    if (!inScope(await scopeFor(actor), row.account_id))
      throw new ForbiddenError('Ta wiadomość należy do konta innego stanowiska.');
    return row;
  }

  return {
    /** Stores one received e-mail; called by the capture SMTP server. */
    async capture(envelope: { mailFrom: string; rcptTo: string[] }, raw: Buffer): Promise<string> {
      const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
      const header = parsed.messageId ?? null;
      const id = newId();
      await db.transaction().execute(async (tx) => {
        const linked = header ? await repo.findMessageByHeader(tx, header) : undefined;
        const blob = await blobs.put(tx, raw);
        await repo.insert(tx, {
          id,
          received_at: clock.now().toISOString(),
          mail_from: envelope.mailFrom,
          rcpt_to: JSON.stringify(envelope.rcptTo),
          from_header: parsed.from?.text ?? '',
          to_header: (Array.isArray(parsed.to) ? parsed.to.map((t) => t.text).join(', ') : parsed.to?.text) ?? '',
          subject: parsed.subject ?? '',
          message_id_header: header,
          message_id: linked?.id ?? null,
          account_id: linked?.account_id ?? null,
          size: raw.length,
          blob_sha256: blob.sha256,
        });
      });
      return id;
    },

    async list(actor: Actor, query: { q?: string; cursor?: string; limit: number }) {
      const scope = await scopeFor(actor);
      const rows = await repo.list(db, {
        accountIds: scope.all ? null : [...scope.ids],
        search: query.q || undefined,
        after: decodeCursor(query.cursor),
        limit: query.limit,
      });
      return toPage(rows, query.limit, (r) => ({ value: r.received_at, id: r.id }), toSummary);
    },

    async get(actor: Actor, id: string): Promise<CapturedDetail> {
      const row = await loadVisible(actor, id);
      const parsed = await simpleParser(await blobs.get(db, row.blob_sha256), { skipTextLinks: true });
      return {
        ...toSummary(row),
        headers: parsed.headerLines.map((h) => ({ name: h.key, value: h.line.slice(h.line.indexOf(':') + 1).trim() })),
        text: parsed.text ?? null,
        html: typeof parsed.html === 'string' ? parsed.html : null,
        attachments: parsed.attachments.map((a) => ({
          filename: a.filename ?? null,
          contentType: a.contentType,
          size: a.size,
        })),
      };
    },

    /** One attachment of a captured e-mail (by its place in the list, from 0), as the recipient would save it. */
    async attachment(actor: Actor, id: string, index: number) {
      const row = await loadVisible(actor, id);
      const parsed = await simpleParser(await blobs.get(db, row.blob_sha256), { skipTextLinks: true });
      const found = parsed.attachments[index];
      if (!found) throw new NotFoundError('Ta wiadomość nie ma takiego załącznika.');
      return {
        filename: found.filename ?? `zalacznik-${index + 1}`,
        contentType: found.contentType || 'application/octet-stream',
        content: found.content,
      };
    },

    async raw(actor: Actor, id: string): Promise<Buffer> {
      const row = await loadVisible(actor, id);
      return blobs.get(db, row.blob_sha256);
    },
  };
}

export type SandboxService = ReturnType<typeof createSandboxService>;

import type { Db, Row } from '../../db/schema.js';
import { fetchAccessToken, type MailboxSettings } from '../../feedback/imap-connect.js';
import type { MailboxSource, ReadableMailbox } from '../../feedback/ports.js';
import { parseFolders } from '../feedback-mailboxes/feedback-mailboxes.js';
import type { FeedbackMailboxesRepository } from '../feedback-mailboxes/feedback-mailboxes.repository.js';

/**
 * The reader's mailboxes (D47 wiring, D48): every active row of `feedback_mailboxes` with complete settings; the
 * password opened, or a fresh OAuth2 access token fetched before each connection; `version` from `updated_at`, so a
 * changed mailbox gets a new client.
 */
export function createMailboxSource(deps: {
  db: Db;
  repo: FeedbackMailboxesRepository;
  settingsOf: (row: Row<'feedback_mailboxes'>) => MailboxSettings;
  fetchToken?: typeof fetchAccessToken;
}): MailboxSource {
  const fetchToken = deps.fetchToken ?? fetchAccessToken;
  return {
    async list() {
      const rows = await deps.repo.list(deps.db);
      const out: ReadableMailbox[] = [];
      for (const row of rows) {
        if (row.status !== 'active') continue;
        const complete = row.auth === 'password' ? row.password_enc !== null : row.oauth_refresh_token_enc !== null;
        if (!complete) continue;
        out.push({
          id: row.id,
          name: row.name,
          auth: row.auth,
          version: row.updated_at,
          host: row.host,
          port: row.port,
          security: row.security,
          username: row.username,
          folders: parseFolders(row.folders),
          processSince: row.process_since ? new Date(row.process_since) : null,
          async credentials() {
            const settings = deps.settingsOf(row);
            if (settings.oauth) return { accessToken: (await fetchToken(settings.oauth)).accessToken };
            return { password: settings.password ?? '' };
          },
        });
      }
      return out;
    },
  };
}

/** The accounts whose feedback arrives in this mailbox (correlation may only name their messages). */
export async function mailboxAccountIds(repo: FeedbackMailboxesRepository, db: Db, mailboxId: string) {
  return (await repo.accountLinks(db, [mailboxId])).map((a) => a.id);
}

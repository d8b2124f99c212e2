import type { Db, Row } from '../../db/schema.js';
import { fetchAccessToken, type MailboxSettings } from '../../feedback/imap-connect.js';
import type { MailboxSource, ReadableMailbox } from '../../feedback/ports.js';
import { parseFolders } from '../feedback-mailboxes/feedback-mailboxes.js';
import type { FeedbackMailboxesRepository } from '../feedback-mailboxes/feedback-mailboxes.repository.js';

/**
 * The reader's mailboxes (D47 wiring, D48): every active row of `feedback_mailboxes` with complete settings; the
 * password opened, or a fresh OAuth2 access token fetched before each connection (a refresh token the provider
 * rotates is stored for the next one); `version` from `updated_at`, so a changed mailbox gets a new client.
 */
export function createMailboxSource(deps: {
  db: Db;
  repo: FeedbackMailboxesRepository;
  settingsOf: (row: Row<'feedback_mailboxes'>) => MailboxSettings;
  /** Seals and stores a refresh token the provider rotated, in place of the row's (feedback-mailboxes service). */
  keepRotatedRefreshToken: (db: Db, row: Row<'feedback_mailboxes'>, refreshToken: string) => Promise<boolean>;
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
            // Read again: a refresh token rotated by an earlier connection (or "Sprawdź połączenie") is stored
            // without changing `version`, and the old one may already be refused.
            const current = (await deps.repo.findById(deps.db, row.id)) ?? row;
            const settings = deps.settingsOf(current);
            if (!settings.oauth) return { password: settings.password ?? '' };
            const token = await fetchToken(settings.oauth);
            if (token.refreshToken && token.refreshToken !== settings.oauth.refreshToken) {
              await deps.keepRotatedRefreshToken(deps.db, current, token.refreshToken);
            }
            return { accessToken: token.accessToken };
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

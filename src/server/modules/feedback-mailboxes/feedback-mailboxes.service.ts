import type {
  FeedbackMailbox,
  FeedbackMailboxCreate,
  FeedbackMailboxUpdate,
  MailboxTestResult,
} from '../../../shared/feedback-mailboxes.js';
import type { Db, Row, RowUpdate } from '../../db/schema.js';
import type { MailboxCheck } from '../../feedback/imap-check.js';
import type { MailboxSettings } from '../../feedback/imap-connect.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { AuditLog } from '../audit/audit.service.js';
import { adminOnly } from '../auth/access.js';
import type { Actor } from '../auth/auth.js';
import { type MailboxSecret, mailboxSecretAad, parseFolders, toMailbox, toReaderState } from './feedback-mailboxes.js';
import type { FeedbackMailboxesRepository } from './feedback-mailboxes.repository.js';

export interface FeedbackMailboxesDeps {
  db: Db;
  repo: FeedbackMailboxesRepository;
  audit: AuditLog;
  clock: Clock;
  secrets: SecretBox;
  /** Port: connects to the IMAP server, logs in, lists folders; changes nothing there. */
  checkMailbox: (settings: MailboxSettings, folders: string[]) => Promise<MailboxCheck>;
}

const requireAdmin = adminOnly('Skrzynkami zwrotnymi zarządza tylko administrator.');

const fieldError = (path: string, message: string) => new ValidationError(message, [{ path, message }]);

export function createFeedbackMailboxesService(deps: FeedbackMailboxesDeps) {
  const { db, repo, audit, clock, secrets, checkMailbox } = deps;

  async function loadRow(tx: Db, id: string) {
    const row = await repo.findById(tx, id);
    if (!row) throw new NotFoundError('Nie znaleziono skrzynki zwrotnej.');
    return row;
  }

  async function hydrate(tx: Db, rows: Row<'feedback_mailboxes'>[]): Promise<FeedbackMailbox[]> {
    const ids = rows.map((r) => r.id);
    const links = await repo.accountLinks(tx, ids);
    const leases = await repo.readerLeases(tx, ids);
    const now = clock.now().toISOString();
    return rows.map((r) =>
      toMailbox(
        r,
        links.filter((l) => l.feedback_mailbox_id === r.id).map((l) => l.id),
        toReaderState(
          leases.find((l) => l.mailbox_id === r.id),
          now,
        ),
      ),
    );
  }

  async function assertNameFree(tx: Db, name: string, exceptId: string | null) {
    const existing = await repo.findByName(tx, name);
    if (existing && existing.id !== exceptId) throw new ConflictError(`Skrzynka o nazwie „${name}” już istnieje.`);
  }

  const seal = (id: string, field: MailboxSecret, value: string) => secrets.seal(value, mailboxSecretAad(id, field));

  /** Column values for the fields present; secrets sealed; absent write-only fields keep what is stored. */
  function columnsFrom(id: string, input: FeedbackMailboxUpdate): RowUpdate<'feedback_mailboxes'> {
    const patch: RowUpdate<'feedback_mailboxes'> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.host !== undefined) patch.host = input.host;
    if (input.port !== undefined) patch.port = input.port;
    if (input.security !== undefined) patch.security = input.security;
    if (input.username !== undefined) patch.username = input.username;
    if (input.auth !== undefined) patch.auth = input.auth;
    if (input.password !== undefined) patch.password_enc = seal(id, 'password', input.password);
    if (input.folders !== undefined) patch.folders = JSON.stringify(input.folders);
    if (input.processSince !== undefined) patch.process_since = new Date(input.processSince).toISOString();
    if (input.status !== undefined) patch.status = input.status;
    if (input.oauth === null) {
      Object.assign(patch, {
        oauth_provider: null,
        oauth_client_id: null,
        oauth_client_secret_enc: null,
        oauth_token_url: null,
        oauth_refresh_token_enc: null,
        oauth_scope: null,
      });
    } else if (input.oauth !== undefined) {
      const o = input.oauth;
      patch.oauth_provider = o.provider;
      patch.oauth_client_id = o.clientId;
      patch.oauth_token_url = o.tokenUrl;
      patch.oauth_scope = o.scope;
      if (o.clientSecret !== undefined) {
        patch.oauth_client_secret_enc = o.clientSecret ? seal(id, 'oauth_client_secret', o.clientSecret) : null;
      }
      if (o.refreshToken !== undefined) patch.oauth_refresh_token_enc = seal(id, 'oauth_refresh_token', o.refreshToken);
    }
    return patch;
  }

  /** The stored row must be able to log in the way it says. */
  function assertComplete(row: Row<'feedback_mailboxes'>) {
    if (row.auth === 'password' && !row.password_enc) throw fieldError('password', 'Podaj hasło do skrzynki.');
    if (row.auth === 'oauth2') {
      if (!row.oauth_provider || !row.oauth_client_id || !row.oauth_token_url) {
        throw fieldError(
          'oauth',
          'Dla logowania OAuth2 podaj dostawcę, identyfikator aplikacji i adres wydawania tokenów.',
        );
      }
      if (!row.oauth_refresh_token_enc)
        throw fieldError('oauth.refreshToken', 'Podaj token odświeżania (refresh token).');
    }
  }

  /** Changes worth a line in the audit log, without secret values. */
  function auditDetails(input: FeedbackMailboxUpdate) {
    const { password, oauth, ...rest } = input;
    return {
      ...rest,
      ...(password !== undefined ? { password: 'changed' } : {}),
      ...(oauth !== undefined
        ? {
            oauth: oauth && {
              provider: oauth.provider,
              clientId: oauth.clientId,
              tokenUrl: oauth.tokenUrl,
              scope: oauth.scope,
              clientSecret: oauth.clientSecret === undefined ? 'kept' : oauth.clientSecret ? 'changed' : 'removed',
              refreshToken: oauth.refreshToken === undefined ? 'kept' : 'changed',
            },
          }
        : {}),
    };
  }

  /**
   * Microsoft and Google may hand out a new refresh token with an access token, and the old one may stop working:
   * the new one is sealed and stored in place of the one the row held ("Sprawdź połączenie" and the reader).
   */
  async function keepRotatedRefreshToken(tx: Db, row: Row<'feedback_mailboxes'>, refreshToken: string) {
    if (!row.oauth_refresh_token_enc) return false;
    const next = seal(row.id, 'oauth_refresh_token', refreshToken);
    return repo.replaceRefreshToken(tx, row.id, row.oauth_refresh_token_enc, next);
  }

  function settingsOf(row: Row<'feedback_mailboxes'>): MailboxSettings {
    const open = (sealed: string | null, field: MailboxSecret) =>
      sealed ? secrets.open(sealed, mailboxSecretAad(row.id, field)) : null;
    return {
      host: row.host,
      port: row.port,
      security: row.security,
      username: row.username,
      password: row.auth === 'password' ? open(row.password_enc, 'password') : null,
      oauth:
        row.auth === 'oauth2'
          ? {
              tokenUrl: row.oauth_token_url ?? '',
              clientId: row.oauth_client_id ?? '',
              clientSecret: open(row.oauth_client_secret_enc, 'oauth_client_secret'),
              refreshToken: open(row.oauth_refresh_token_enc, 'oauth_refresh_token') ?? '',
              scope: row.oauth_scope ?? '',
            }
          : null,
    };
  }

  async function one(tx: Db, id: string) {
    const [mailbox] = await hydrate(tx, [await loadRow(tx, id)]);
    return mailbox as FeedbackMailbox;
  }

  return {
    settingsOf,
    keepRotatedRefreshToken,

    async list(actor: Actor): Promise<FeedbackMailbox[]> {
      requireAdmin(actor);
      return hydrate(db, await repo.list(db));
    },

    async get(actor: Actor, id: string): Promise<FeedbackMailbox> {
      requireAdmin(actor);
      return one(db, id);
    },

    async create(actor: Actor, input: FeedbackMailboxCreate): Promise<FeedbackMailbox> {
      requireAdmin(actor);
      const id = newId();
      const now = clock.now().toISOString();
      return db.transaction().execute(async (tx) => {
        await assertNameFree(tx, input.name, null);
        const cols = columnsFrom(id, input);
        const row: Row<'feedback_mailboxes'> = {
          id,
          name: input.name,
          host: input.host,
          port: input.port,
          security: input.security,
          username: input.username,
          auth: input.auth,
          password_enc: input.auth === 'password' ? (cols.password_enc ?? null) : null,
          oauth_provider: cols.oauth_provider ?? null,
          oauth_client_id: cols.oauth_client_id ?? null,
          oauth_client_secret_enc: cols.oauth_client_secret_enc ?? null,
          oauth_token_url: cols.oauth_token_url ?? null,
          oauth_refresh_token_enc: cols.oauth_refresh_token_enc ?? null,
          oauth_scope: cols.oauth_scope ?? null,
          folders: JSON.stringify(input.folders),
          // A new mailbox processes only mail from the moment it is configured, unless told otherwise.
          process_since: input.processSince ? new Date(input.processSince).toISOString() : now,
          status: input.status,
          last_error: null,
          last_checked_at: null,
          created_at: now,
          updated_at: now,
        };
        assertComplete(row);
        await repo.insert(tx, row);
        await audit.record(tx, actor, {
          action: 'feedback_mailbox.create',
          entityType: 'feedback_mailbox',
          entityId: id,
          details: auditDetails(input),
        });
        return one(tx, id);
      });
    },

    async update(actor: Actor, id: string, input: FeedbackMailboxUpdate): Promise<FeedbackMailbox> {
      requireAdmin(actor);
      return db.transaction().execute(async (tx) => {
        const current = await loadRow(tx, id);
        if (input.name !== undefined) await assertNameFree(tx, input.name, id);
        const patch = columnsFrom(id, input);
        // Switching to OAuth2 forgets the password; switching back needs a new one.
        if (input.auth === 'oauth2') patch.password_enc = null;
        if (input.auth === 'password' && input.oauth === undefined)
          Object.assign(patch, columnsFrom(id, { oauth: null }));
        assertComplete({ ...current, ...patch } as Row<'feedback_mailboxes'>);
        await repo.update(tx, id, { ...patch, updated_at: clock.now().toISOString() });
        await audit.record(tx, actor, {
          action: 'feedback_mailbox.update',
          entityType: 'feedback_mailbox',
          entityId: id,
          details: auditDetails(input),
        });
        return one(tx, id);
      });
    },

    /**
     * Accounts that used it keep sending; their feedback is no longer read until another mailbox is chosen. A mailbox
     * the reader has recorded messages from is evidence and cannot be deleted (D51): it can be switched off.
     */
    async remove(actor: Actor, id: string): Promise<void> {
      requireAdmin(actor);
      await db.transaction().execute(async (tx) => {
        const row = await loadRow(tx, id);
        const recorded = await repo.recordedCount(tx, id);
        if (recorded > 0) {
          throw new ConflictError(
            `Nie można usunąć skrzynki „${row.name}”: odczytano z niej już wiadomości (${recorded}), a to dowód doręczeń i zwrotów. Zamiast usuwać, ustaw ją jako wyłączoną — nie będzie czytana.`,
          );
        }
        const now = clock.now().toISOString();
        const accountIds = (await repo.accountLinks(tx, [id])).map((a) => a.id);
        await repo.detachAccounts(tx, id, now);
        await repo.delete(tx, id);
        await audit.record(tx, actor, {
          action: 'feedback_mailbox.delete',
          entityType: 'feedback_mailbox',
          entityId: id,
          details: { name: row.name, accountIds },
        });
      });
    },

    /** "Sprawdź połączenie": logs in and checks the watched folders; the outcome is kept on the mailbox and audited. */
    async testConnection(actor: Actor, id: string): Promise<MailboxTestResult> {
      requireAdmin(actor);
      const row = await loadRow(db, id);
      let settings: MailboxSettings;
      try {
        settings = settingsOf(row);
      } catch {
        return {
          ok: false,
          message:
            'Nie można odczytać zapisanych haseł tej skrzynki (zmienił się klucz instalacji). Wpisz hasło lub token ponownie.',
          technical: 'secret does not decrypt with the current instance key',
          folders: [],
          missingFolders: [],
        };
      }
      const check = await checkMailbox(settings, parseFolders(row.folders));
      const now = clock.now().toISOString();
      await db.transaction().execute(async (tx) => {
        await repo.update(tx, id, { last_checked_at: now, last_error: check.ok ? null : check.message });
        if (check.newRefreshToken) await keepRotatedRefreshToken(tx, row, check.newRefreshToken);
        await audit.record(tx, actor, {
          action: 'feedback_mailbox.test_connection',
          entityType: 'feedback_mailbox',
          entityId: id,
          details: {
            ok: check.ok,
            technical: check.technical,
            missingFolders: check.missingFolders,
            refreshTokenRotated: Boolean(check.newRefreshToken),
          },
        });
      });
      const { newRefreshToken: _rotated, ...result } = check;
      return result;
    },
  };
}

export type FeedbackMailboxesService = ReturnType<typeof createFeedbackMailboxesService>;

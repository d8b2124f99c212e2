import type { Account, AccountCreate, AccountUpdate, ConnectionTestResult } from '../../../shared/accounts.js';
import type { Db, Row, RowUpdate } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { secretAad, smtpSettingsOf } from '../../mail/account-secrets.js';
import { describeConnectionError, type SmtpErrorLike } from '../../mail/error-hints.js';
import type { SmtpSettings } from '../../mail/smtp.js';
import type { SmtpCapabilities } from '../../mail/smtp-probe.js';
import type { AuditLog } from '../audit/audit.service.js';
import { type Access, adminOnly } from '../auth/access.js';
import { type Actor, systemActor } from '../auth/auth.js';
import { inScope, serverChanged, smtpUtf8Column, toAccount } from './accounts.js';
import type { AccountsRepository } from './accounts.repository.js';
import { isCaptureLogin, needsCaptureLogin, newCaptureLogin } from './capture-login.js';

export interface AccountsDeps {
  db: Db;
  repo: AccountsRepository;
  audit: AuditLog;
  clock: Clock;
  secrets: SecretBox;
  /** Port: opens and closes an SMTP connection, saying what its EHLO offered when it knows. */
  verifyConnection: (settings: SmtpSettings) => Promise<SmtpCapabilities | undefined>;
  /** The accounts an actor reaches (auth/access.ts). */
  scopeFor: Access['accountScope'];
}

const requireAdmin = adminOnly('Kontami e-mail zarządza tylko administrator.');

export function createAccountsService(deps: AccountsDeps) {
  const { db, repo, audit, clock, secrets, verifyConnection, scopeFor } = deps;

  async function hydrate(tx: Db, rows: Row<'smtp_accounts'>[]): Promise<Account[]> {
    const links = await repo.positionLinks(
      tx,
      rows.map((r) => r.id),
    );
    return rows.map((r) =>
      toAccount(
        r,
        links.filter((l) => l.account_id === r.id).map((l) => l.position_id),
      ),
    );
  }

  async function loadRow(tx: Db, id: string) {
    const row = await repo.findById(tx, id);
    if (!row) throw new NotFoundError('Nie znaleziono konta e-mail.');
    return row;
  }

  async function assertMailboxExists(tx: Db, mailboxId: string | null | undefined) {
    if (mailboxId && !(await repo.feedbackMailboxExists(tx, mailboxId))) {
      throw new ValidationError('Wybrana skrzynka zwrotna nie istnieje.', [
        { path: 'feedbackMailboxId', message: 'Wybierz skrzynkę z listy (Ustawienia → Skrzynki zwrotne).' },
      ]);
    }
  }

  async function assertNameFree(tx: Db, name: string, exceptId: string | null) {
    const existing = await repo.findByName(tx, name);
    if (existing && existing.id !== exceptId) throw new ConflictError(`Konto o nazwie „${name}” już istnieje.`);
  }

  /** Column values for the fields present in the input; secrets sealed, absent write-only fields untouched. */
  function columnsFrom(
    id: string,
    input: AccountUpdate,
    current: Row<'smtp_accounts'> | null,
  ): RowUpdate<'smtp_accounts'> {
    const patch: RowUpdate<'smtp_accounts'> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.fromName !== undefined) patch.from_name = input.fromName;
    if (input.fromAddress !== undefined) patch.from_address = input.fromAddress;
    if (input.feedbackAddress !== undefined) patch.feedback_address = input.feedbackAddress;
    if (input.envelopeMode !== undefined) patch.envelope_mode = input.envelopeMode;
    if (input.readReceipt !== undefined) patch.read_receipt = input.readReceipt ? 'yes' : 'no';
    // Another server may offer other extensions: what the old one's EHLO said no longer holds.
    if (current && serverChanged(current, input)) patch.smtputf8 = null;
    if (input.host !== undefined) patch.host = input.host;
    if (input.port !== undefined) patch.port = input.port;
    if (input.security !== undefined) patch.security = input.security;
    if (input.username !== undefined) patch.username = input.username || null;
    if (input.status !== undefined) patch.status = input.status;
    if (input.maxConnections !== undefined) patch.max_connections = input.maxConnections;
    if (input.feedbackMailboxId !== undefined) patch.feedback_mailbox_id = input.feedbackMailboxId;
    if (input.password !== undefined) {
      patch.password_enc = input.password ? secrets.seal(input.password, secretAad(id, 'password')) : null;
    }
    if (input.rates !== undefined) {
      patch.rate_per_second = input.rates.perSecond;
      patch.rate_per_minute = input.rates.perMinute;
      patch.rate_per_hour = input.rates.perHour;
      patch.rate_per_day = input.rates.perDay;
    }
    if (input.dkim === null) {
      patch.dkim_domain = null;
      patch.dkim_selector = null;
      patch.dkim_key_enc = null;
    } else if (input.dkim !== undefined) {
      if (!input.dkim.privateKey && !current?.dkim_key_enc) {
        throw new ValidationError('Podaj klucz prywatny DKIM.', [
          { path: 'dkim.privateKey', message: 'To pole jest wymagane.' },
        ]);
      }
      patch.dkim_domain = input.dkim.domain;
      patch.dkim_selector = input.dkim.selector;
      if (input.dkim.privateKey) patch.dkim_key_enc = secrets.seal(input.dkim.privateKey, secretAad(id, 'dkim_key'));
    }
    return patch;
  }

  /** Changes worth a line in the audit log, without secret values. */
  function auditDetails(input: AccountUpdate) {
    const { password, dkim, ...rest } = input;
    return {
      ...rest,
      ...(password !== undefined ? { password: password ? 'changed' : 'removed' } : {}),
      ...(dkim !== undefined
        ? { dkim: dkim ? { domain: dkim.domain, selector: dkim.selector, keyChanged: Boolean(dkim.privateKey) } : null }
        : {}),
    };
  }

  function settingsOf(row: Row<'smtp_accounts'>): SmtpSettings {
    return smtpSettingsOf(row, secrets);
  }

  return {
    /** Before a clerk's message, batch or bulk action is read: their positions must have an account to send from. */
    async assertHasAccounts(actor: Actor): Promise<void> {
      const scope = await scopeFor(actor);
      if (!scope.all && scope.ids.size === 0) {
        throw new ForbiddenError(
          'Twoje stanowisko nie ma konta e-mail do wysyłki — poproś administratora o przypisanie konta (Ustawienia → Stanowiska).',
        );
      }
    },

    /** For a route about one account: it exists and is one of the actor's (admin: any; clerk: their positions'). */
    async assertUsable(actor: Actor, id: string): Promise<void> {
      await loadRow(db, id);
      if (!inScope(await scopeFor(actor), id)) throw new ForbiddenError('To konto nie należy do Twojego stanowiska.');
    },

    async list(actor: Actor): Promise<Account[]> {
      const scope = await scopeFor(actor);
      const rows = await repo.list(db, scope.all ? null : [...scope.ids]);
      return hydrate(db, rows);
    },

    async get(actor: Actor, id: string): Promise<Account> {
      const row = await loadRow(db, id);
      if (!inScope(await scopeFor(actor), id)) throw new ForbiddenError('To konto nie należy do Twojego stanowiska.');
      const [account] = await hydrate(db, [row]);
      return account as Account;
    },

    /** Callers inside the server (demo, benches) may leave the feedback mailbox out. */
    async create(
      actor: Actor,
      input: Omit<AccountCreate, 'feedbackMailboxId'> & { feedbackMailboxId?: string | null },
    ): Promise<Account> {
      requireAdmin(actor);
      const id = newId();
      const now = clock.now().toISOString();
      return db.transaction().execute(async (tx) => {
        await assertNameFree(tx, input.name, null);
        await assertMailboxExists(tx, input.feedbackMailboxId);
        const cols = columnsFrom(id, input, null);
        await repo.insert(tx, {
          id,
          kind: 'smtp',
          name: input.name,
          from_name: input.fromName,
          from_address: input.fromAddress,
          feedback_address: input.feedbackAddress,
          envelope_mode: input.envelopeMode,
          read_receipt: input.readReceipt ? 'yes' : 'no',
          host: input.host,
          port: input.port,
          security: input.security,
          username: input.username || null,
          password_enc: cols.password_enc ?? null,
          rate_per_second: input.rates.perSecond,
          rate_per_minute: input.rates.perMinute,
          rate_per_hour: input.rates.perHour,
          rate_per_day: input.rates.perDay,
          dkim_domain: cols.dkim_domain ?? null,
          dkim_selector: cols.dkim_selector ?? null,
          dkim_key_enc: cols.dkim_key_enc ?? null,
          status: input.status,
          max_connections: input.maxConnections,
          feedback_mailbox_id: input.feedbackMailboxId ?? null,
          last_error: null,
          last_error_at: null,
          last_verified_at: null,
          created_at: now,
          updated_at: now,
        });
        await audit.record(tx, actor, {
          action: 'account.create',
          entityType: 'account',
          entityId: id,
          details: auditDetails(input),
        });
        const [account] = await hydrate(tx, [await loadRow(tx, id)]);
        return account as Account;
      });
    },

    async update(actor: Actor, id: string, input: AccountUpdate): Promise<Account> {
      requireAdmin(actor);
      return db.transaction().execute(async (tx) => {
        const current = await loadRow(tx, id);
        if (input.name !== undefined) await assertNameFree(tx, input.name, id);
        await assertMailboxExists(tx, input.feedbackMailboxId);
        await repo.update(tx, id, { ...columnsFrom(id, input, current), updated_at: clock.now().toISOString() });
        await audit.record(tx, actor, {
          action: 'account.update',
          entityType: 'account',
          entityId: id,
          details: auditDetails(input),
        });
        const [account] = await hydrate(tx, [await loadRow(tx, id)]);
        return account as Account;
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      requireAdmin(actor);
      await db.transaction().execute(async (tx) => {
        const row = await loadRow(tx, id);
        if (row.kind === 'capture') throw new ConflictError('Konta piaskownicy nie można usunąć; możesz je wyłączyć.');
        if (await repo.hasMessages(tx, id)) {
          throw new ConflictError('Z tego konta wysłano już wiadomości — zamiast usuwać, ustaw je jako nieaktywne.');
        }
        await repo.delete(tx, id);
        await audit.record(tx, actor, {
          action: 'account.delete',
          entityType: 'account',
          entityId: id,
          details: { name: row.name },
        });
      });
    },

    /**
     * "Sprawdzone — usuń alarm" (D55): the administrator checked the account after a policy block (D48) and clears
     * its feedback alarm; audited with what it said. Clearing an account without an alarm changes nothing.
     */
    async clearFeedbackAlarm(actor: Actor, id: string): Promise<Account> {
      requireAdmin(actor);
      return db.transaction().execute(async (tx) => {
        const row = await loadRow(tx, id);
        if (row.feedback_alarm_at) {
          await repo.update(tx, id, { feedback_alarm_at: null, feedback_alarm_reason: null });
          await audit.record(tx, actor, {
            action: 'account.feedback_alarm_clear',
            entityType: 'account',
            entityId: id,
            details: { name: row.name, alarmAt: row.feedback_alarm_at, reason: row.feedback_alarm_reason },
          });
        }
        const [account] = await hydrate(tx, [await loadRow(tx, id)]);
        return account as Account;
      });
    },

    /** Connects to the account's SMTP server and logs in, then records the result on the account. */
    async testConnection(actor: Actor, id: string): Promise<ConnectionTestResult> {
      requireAdmin(actor);
      const row = await loadRow(db, id);
      let result: ConnectionTestResult;
      let settings: SmtpSettings;
      try {
        settings = settingsOf(row);
      } catch {
        return {
          ok: false,
          message:
            'Nie można odczytać zapisanego hasła tego konta (zmienił się klucz instalacji). Wpisz hasło konta ponownie.',
          technical: 'secret does not decrypt with the current instance key',
        };
      }
      let capabilities: SmtpCapabilities | undefined;
      try {
        capabilities = await verifyConnection(settings);
        result = { ok: true, message: 'Połączenie działa: serwer przyjął logowanie.', technical: null };
      } catch (err) {
        const hint = describeConnectionError(err as SmtpErrorLike, row);
        result = { ok: false, message: hint.message, technical: hint.technical };
      }
      const now = clock.now().toISOString();
      await db.transaction().execute(async (tx) => {
        await repo.update(
          tx,
          id,
          result.ok
            ? { last_verified_at: now, last_error: null, last_error_at: null, ...smtpUtf8Column(capabilities) }
            : { last_error: result.message, last_error_at: row.last_error_at ?? now },
        );
        // The server answers and takes the login again: the account's alarm goes and its held mail is due now.
        if (result.ok) await repo.recovered(tx, id, now);
        await audit.record(tx, actor, {
          action: 'account.test_connection',
          entityType: 'account',
          entityId: id,
          details: { ok: result.ok, technical: result.technical, ...smtpUtf8Column(capabilities) },
        });
      });
      return result;
    },

    /** Whether a login given to the embedded capture SMTP is the sandbox account's own. */
    async isCaptureLogin(username: string, password: string): Promise<boolean> {
      return isCaptureLogin(secrets, await repo.findCapture(db), username, password);
    },

    /**
     * First run: the built-in capture account ("Sandbox"), pointing at the embedded SMTP server, with the login that
     * server accepts (accounts of older versions, which had none, get theirs at start). `onlyIfMissing` (the
     * `demo` command, which runs no capture server of its own) leaves an existing one exactly as the server set it.
     */
    async ensureCaptureAccount(host: string, port: number, opts: { onlyIfMissing?: boolean } = {}) {
      const existing = await repo.findCapture(db);
      const now = clock.now().toISOString();
      if (existing && opts.onlyIfMissing) return existing;
      if (existing) {
        const patch: RowUpdate<'smtp_accounts'> = {};
        if (existing.host !== host || existing.port !== port) Object.assign(patch, { host, port });
        // smtp-server offers SMTPUTF8 by default (the capture IDN test guards it).
        if (existing.smtputf8 !== 'offered') Object.assign(patch, { smtputf8: 'offered' });
        if (needsCaptureLogin(secrets, existing)) Object.assign(patch, newCaptureLogin(secrets, existing.id));
        if (Object.keys(patch).length > 0) await repo.update(db, existing.id, { ...patch, updated_at: now });
        return loadRow(db, existing.id);
      }
      const id = newId();
      await db.transaction().execute(async (tx) => {
        await repo.insert(tx, {
          id,
          kind: 'capture',
          name: 'Piaskownica',
          from_name: 'Listonosz (piaskownica)',
          from_address: 'piaskownica@listonosz.test',
          feedback_address: 'zwrotne@listonosz.test',
          envelope_mode: 'feedback',
          host,
          port,
          security: 'none',
          ...newCaptureLogin(secrets, id),
          rate_per_second: null,
          rate_per_minute: null,
          rate_per_hour: null,
          rate_per_day: null,
          dkim_domain: null,
          dkim_selector: null,
          dkim_key_enc: null,
          status: 'active',
          last_error: null,
          last_error_at: null,
          last_verified_at: null,
          // The embedded capture server (smtp-server) offers SMTPUTF8, so the sandbox takes every valid address.
          smtputf8: 'offered',
          created_at: now,
          updated_at: now,
        });
        await audit.record(tx, systemActor(), {
          action: 'account.create',
          entityType: 'account',
          entityId: id,
          details: { kind: 'capture' },
        });
      });
      return loadRow(db, id);
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;

import type { CurrentUser, SessionInfo } from '../../../shared/auth.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { ConflictError, UnauthenticatedError, ValidationError } from '../../lib/errors.js';
import { dummyPasswordHash, verifyPassword } from '../../lib/password.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { InstanceRepository } from '../instance/instance.repository.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { UsersService } from '../users/users.service.js';
import type { Actor } from './auth.js';
import type { AuthRepository } from './auth.repository.js';
import { createLockout, LockedOutError, type StartedLock, type Ticket } from './lockout.js';

const SETUP_TOKEN_KEY = 'setup_token_sha256';
/** Sessions are extended on use, but written at most once a minute. */
const TOUCH_INTERVAL_MS = 60_000;

export interface AuthenticatedSession {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
  user: CurrentUser;
}

export interface AuthDeps {
  db: Db;
  repo: AuthRepository;
  users: UsersRepository;
  usersService: UsersService;
  instance: InstanceRepository;
  audit: AuditLog;
  clock: Clock;
  sessionTtlMs: number;
  passwordHashCost: number;
}

export function createAuthService(deps: AuthDeps) {
  const { db, repo, users, usersService, instance, audit, clock, sessionTtlMs } = deps;
  const dummyHash = dummyPasswordHash(deps.passwordHashCost);
  const nowIso = () => clock.now().toISOString();
  const lockout = createLockout({ db, repo, clock });

  /** Reserves a password check for the login; a refusal still records in the audit log the locks it started. */
  async function reserveCheck(login: string, actor: Actor): Promise<Ticket> {
    try {
      return await lockout.reserve(login, actor.ip);
    } catch (err) {
      if (err instanceof LockedOutError && err.started.length > 0) await auditLocks(db, actor, login, err.started);
      throw err;
    }
  }

  async function auditLocks(tx: Db, actor: Actor, login: string, started: StartedLock[]) {
    for (const lock of started) {
      await audit.record(tx, actor, {
        action: 'auth.lockout',
        entityType: 'user',
        entityId: actor.userId,
        details: { login, scope: lock.scope, until: lock.until },
      });
    }
  }

  async function currentUser(userId: string): Promise<CurrentUser> {
    const user = await users.findById(db, userId);
    if (!user) throw new UnauthenticatedError();
    const positions = await users.positionIdsOf(db, [userId]);
    return {
      id: user.id,
      login: user.login,
      displayName: user.display_name,
      email: user.email,
      role: user.role,
      positionIds: positions.map((p) => p.position_id),
      mustChangePassword: user.password_change_required_at !== null,
    };
  }

  return {
    async login(input: { login: string; password: string }, meta: { ip: string | null; userAgent: string | null }) {
      const user = await users.findByLogin(db, input.login);
      const actor: Actor = {
        kind: 'user',
        userId: user?.id ?? null,
        label: user ? user.login : input.login,
        role: user?.role ?? 'clerk',
        ip: meta.ip,
      };
      // The check is reserved before the password is verified, so parallel guesses cannot all be verified.
      const ticket = await reserveCheck(input.login, actor);
      // Verify against a dummy hash when the login is unknown, so timing does not reveal which logins exist.
      const passwordOk = await verifyPassword(input.password, user?.password_hash ?? dummyHash);
      if (!user || !passwordOk || user.status !== 'active') {
        await db.transaction().execute(async (tx) => {
          await audit.record(tx, actor, {
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: user?.id ?? null,
            details: { login: input.login },
          });
          await auditLocks(tx, actor, input.login, ticket.started);
        });
        throw new UnauthenticatedError('Nieprawidłowy login lub hasło.');
      }
      const token = randomToken();
      const csrfToken = randomToken();
      const now = clock.now();
      const sessionId = sha256Hex(token);
      await db.transaction().execute(async (tx) => {
        await lockout.succeeded(tx, input.login, meta.ip, ticket);
        await repo.insertSession(tx, {
          id: sessionId,
          user_id: user.id,
          csrf_token: csrfToken,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + sessionTtlMs).toISOString(),
          last_seen_at: now.toISOString(),
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 300) ?? null,
        });
        await users.update(tx, user.id, { last_login_at: now.toISOString() });
        await audit.record(
          tx,
          { kind: 'user', userId: user.id, label: user.login, role: user.role, ip: meta.ip },
          { action: 'auth.login', entityType: 'user', entityId: user.id },
        );
      });
      const info: SessionInfo = { user: await currentUser(user.id), csrfToken };
      return { token, info };
    },

    /** Resolves a session cookie to its user; null when absent, expired or the user is disabled. */
    async authenticate(token: string, ip: string | null): Promise<AuthenticatedSession | null> {
      const now = clock.now();
      const session = await repo.findLiveSession(db, sha256Hex(token), now.toISOString());
      if (!session) return null;
      if (now.getTime() - new Date(session.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
        await repo.touchSession(
          db,
          session.session_id,
          now.toISOString(),
          new Date(now.getTime() + sessionTtlMs).toISOString(),
        );
      }
      const positions = await users.positionIdsOf(db, [session.user_id]);
      return {
        sessionId: session.session_id,
        csrfToken: session.csrf_token,
        actor: { kind: 'user', userId: session.user_id, label: session.login, role: session.role, ip },
        user: {
          id: session.user_id,
          login: session.login,
          displayName: session.display_name,
          email: session.email,
          role: session.role,
          positionIds: positions.map((p) => p.position_id),
          mustChangePassword: session.password_change_required_at !== null,
        },
      };
    },

    async logout(session: AuthenticatedSession) {
      await db.transaction().execute(async (tx) => {
        await repo.deleteSession(tx, session.sessionId);
        await audit.record(tx, session.actor, { action: 'auth.logout', entityType: 'user', entityId: session.user.id });
      });
    },

    /** Wrong current passwords count against the same lockout as failed log-ins of this user from this address. */
    async changeOwnPassword(session: AuthenticatedSession, currentPassword: string, newPassword: string) {
      const ticket = await reserveCheck(session.user.login, session.actor);
      const user = await users.findById(db, session.user.id);
      if (!user || !(await verifyPassword(currentPassword, user.password_hash))) {
        await db.transaction().execute(async (tx) => {
          await audit.record(tx, session.actor, {
            action: 'auth.password_check_failed',
            entityType: 'user',
            entityId: session.user.id,
          });
          await auditLocks(tx, session.actor, session.user.login, ticket.started);
        });
        throw new ValidationError('Obecne hasło jest nieprawidłowe.', [
          { path: 'currentPassword', message: 'Obecne hasło jest nieprawidłowe.' },
        ]);
      }
      await lockout.succeeded(db, user.login, session.actor.ip, ticket);
      await usersService.setPassword(session.actor, user.id, newPassword, session.sessionId, 'newPassword');
    },

    async needsSetup(): Promise<boolean> {
      return (await users.count(db)) === 0;
    },

    /**
     * First run: when no user exists, issues a one-time token (printed on the console) that allows creating
     * the first administrator in the browser. Returns null once any user exists.
     */
    async issueSetupToken(): Promise<string | null> {
      if ((await users.count(db)) > 0) return null;
      const token = randomToken();
      await instance.putSetting(db, SETUP_TOKEN_KEY, sha256Hex(token), nowIso());
      return token;
    },

    async completeSetup(
      input: { setupToken: string; login: string; displayName: string; email: string | null; password: string },
      ip: string | null,
    ) {
      if ((await users.count(db)) > 0) throw new ConflictError('Administrator już istnieje — zaloguj się.');
      // A weak password is refused before the one-time code is spent, so the form can simply be sent again.
      await usersService.assertStrongPassword(input.password, [input.login, input.displayName, input.email]);
      // Taking the token is one statement, so of two simultaneous set-ups only one gets past this line.
      if (!(await instance.takeSetting(db, SETUP_TOKEN_KEY, sha256Hex(input.setupToken)))) {
        throw new ValidationError('Kod pierwszego uruchomienia jest nieprawidłowy — skopiuj go z konsoli serwera.', [
          { path: 'setupToken', message: 'Nieprawidłowy kod.' },
        ]);
      }
      const actor: Actor = { kind: 'system', userId: null, label: 'setup', role: 'admin', ip };
      const { setupToken: _, ...fields } = input;
      return usersService.create(actor, { ...fields, role: 'admin', positionIds: [] });
    },

    async cleanup() {
      await repo.deleteExpiredSessions(db, clock.now().toISOString());
      await lockout.cleanup();
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

import type { User, UserCreate, UserLock, UserUpdate } from '../../../shared/users.js';
import type { Db, Row, RowUpdate } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { hashPassword } from '../../lib/password.js';
import type { PasswordChecker } from '../../lib/password-checker.js';
import { passwordInputs } from '../../lib/password-inputs.js';
import type { AuditLog } from '../audit/audit.service.js';
import { adminOnly } from '../auth/access.js';
import { ACCOUNT_BUCKET, type Actor } from '../auth/auth.js';
import type { AuthRepository } from '../auth/auth.repository.js';
import type { PositionsRepository } from '../positions/positions.repository.js';
import type { UsersRepository } from './users.repository.js';

export interface UsersDeps {
  db: Db;
  repo: UsersRepository;
  positions: PositionsRepository;
  sessions: AuthRepository;
  audit: AuditLog;
  clock: Clock;
  passwordHashCost: number;
  passwordChecker: PasswordChecker;
  /** Text naming this installation (its web address), whose words are refused in passwords like the user's data. */
  passwordContext: string[];
}

type LockRow = { login: string; ip: string; blocked_until: string | null };

/** What the users screen shows of a user's log-in locks: the account-wide one first, else locked addresses. */
function lockOf(login: string, rows: LockRow[]): UserLock | null {
  const mine = rows.filter((r) => r.login === login && r.blocked_until);
  if (mine.length === 0) return null;
  const account = mine.find((r) => r.ip === ACCOUNT_BUCKET);
  const addresses = mine.filter((r) => r.ip !== ACCOUNT_BUCKET);
  const latest =
    addresses
      .map((r) => r.blocked_until as string)
      .sort()
      .at(-1) ?? '';
  return account
    ? { scope: 'new_addresses', until: account.blocked_until as string, addresses: addresses.length }
    : { scope: 'addresses', until: latest, addresses: addresses.length };
}

function toUser(row: Row<'users'>, positionIds: string[], lock: UserLock | null): User {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    status: row.status,
    positionIds,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    lock,
  };
}

const requireAdmin = adminOnly('Użytkownikami zarządza tylko administrator.');

export function createUsersService(deps: UsersDeps) {
  const { db, repo, positions, sessions, audit, clock, passwordHashCost, passwordChecker } = deps;
  const hash = (password: string) => hashPassword(password, { N: passwordHashCost, r: 8, p: 1 });
  /** Refuses a password that is easy to guess, also from the user's login, name and e-mail. */
  const assertStrong = (password: string, who: (string | null)[], field = 'password') =>
    passwordChecker.assertStrong(password, passwordInputs([...who, ...deps.passwordContext]), field);
  const locksOf = (logins: string[]) => sessions.activeLocks(db, logins, clock.now().toISOString());

  async function assertPositionsExist(tx: Db, ids: string[]) {
    const found = await positions.findByIds(tx, ids);
    if (found.length !== new Set(ids).size) {
      throw new ValidationError('Wybrane stanowisko nie istnieje.', [
        { path: 'positionIds', message: 'Nieznane stanowisko.' },
      ]);
    }
  }

  async function load(id: string): Promise<User> {
    const row = await repo.findById(db, id);
    if (!row) throw new NotFoundError('Nie znaleziono użytkownika.');
    const links = await repo.positionIdsOf(db, [id]);
    return toUser(
      row,
      links.map((l) => l.position_id),
      lockOf(row.login, await locksOf([row.login])),
    );
  }

  async function requireRow(id: string) {
    const row = await repo.findById(db, id);
    if (!row) throw new NotFoundError('Nie znaleziono użytkownika.');
    return row;
  }

  return {
    /** Refuses a password that is easy to guess, also from these words of the user (login, name, e-mail). */
    assertStrongPassword: assertStrong,

    async list(actor: Actor): Promise<User[]> {
      requireAdmin(actor);
      const rows = await repo.list(db);
      const links = await repo.positionIdsOf(
        db,
        rows.map((r) => r.id),
      );
      const locks = await locksOf(rows.map((r) => r.login));
      return rows.map((r) =>
        toUser(
          r,
          links.filter((l) => l.user_id === r.id).map((l) => l.position_id),
          lockOf(r.login, locks),
        ),
      );
    },

    async get(actor: Actor, id: string): Promise<User> {
      if (actor.userId !== id) requireAdmin(actor);
      return load(id);
    },

    async create(actor: Actor, input: UserCreate): Promise<User> {
      requireAdmin(actor);
      await assertStrong(input.password, [input.login, input.displayName, input.email]);
      const passwordHash = await hash(input.password);
      const id = newId();
      const now = clock.now().toISOString();
      await db.transaction().execute(async (tx) => {
        if (await repo.findByLogin(tx, input.login)) {
          throw new ConflictError(`Login „${input.login}” jest już zajęty — wybierz inny.`);
        }
        await assertPositionsExist(tx, input.positionIds);
        await repo.insert(tx, {
          id,
          login: input.login,
          display_name: input.displayName,
          email: input.email,
          role: input.role,
          status: 'active',
          password_hash: passwordHash,
          created_at: now,
          updated_at: now,
          last_login_at: null,
          // Chosen by an administrator in the app: the new user replaces it at the first log-in.
          password_change_required_at: actor.kind === 'user' ? now : null,
        });
        await repo.replacePositions(tx, id, input.positionIds);
        await audit.record(tx, actor, {
          action: 'user.create',
          entityType: 'user',
          entityId: id,
          details: { login: input.login, role: input.role, positionIds: input.positionIds },
        });
      });
      return load(id);
    },

    async update(actor: Actor, id: string, input: UserUpdate): Promise<User> {
      requireAdmin(actor);
      if (input.password) {
        const row = await requireRow(id);
        await assertStrong(input.password, [
          row.login,
          input.displayName ?? row.display_name,
          input.email ?? row.email,
        ]);
      }
      const passwordHash = input.password ? await hash(input.password) : undefined;
      await db.transaction().execute(async (tx) => {
        const current = await repo.findById(tx, id);
        if (!current) throw new NotFoundError('Nie znaleziono użytkownika.');
        if (actor.userId === id && (input.role === 'clerk' || input.status === 'disabled')) {
          throw new ValidationError('Nie możesz odebrać sobie uprawnień administratora ani wyłączyć własnego konta.');
        }
        const patch: RowUpdate<'users'> = { updated_at: clock.now().toISOString() };
        if (input.displayName !== undefined) patch.display_name = input.displayName;
        if (input.email !== undefined) patch.email = input.email;
        if (input.role !== undefined) patch.role = input.role;
        if (input.status !== undefined) patch.status = input.status;
        if (passwordHash) {
          patch.password_hash = passwordHash;
          patch.password_change_required_at = actor.userId === id ? null : patch.updated_at;
        }
        await repo.update(tx, id, patch);
        if (input.positionIds) {
          await assertPositionsExist(tx, input.positionIds);
          await repo.replacePositions(tx, id, input.positionIds);
        }
        // A new password or a disabled account ends the user's open sessions.
        if (passwordHash || input.status === 'disabled') await sessions.deleteUserSessions(tx, id, null);
        const { password: _, ...changed } = input;
        await audit.record(tx, actor, {
          action: 'user.update',
          entityType: 'user',
          entityId: id,
          details: { ...changed, ...(passwordHash ? { passwordChanged: true } : {}) },
        });
      });
      return load(id);
    },

    /**
     * Sets a user's password (their own, or any as admin) and ends their other sessions. `field` names the form
     * field a weak password is reported on.
     */
    async setPassword(actor: Actor, id: string, password: string, keepSessionId: string | null, field = 'password') {
      if (actor.userId !== id) requireAdmin(actor);
      const row = await requireRow(id);
      await assertStrong(password, [row.login, row.display_name, row.email], field);
      const passwordHash = await hash(password);
      await db.transaction().execute(async (tx) => {
        const now = clock.now().toISOString();
        // A password the user chose clears the demand to change it; one an administrator set for them makes it.
        await repo.update(tx, id, {
          password_hash: passwordHash,
          updated_at: now,
          password_change_required_at: actor.userId === id ? null : now,
        });
        await sessions.deleteUserSessions(tx, id, keepSessionId);
        await audit.record(tx, actor, { action: 'user.password_change', entityType: 'user', entityId: id });
      });
    },

    /** Ends every log-in lock of a user, from any address (the administrator's unlock). */
    async unlock(actor: Actor, id: string): Promise<User> {
      requireAdmin(actor);
      const row = await requireRow(id);
      const before = lockOf(row.login, await locksOf([row.login]));
      await db.transaction().execute(async (tx) => {
        await sessions.unlock(tx, row.login);
        await audit.record(tx, actor, {
          action: 'user.unlock',
          entityType: 'user',
          entityId: id,
          details: { login: row.login, lock: before },
        });
      });
      return load(id);
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;

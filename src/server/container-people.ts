import type { Config } from './config.js';
import type { Db } from './db/schema.js';
import type { Clock } from './lib/clock.js';
import { createPasswordChecker } from './lib/password-checker.js';
import type { AuditLog } from './modules/audit/audit.service.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { createUsersService } from './modules/users/users.service.js';
import type { Repositories } from './repositories.js';

/** The people who sign in: their accounts, sessions and passwords (the checker runs in a worker; close it). */
export function createPeopleParts(deps: {
  db: Db;
  repos: Repositories;
  audit: AuditLog;
  clock: Clock;
  config: Config;
}) {
  const { db, repos, audit, clock, config } = deps;
  const passwordChecker = createPasswordChecker();
  const users = createUsersService({
    db,
    repo: repos.users,
    positions: repos.positions,
    sessions: repos.auth,
    audit,
    clock,
    passwordHashCost: config.passwordHashCost,
    passwordChecker,
    passwordContext: [config.publicUrl],
  });
  const auth = createAuthService({
    db,
    repo: repos.auth,
    users: repos.users,
    usersService: users,
    instance: repos.instance,
    audit,
    clock,
    sessionTtlMs: config.sessionTtlMs,
    passwordHashCost: config.passwordHashCost,
  });
  return { users, auth, passwordChecker };
}

import { isIPv6 } from 'node:net';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { TooManyRequestsError } from '../../lib/errors.js';
import {
  ACCOUNT_BUCKET,
  ACCOUNT_LOCKOUT,
  ADDRESS_LOCKOUT,
  formatWait,
  KNOWN_ADDRESS_MS,
  type LockoutPolicy,
  lockEnds,
} from './auth.js';
import type { AuthRepository } from './auth.repository.js';

/** Which bucket a lock is in: one login from one address, or one login from every address new to it. */
export type LockScope = 'address' | 'account';

/** A lock that a password check started (the audit log records it when the check fails). */
export interface StartedLock {
  scope: LockScope;
  until: string;
}

/** One reserved password check: the locks it started, and whether it also counted for the whole account. */
export interface Ticket {
  started: StartedLock[];
  newAddress: boolean;
}

/** Refused before the password was checked; carries the locks this attempt itself started. */
export class LockedOutError extends TooManyRequestsError {
  constructor(
    message: string,
    retryAfterSeconds: number,
    readonly started: StartedLock[],
  ) {
    super(message, retryAfterSeconds);
  }
}

/**
 * The bucket of a client address: IPv4 as it is; IPv6 by its /64 network, which one household or attacker gets
 * whole (and whose addresses change every day); requests without a known address share one bucket.
 */
export function addressKey(ip: string | null): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1] as string;
  if (isIPv6(ip)) return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
  return ip;
}

/** The eight groups of an IPv6 address, "::" filled in, without leading zeros. */
function expandIPv6(ip: string): string[] {
  const [head = '', tail] = ip.split('%')[0]!.toLowerCase().split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => (g.includes('.') ? g : g.replace(/^0+(?=.)/, '')));
}

function refusal(scope: LockScope, until: string | null, now: Date, started: StartedLock[]): LockedOutError {
  const seconds = until ? Math.max(1, Math.ceil((new Date(until).getTime() - now.getTime()) / 1000)) : 1;
  const wait = formatWait(seconds);
  const message =
    scope === 'address'
      ? `Zbyt wiele nieudanych prób logowania z tego adresu. Spróbuj ponownie za ${wait} lub poproś administratora o odblokowanie konta.`
      : 'Zbyt wiele nieudanych prób logowania na to konto z nowych adresów, więc logowanie z nich jest wstrzymane. ' +
        `Zaloguj się tam, gdzie zwykle (np. w biurze), spróbuj ponownie za ${wait} lub poproś administratora o odblokowanie konta.`;
  return new LockedOutError(message, seconds, started);
}

/**
 * Login lockout (decision D7): every password check is first reserved in the database, per login and address,
 * and — from an address the login never succeeded from — per login for all such addresses.
 */
export function createLockout(deps: { db: Db; repo: AuthRepository; clock: Clock }) {
  const { db, repo, clock } = deps;

  async function reserveIn(
    policy: LockoutPolicy,
    scope: LockScope,
    login: string,
    ip: string,
    started: StartedLock[],
  ): Promise<void> {
    const now = clock.now();
    const row = await repo.reserveCheck(db, {
      login,
      ip,
      nowIso: now.toISOString(),
      limit: policy.limit,
      windowStartIso: new Date(now.getTime() - policy.windowMs).toISOString(),
      episodeStartIso: new Date(now.getTime() - policy.episodeMs).toISOString(),
      lockEnds: lockEnds(policy, now),
    });
    if (!row) throw refusal(scope, await repo.lockedUntil(db, login, ip, now.toISOString()), now, started);
    if (row.blocked_until) started.push({ scope, until: row.blocked_until });
  }

  return {
    /**
     * Reserves one password check for `login` from `ip`; throws LockedOutError (429) while a bucket that applies is
     * locked. The ticket lists the locks this check started by reaching a limit (it is still checked).
     */
    async reserve(login: string, ip: string | null): Promise<Ticket> {
      const address = addressKey(ip);
      const knownSince = new Date(clock.now().getTime() - KNOWN_ADDRESS_MS).toISOString();
      const known = await repo.isKnownAddress(db, login, address, knownSince);
      const started: StartedLock[] = [];
      await reserveIn(ADDRESS_LOCKOUT, 'address', login, address, started);
      if (!known) await reserveIn(ACCOUNT_LOCKOUT, 'account', login, ACCOUNT_BUCKET, started);
      return { started, newAddress: !known };
    },

    /**
     * The right password: the address's bucket starts over and the address becomes known; the check it reserved
     * for the account is given back (a lock it started there stays — other new addresses are still refused).
     */
    async succeeded(tx: Db, login: string, ip: string | null, ticket: Ticket) {
      await repo.recordSuccess(tx, login, addressKey(ip), clock.now().toISOString());
      if (ticket.newAddress) await repo.releaseCheck(tx, login, ACCOUNT_BUCKET);
    },

    async cleanup() {
      const now = clock.now().getTime();
      const longest = Math.max(ADDRESS_LOCKOUT.episodeMs, ACCOUNT_LOCKOUT.episodeMs);
      await repo.deleteStaleThrottles(db, {
        nowIso: new Date(now).toISOString(),
        failureBeforeIso: new Date(now - longest).toISOString(),
        successBeforeIso: new Date(now - KNOWN_ADDRESS_MS).toISOString(),
      });
    },
  };
}

export type Lockout = ReturnType<typeof createLockout>;

import type { UserRole } from '../../db/schema.js';

/**
 * Who is acting: a logged-in user (from the session), an API key (a rent system; D58) or the system itself (CLI,
 * worker, first run). A key bound to a position acts as a clerk of that one position; a key for the whole
 * installation acts as an administrator — in both cases only on the routes its scopes open.
 */
export interface Actor {
  readonly kind: 'user' | 'system' | 'key';
  readonly userId: string | null;
  readonly label: string;
  readonly role: UserRole;
  readonly ip: string | null;
  /** For an API key: its id and the position it acts for (null: the whole installation). */
  readonly apiKey?: { readonly id: string; readonly positionId: string | null };
}

/** The one position a position-bound API key acts for; null for users, the system and installation-wide keys. */
export function keyPosition(actor: Actor): string | null {
  return actor.apiKey?.positionId ?? null;
}

/** The audit log's name for an API key's actions: `klucz API „Czynsze SM”`. */
export function apiKeyLabel(name: string): string {
  return `klucz API „${name}”`;
}

export function systemActor(label = 'system'): Actor {
  return { kind: 'system', userId: null, label, role: 'admin', ip: null };
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === 'admin';
}

/** What an actor may reach of one kind (accounts, properties): everything (admin) or the ids of their positions'. */
export type Scope = { all: true } | { all: false; ids: ReadonlySet<string> };

export function inScope(scope: Scope, id: string | null): boolean {
  return scope.all || (id !== null && scope.ids.has(id));
}

/** The ids to filter a query by, or null for no filter. */
export function scopeIds(scope: Scope): string[] | null {
  return scope.all ? null : [...scope.ids];
}

export const SESSION_COOKIE = 'listonosz_session';
export const CSRF_HEADER = 'x-csrf-token';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How one lockout bucket counts password checks and how long it locks. */
export interface LockoutPolicy {
  /** Checks allowed in a streak; the one that reaches the limit starts a lock (and is still checked). */
  readonly limit: number;
  /** A streak starts over when its last failure is older than this. */
  readonly windowMs: number;
  /** Lock lengths: the first lock, the second… the last one repeats. */
  readonly locksMs: readonly number[];
  /** After this long without a failure the next lock is the first one again. */
  readonly episodeMs: number;
}

/** Per login and client address: 5 checks, then 1 min, doubling up to 1 h (5 guesses an hour from one address). */
export const ADDRESS_LOCKOUT: LockoutPolicy = {
  limit: 5,
  windowMs: 15 * MINUTE,
  locksMs: [1, 2, 4, 8, 16, 32, 60].map((m) => m * MINUTE),
  episodeMs: DAY,
};

/**
 * Per login from addresses it never logged in from: 20 checks, then 15 min, doubling up to 1 day. Stops guessing
 * spread over many addresses; the user's known addresses are not counted here and never locked by it.
 */
export const ACCOUNT_LOCKOUT: LockoutPolicy = {
  limit: 20,
  windowMs: HOUR,
  locksMs: [15, 30, 60, 120, 240, 480, 960, 1440].map((m) => m * MINUTE),
  episodeMs: 7 * DAY,
};

/** An address the user logged in from within this time is known: the account-wide lock does not apply to it. */
export const KNOWN_ADDRESS_MS = 90 * DAY;

/** Checks allowed per login and address in a streak, and how long a streak lasts. */
export const LOGIN_FAILURE_LIMIT = ADDRESS_LOCKOUT.limit;
export const LOGIN_FAILURE_WINDOW_MS = ADDRESS_LOCKOUT.windowMs;
export const ACCOUNT_FAILURE_LIMIT = ACCOUNT_LOCKOUT.limit;

/** The ip value of the account-wide bucket (no client address looks like this). */
export const ACCOUNT_BUCKET = '*';

/** When a lock that starts now ends, for each number of earlier locks in the episode (the last one repeats). */
export function lockEnds(policy: LockoutPolicy, now: Date): string[] {
  return policy.locksMs.map((ms) => new Date(now.getTime() + ms).toISOString());
}

/** "5 min", "2 godz." — how long to wait, rounded up. */
export function formatWait(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes < 120 ? `${minutes} min` : `${Math.ceil(minutes / 60)} godz.`;
}

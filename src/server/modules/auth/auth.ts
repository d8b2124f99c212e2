import type { UserRole } from '../../db/schema.js';

/** Who is acting: a logged-in user (from the session) or the system itself (CLI, worker, first run). */
export interface Actor {
  readonly kind: 'user' | 'system';
  readonly userId: string | null;
  readonly label: string;
  readonly role: UserRole;
  readonly ip: string | null;
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

/** Failed logins allowed per login within the window before further attempts are refused. */
export const LOGIN_FAILURE_LIMIT = 5;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

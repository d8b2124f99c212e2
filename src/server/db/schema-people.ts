/** People and their rights: users, sessions, log-in throttling, positions (stanowiska) and who holds them. */

export type UserRole = 'admin' | 'clerk';
export type UserStatus = 'active' | 'disabled';

export interface UsersTable {
  id: string;
  login: string;
  display_name: string;
  email: string | null;
  role: UserRole;
  status: UserStatus;
  password_hash: string;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  /** Set when an administrator chose this password (new account, reset): the owner must change it first. */
  password_change_required_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a stolen database does not hold usable session tokens. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** Lockout counters: per (login, address), and per login for new addresses (ip '*'). */
export interface LoginThrottleTable {
  login: string;
  ip: string;
  failures: number;
  lockouts: number;
  blocked_until: string | null;
  last_failure_at: string | null;
  last_success_at: string | null;
}

export interface PositionsTable {
  id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface UserPositionsTable {
  user_id: string;
  position_id: string;
}

export type PositionAccountRole = 'default' | 'allowed';

export interface PositionAccountsTable {
  position_id: string;
  account_id: string;
  role: PositionAccountRole;
}

/** The properties a position serves: its clerks see and edit only these (D23). */
export interface PositionPropertiesTable {
  position_id: string;
  property_id: string;
}

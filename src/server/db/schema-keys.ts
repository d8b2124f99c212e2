/** API keys and remembered idempotent requests (migration 0020, D58). */
export interface ApiKeysTable {
  id: string;
  name: string;
  prefix: string;
  secret_sha256: string;
  position_id: string | null;
  /** JSON array of scopes. */
  scopes: string;
  expires_at: string;
  created_at: string;
  created_by: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  last_used_ip: string | null;
}

export interface IdempotencyKeysTable {
  /** `user:<id>` or `key:<id>`: one client's keys never meet another's. */
  caller: string;
  key: string;
  request_sha256: string;
  created_at: string;
  /** Null while the first request is still running. */
  completed_at: string | null;
  response_status: number | null;
  response_type: string | null;
  response_body: string | null;
}

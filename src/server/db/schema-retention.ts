/** A periodic job that one worker at a time runs (migration 0031, D76): its lease and its last run. */
export interface JobLeasesTable {
  name: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_run_at: string | null;
  /** JSON: what the last run did (counts only). */
  last_result: string | null;
}

import {
  CATEGORY_RULES,
  DEFAULT_RETENTION_POLICY,
  type RetentionCategory,
  RetentionPolicy,
} from '../../../shared/retention.js';

/** Where the policy lives in `instance_settings`. */
export const RETENTION_POLICY_KEY = 'retention_policy';
/** The daily job's row in `job_leases`. */
export const RETENTION_JOB = 'retention';
/** Blobs younger than this are never collected as orphans: an import or a send may be storing them right now. */
export const ORPHAN_SAFETY_MS = 24 * 3600_000;

/** `iso` minus `months` calendar months (the day kept, or the month's last day). */
export function minusMonths(now: Date, months: number): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(y, m, Math.min(now.getUTCDate(), last), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()),
  );
}

/** The office's (Europe/Warsaw) calendar year of an instant: 1 January starts at 23:00 UTC the day before. */
function officeYear(d: Date): number {
  return new Date(d.getTime() + 3600_000).getUTCFullYear();
}

/** 1 January 00:00 of `year` in Warsaw (winter time, UTC+1), as ISO. */
function officeYearStartIso(year: number): string {
  return new Date(Date.UTC(year, 0, 1) - 3600_000).toISOString();
}

/**
 * The instant before which data of a category has outlived its time. Counted from the end of the calendar year
 * (tax, limitation): something from year Y is kept until 31.12.Y plus the period — removable once
 * `now − period` has reached the next year, so everything before 1 January of the year of `now − period` goes.
 */
export function cutoffIso(category: RetentionCategory, months: number, now: Date): string {
  const back = minusMonths(now, months);
  return CATEGORY_RULES[category].fromYearEnd ? officeYearStartIso(officeYear(back)) : back.toISOString();
}

/** The stored policy read leniently: a value missing or no longer valid falls back to its default. */
export function parsePolicy(value: string | undefined): RetentionPolicy {
  if (!value) return DEFAULT_RETENTION_POLICY;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(value) as Record<string, unknown>;
  } catch {
    return DEFAULT_RETENTION_POLICY;
  }
  const merged = { ...DEFAULT_RETENTION_POLICY };
  for (const key of Object.keys(merged) as RetentionCategory[]) {
    const one = RetentionPolicy.shape[key].safeParse(raw[key]);
    if (one.success) merged[key] = one.data;
  }
  return merged;
}

/** Proofs outlive the content they prove: a category's proof period is the longer of the two. */
export function proofMonths(policy: RetentionPolicy, content: 'taxDocuments' | 'correspondence'): number {
  return Math.max(policy.proofs, policy[content]);
}

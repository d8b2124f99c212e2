/**
 * When to try a message again (docs/architecture.md §4): exponential steps with ±20 % jitter, at most `maxAttempts`
 * attempts and `lifetimeMs` from the first attempt; a server's own "try again in N seconds" wins when longer.
 */
export interface RetryPolicy {
  /** Delay before attempt n+1, indexed by attempts made so far (1 → the delay before the 2nd attempt). */
  readonly delaysMs: readonly number[];
  readonly jitter: number;
  readonly maxAttempts: number;
  readonly lifetimeMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  delaysMs: [1 * MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 20 * MINUTE, 40 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR],
  jitter: 0.2,
  maxAttempts: 10,
  lifetimeMs: 24 * HOUR,
};

/** A server's hint is honoured plus a small margin, as Postal does. */
const HINT_MARGIN_MS = 10_000;

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: 'attempts' | 'lifetime' };

/**
 * @param attemptsMade attempts already made, including the one that just failed (≥ 1)
 * @param firstAttemptAt when the first attempt of this series started
 * @param random a number in [0, 1) (injected so tests are exact)
 */
export function nextRetry(
  policy: RetryPolicy,
  attemptsMade: number,
  firstAttemptAt: Date,
  now: Date,
  random: number,
  serverHintMs: number | null = null,
): RetryDecision {
  if (attemptsMade >= policy.maxAttempts) return { retry: false, reason: 'attempts' };
  const base = policy.delaysMs[Math.min(attemptsMade, policy.delaysMs.length) - 1] ?? 0;
  const jittered = Math.round(base * (1 + policy.jitter * (2 * random - 1)));
  const delayMs = serverHintMs !== null ? Math.max(jittered, serverHintMs + HINT_MARGIN_MS) : jittered;
  if (now.getTime() + delayMs - firstAttemptAt.getTime() > policy.lifetimeMs)
    return { retry: false, reason: 'lifetime' };
  return { retry: true, delayMs };
}

/** Back-off of an account's circuit: how long it stays open after the n-th consecutive account-level failure. */
export function circuitOpenMs(consecutiveFailures: number): number {
  const steps = [1 * MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR];
  return steps[Math.min(Math.max(consecutiveFailures, 1), steps.length) - 1] as number;
}

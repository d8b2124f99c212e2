import type { RateScale } from '../db/schema.js';

/**
 * Token buckets per account and time scale (second, minute, hour, day), stored in the database so that every
 * worker draws from the same buckets. A bucket holds at most `limit` tokens and refills continuously at
 * `limit` per scale. Pure arithmetic here; locking and storage are in the outbox repository.
 */
export const SCALE_SECONDS: Record<RateScale, number> = { second: 1, minute: 60, hour: 3600, day: 86_400 };

export interface Limits {
  perSecond: number | null;
  perMinute: number | null;
  perHour: number | null;
  perDay: number | null;
}

export function limitsByScale(l: Limits): [RateScale, number][] {
  const pairs: [RateScale, number | null][] = [
    ['second', l.perSecond],
    ['minute', l.perMinute],
    ['hour', l.perHour],
    ['day', l.perDay],
  ];
  return pairs.filter((p): p is [RateScale, number] => p[1] !== null && p[1] > 0);
}

export interface Bucket {
  scale: RateScale;
  tokens: number;
  updatedAt: Date;
}

/** Tokens in a bucket at `now` after refilling since its last update, capped at the limit. */
export function refill(bucket: Bucket, limit: number, now: Date): number {
  const elapsedSeconds = Math.max(0, (now.getTime() - bucket.updatedAt.getTime()) / 1000);
  return Math.min(limit, bucket.tokens + (elapsedSeconds * limit) / SCALE_SECONDS[bucket.scale]);
}

/**
 * How many whole messages the buckets allow now (at most `wanted`), and the buckets after taking them.
 * Also says how long until the next token when none is available, so a worker knows when to look again.
 */
export function take(
  buckets: Bucket[],
  limits: [RateScale, number][],
  wanted: number,
  now: Date,
): { granted: number; after: Bucket[]; waitMs: number } {
  const byScale = new Map(buckets.map((b) => [b.scale, b]));
  const levels = limits.map(([scale, limit]) => {
    const bucket = byScale.get(scale) ?? { scale, tokens: limit, updatedAt: now };
    return { scale, limit, tokens: refill(bucket, limit, now) };
  });
  const granted = Math.max(0, Math.min(wanted, ...levels.map((l) => Math.floor(l.tokens + 1e-9))));
  const waitMs =
    granted > 0
      ? 0
      : Math.max(
          ...levels.map((l) => (l.tokens >= 1 ? 0 : ((1 - l.tokens) * SCALE_SECONDS[l.scale] * 1000) / l.limit)),
        );
  return {
    granted,
    after: levels.map((l) => ({ scale: l.scale, tokens: l.tokens - granted, updatedAt: now })),
    waitMs: Math.ceil(waitMs),
  };
}

/** Gives back tokens that were taken for messages that turned out not to be there. */
export function giveBack(buckets: Bucket[], limits: [RateScale, number][], count: number): Bucket[] {
  const limitOf = new Map(limits);
  return buckets.map((b) => ({ ...b, tokens: Math.min(limitOf.get(b.scale) ?? b.tokens, b.tokens + count) }));
}

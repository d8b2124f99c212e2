import { formatNumber } from '../../../shared/format.js';
import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { OFFICE_TIME_ZONE, officeDayEndIso } from '../../lib/dates.js';
import { TooManyRequestsError } from '../../lib/errors.js';
import type { Actor } from '../auth/auth.js';
import type { StorageRepository } from './storage.repository.js';

/**
 * The daily storage quota: every upload that stores bytes (documents from data, PDFs, ZIPs and printouts,
 * attachments of drafts and batches) charges them to its user's office day before or as it stores them, in one
 * atomic statement. Actors without a user (the system, drop folders on the server's own disk) are not counted.
 */
export interface UploadQuota {
  /** Charges `bytes` to the actor's day (pass the storing transaction when there is one), or refuses (429). */
  charge(db: Db, actor: Actor, bytes: number): Promise<QuotaReceipt | null>;
  /** Gives back what a charge took when the upload then stored less (or nothing). */
  refund(db: Db, receipt: QuotaReceipt, bytes: number): Promise<void>;
  /** The daily quota in bytes, null when off. */
  readonly bytesPerDay: number | null;
}

export interface QuotaReceipt {
  userId: string;
  day: string;
  bytes: number;
}

const dayFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The office (Warsaw) calendar day of an instant, `YYYY-MM-DD`. */
export function officeDay(instant: Date): string {
  return dayFormatter.format(instant);
}

const MB = 1024 * 1024;

/** "12,3 MB", rounded down so what is shown as left is really left. */
export function quotaMegabytes(bytes: number): string {
  return `${formatNumber(Math.floor((Math.max(0, bytes) / MB) * 10) / 10, 1)} MB`;
}

/** The refusal: how much this upload needs, how much is left today, and when the quota renews. */
export function quotaMessage(input: { bytes: number; used: number; limit: number; resetsAt: Date; now: Date }) {
  const left = Math.max(0, input.limit - input.used);
  const minutes = Math.max(1, Math.ceil((input.resetsAt.getTime() - input.now.getTime()) / 60_000));
  const wait = minutes >= 60 ? `${Math.floor(minutes / 60)} godz. ${minutes % 60} min` : `${minutes} min`;
  return (
    `Przekroczony dzienny limit zapisu plików (${quotaMegabytes(input.limit)} na użytkownika): ten plik ` +
    `zapisałby ${quotaMegabytes(input.bytes)}, a dziś zostało ${quotaMegabytes(left)}. Limit odnowi się ` +
    `o północy (za ${wait}). Podziel plik na mniejsze części albo poproś administratora o wyższy limit.`
  );
}

export function createUploadQuota(deps: { repo: StorageRepository; clock: Clock; bytesPerDay: number }): UploadQuota {
  const { repo, clock } = deps;
  const limit = deps.bytesPerDay > 0 ? deps.bytesPerDay : null;
  return {
    bytesPerDay: limit,

    async charge(db, actor, bytes) {
      if (limit === null || !actor.userId || bytes <= 0) return null;
      const now = clock.now();
      const day = officeDay(now);
      const input = { userId: actor.userId, day, bytes, limit, now: now.toISOString() };
      if (bytes <= limit && (await repo.charge(db, input)) !== null) return { userId: actor.userId, day, bytes };
      const used = await repo.usedOn(db, actor.userId, day);
      const resetsAt = new Date(officeDayEndIso(day));
      const retryAfter = Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000));
      throw new TooManyRequestsError(quotaMessage({ bytes, used, limit, resetsAt, now }), retryAfter);
    },

    async refund(db, receipt, bytes) {
      if (bytes <= 0) return;
      await repo.refund(db, { ...receipt, bytes: Math.min(bytes, receipt.bytes), now: clock.now().toISOString() });
    },
  };
}

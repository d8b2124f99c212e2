import { Id, z } from './zod.js';

/** What the database and the data folder hold, and who stored how much: the admin's disk view. */
export const StorageUsage = z.object({
  /** Bytes one user may store per day; null when the quota is off (UPLOAD_QUOTA_MB_PER_DAY=0). */
  quotaBytesPerDay: z.number().int().nullable(),
  /** Today in Poland, `YYYY-MM-DD`; the quota renews at its end (`resetsAt`, UTC). */
  today: z.string(),
  resetsAt: z.string(),
  /** Stored files (PDFs, attachments, sent messages), each once. */
  blobs: z.object({ count: z.number().int(), bytes: z.number().int() }),
  /** Uploads per day, newest first, the last 14 days with any. */
  days: z.array(z.object({ day: z.string(), bytes: z.number().int(), users: z.number().int() })),
  /** Today's uploads per user, most first. */
  users: z.array(z.object({ userId: Id, login: z.string(), displayName: z.string(), bytes: z.number().int() })),
  /** SQLite: the data folder (database, its journal, the instance key); null on PostgreSQL. */
  dataDir: z
    .object({ path: z.string(), bytes: z.number().int(), files: z.number().int(), complete: z.boolean() })
    .nullable(),
});
export type StorageUsage = z.infer<typeof StorageUsage>;

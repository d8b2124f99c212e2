import { Id, z } from './zod.js';

export const DailyQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(30) });

export const DailyStats = z.object({
  /** Calendar days in Poland, oldest first, `YYYY-MM-DD`. */
  days: z.array(z.string()),
  accounts: z.array(
    z.object({
      accountId: Id,
      name: z.string(),
      /** One number per day, aligned with `days`. */
      sent: z.array(z.number().int()),
      failed: z.array(z.number().int()),
    }),
  ),
});
export type DailyStats = z.infer<typeof DailyStats>;

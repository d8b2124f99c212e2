import { z } from './zod.js';

/** The demo data's size in units: `listonosz demo --units` and the first-run screen's button share the bounds. */
export const DEFAULT_DEMO_UNITS = 300;
export const MIN_DEMO_UNITS = 30;
export const MAX_DEMO_UNITS = 5000;

export const DemoInput = z.strictObject({
  units: z.number().int().min(MIN_DEMO_UNITS).max(MAX_DEMO_UNITS).default(DEFAULT_DEMO_UNITS),
  documents: z.boolean().default(true),
});

/** What the demo loader added (the period of its fee notices). */
export const DemoResult = z.object({
  positions: z.number(),
  properties: z.number(),
  units: z.number(),
  recipients: z.number(),
  skipped: z.number(),
  documents: z.number(),
  period: z.string(),
});

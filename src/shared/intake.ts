import { Batch } from './batches.js';
import { DocumentTypeName, Period } from './documents.js';
import { Id, z } from './zod.js';

/**
 * What happens to a batch that arrives without a person (the one-call endpoint, a drop folder): sent at once, sent at
 * the position's hour, or left in Robocze until a clerk queues it ("Do zatwierdzenia" on Pulpit). Ordered from the
 * loosest to the strictest: a request may ask for a stricter mode than its position allows, never a looser one (D61).
 */
export const IntakeMode = z.enum(['now', 'scheduled', 'approval']);
export type IntakeMode = z.infer<typeof IntakeMode>;

/** HH:MM in Polish time. */
export const SendTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Godzina w postaci GG:MM, np. 18:00.');

/** A drop folder: files put there become batches of this position and document type. */
export const DropFolder = z.object({
  documentType: DocumentTypeName,
  /** Relative to the drop root (DROP_ROOT, by default <data folder>/drop), or absolute when an administrator sets it. */
  path: z.string(),
  /** Where the worker looks, as resolved on this server. */
  resolvedPath: z.string(),
});
export type DropFolder = z.infer<typeof DropFolder>;

/** A position's rule for mail that comes without a person, and its drop folders. */
export const PositionIntake = z.object({
  positionId: Id,
  mode: IntakeMode,
  sendTime: SendTime,
  dropFolders: z.array(DropFolder),
});
export type PositionIntake = z.infer<typeof PositionIntake>;

export const PositionIntakeInput = z.strictObject({
  mode: IntakeMode,
  sendTime: SendTime.default('18:00'),
  dropFolders: z
    .array(z.strictObject({ documentType: DocumentTypeName, path: z.string().trim().min(1).max(500) }))
    .max(50)
    .default([]),
});
export type PositionIntakeInput = z.input<typeof PositionIntakeInput>;

/** The text fields of `POST /api/intake` (the file comes in "file"). */
export const IntakeFields = z.strictObject({
  type: DocumentTypeName,
  positionId: Id,
  /** Required for a printout or a ZIP; a data file carries its own periods. */
  period: Period.optional(),
  sendMode: IntakeMode.optional(),
});
export type IntakeFields = z.infer<typeof IntakeFields>;

export const IntakeStatus = z.enum([
  'accepted',
  'importing',
  'drafting',
  'queued',
  'scheduled',
  'awaiting_approval',
  'failed',
]);
export type IntakeStatus = z.infer<typeof IntakeStatus>;

export const IntakeAccepted = z.object({ batchId: Id, statusUrl: z.string() });

/** Where an intake is: its stage, the batch once made (with its counts), and what went wrong. */
export const Intake = z.object({
  batchId: Id,
  positionId: Id,
  documentType: DocumentTypeName,
  period: z.string().nullable(),
  mode: IntakeMode,
  source: z.enum(['api', 'drop']),
  filename: z.string(),
  status: IntakeStatus,
  /** When the messages go out (mode "scheduled"). */
  sendAt: z.string().nullable(),
  documents: z.number().int().nullable(),
  error: z.string().nullable(),
  errorRows: z.array(z.object({ line: z.number(), key: z.string().nullish(), path: z.string(), message: z.string() })),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  batch: Batch.nullable(),
});
export type Intake = z.infer<typeof Intake>;

import { Cursor, Id, IsoDate, Limit, z } from './zod.js';

export const AuditEntry = z.object({
  id: Id,
  at: z.string(),
  actorId: Id.nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  /** The names of the ids this entry mentions (actor, entity, `…Id` details) that could be found. */
  names: z.record(z.string(), z.string()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  actorId: Id.optional(),
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(50).optional(),
  entityId: z.string().trim().max(100).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  cursor: Cursor,
  limit: Limit,
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** The audit log's action filter: one entry per action prefix the server writes (checked by audit-labels.test.ts). */
export const AUDIT_ACTION_GROUPS = [
  'auth',
  'user',
  'position',
  'account',
  'property',
  'unit',
  'recipient',
  'import',
  'document',
  'template',
  'batch',
  'message',
  'suppression',
  'feedback_mailbox',
  'feedback_mail',
  'api_key',
  'webhook',
  'settings',
  'retention',
] as const;

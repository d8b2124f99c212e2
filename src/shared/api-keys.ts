import { Id, text, z } from './zod.js';

/**
 * What an API key may do. A route names the one scope that lets a key call it (`config: { scope }`); a route
 * without one is closed to keys, so routes added later are refused to keys until someone decides (D58).
 */
export const API_KEY_SCOPES = [
  'documents:read',
  'documents:write',
  'batches:read',
  'batches:write',
  'messages:read',
  'messages:write',
  'events:read',
  'webhooks:write',
] as const;
export const ApiKeyScope = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/** Every key starts with this, so a leaked key is easy to recognise (and to search for in logs and repositories). */
export const API_KEY_PREFIX = 'lst_';

export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  /** The first characters of the key (`lst_Ab12…`), enough to tell keys apart; the key itself is never shown again. */
  prefix: z.string(),
  /** The position the key acts for; null for the whole installation. */
  positionId: Id.nullable(),
  scopes: z.array(ApiKeyScope),
  expiresAt: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  lastUsedIp: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const ApiKeyInput = z.strictObject({
  name: text(100),
  positionId: Id.nullable(),
  scopes: z
    .array(ApiKeyScope)
    .min(1, 'Wybierz co najmniej jeden zakres.')
    .max(API_KEY_SCOPES.length)
    .refine((list) => new Set(list).size === list.length, 'Zakres powtarza się na liście.'),
  /** The day the key stops working (office date, end of that day). */
  expiresOn: z.iso.date({ error: 'Podaj datę w formacie RRRR-MM-DD.' }),
});
export type ApiKeyInput = z.infer<typeof ApiKeyInput>;

/** The answer to creating a key: the key itself, shown this once. */
export const CreatedApiKey = z.object({ apiKey: ApiKey, secret: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

import { Id, optionalText, text, z } from './zod.js';

export const PositionAccountRole = z.enum(['default', 'allowed']);

export const Position = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  accounts: z.array(z.object({ accountId: Id, role: PositionAccountRole })),
  userIds: z.array(Id),
  /** The properties this position serves: its clerks see and edit only their documents, units and recipients. */
  propertyIds: z.array(Id),
});
export type Position = z.infer<typeof Position>;

const PositionFields = { name: text(100), description: optionalText(500) };

export const PositionInput = z.strictObject({
  ...PositionFields,
  description: PositionFields.description.default(''),
});
/** Built from the fields without defaults: an absent field stays as it is (`.partial()` would apply defaults). */
export const PositionUpdate = z.strictObject(PositionFields).partial();

/** Replaces the position's accounts; exactly one must be the default when any are given. */
export const PositionAccountsInput = z.strictObject({
  accounts: z
    .array(z.strictObject({ accountId: Id, role: PositionAccountRole }))
    .max(50)
    .refine(
      (list) => list.length === 0 || list.filter((a) => a.role === 'default').length === 1,
      'Wskaż dokładnie jedno konto domyślne dla stanowiska.',
    )
    .refine((list) => new Set(list.map((a) => a.accountId)).size === list.length, 'Konto powtarza się na liście.'),
});

/** Replaces the properties a position serves. */
export const PositionPropertiesInput = z.strictObject({
  propertyIds: z
    .array(Id)
    .max(10_000)
    .refine((list) => new Set(list).size === list.length, 'Nieruchomość powtarza się na liście.'),
});

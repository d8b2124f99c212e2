import { Password, Role } from './auth.js';
import { EmailAddress, Id, text, z } from './zod.js';

export const UserStatus = z.enum(['active', 'disabled']);

/**
 * A log-in lock in force: `new_addresses` — the account is locked for every address it never logged in from
 * (its known addresses still work); `addresses` — only the listed number of addresses are locked.
 */
export const UserLock = z.object({
  scope: z.enum(['new_addresses', 'addresses']),
  until: z.string(),
  addresses: z.number().int(),
});
export type UserLock = z.infer<typeof UserLock>;

export const User = z.object({
  id: Id,
  login: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: Role,
  status: UserStatus,
  positionIds: z.array(Id),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
  lock: UserLock.nullable(),
});
export type User = z.infer<typeof User>;

const PositionIds = z
  .array(Id)
  .max(100)
  .refine((list) => new Set(list).size === list.length, 'Stanowisko powtarza się na liście.');

export const UserCreate = z.strictObject({
  login: text(100)
    .toLowerCase()
    .regex(/^[a-z0-9._@-]+$/, 'Login może zawierać małe litery, cyfry i znaki . _ @ -'),
  displayName: text(200),
  email: EmailAddress.nullable().default(null),
  role: Role,
  password: Password,
  positionIds: PositionIds.default([]),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z.strictObject({
  displayName: text(200).optional(),
  email: EmailAddress.nullable().optional(),
  role: Role.optional(),
  status: UserStatus.optional(),
  password: Password.optional(),
  positionIds: PositionIds.optional(),
});
export type UserUpdate = z.infer<typeof UserUpdate>;

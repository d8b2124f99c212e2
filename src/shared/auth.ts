import { PASSWORD_MIN_LENGTH } from './password-rules.js';
import { EmailAddress, Id, text, z } from './zod.js';

export { PASSWORD_MIN_LENGTH };

export const Role = z.enum(['admin', 'clerk']);
export type Role = z.infer<typeof Role>;

export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Hasło musi mieć co najmniej ${PASSWORD_MIN_LENGTH} znaków.`)
  .max(200, 'Hasło jest za długie (najwyżej 200 znaków).');

export const LoginInput = z.object({
  login: z.string().trim().toLowerCase().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const CurrentUser = z.object({
  id: Id,
  login: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: Role,
  positionIds: z.array(Id),
  /** The password was set by an administrator: nothing but changing it (or logging out) until it is changed. */
  mustChangePassword: z.boolean(),
});
export type CurrentUser = z.infer<typeof CurrentUser>;

export const SessionInfo = z.object({ user: CurrentUser, csrfToken: z.string() });
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SetupStatus = z.object({ needsSetup: z.boolean() });

export const SetupInput = z.object({
  setupToken: z.string().min(1).max(200),
  login: text(100)
    .toLowerCase()
    .regex(/^[a-z0-9._@-]+$/, 'Login: małe litery, cyfry i znaki . _ @ -'),
  displayName: text(200),
  email: EmailAddress.nullable().default(null),
  password: Password,
});

export const PasswordChangeInput = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: Password,
});
export type PasswordChangeInput = z.infer<typeof PasswordChangeInput>;

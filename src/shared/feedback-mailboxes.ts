import { AccountSecurity, AccountStatus } from './accounts.js';
import { Id, optionalText, text, z } from './zod.js';

/** How the mailbox logs in: a password, or OAuth2 (XOAUTH2) for Microsoft 365 and Google, which refuse passwords. */
export const MailboxAuth = z.enum(['password', 'oauth2']);
export const OAuthProvider = z.enum(['microsoft', 'google', 'custom']);

/** Token endpoints and IMAP scopes the providers document; the form fills them in, the admin may change them. */
export const OAUTH_DEFAULTS = {
  microsoft: {
    tokenUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token',
    scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access',
    host: 'outlook.office365.com',
  },
  google: {
    tokenUrl: 'https://oauth2.googleapis.com/token',
    scope: 'https://mail.google.com/',
    host: 'imap.gmail.com',
  },
} as const;

const Hostname = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'Nieprawidłowa nazwa serwera IMAP.');

/** https, or http only to this machine (a local token service or a test). */
const TokenUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => {
    try {
      const url = new URL(v);
      return (
        url.protocol === 'https:' ||
        (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
      );
    } catch {
      return false;
    }
  }, 'Adres wydawania tokenów musi zaczynać się od https://.');

const Folder = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((v) => !/[\r\n\0]/.test(v), 'Nazwa folderu nie może zawierać znaków końca wiersza.');

export const Folders = z
  .array(Folder)
  .min(1, 'Podaj co najmniej jeden folder (zwykle INBOX).')
  .max(20)
  .refine((f) => new Set(f).size === f.length, 'Foldery się powtarzają.');

/**
 * How the worker's reader is doing with a mailbox (D47, D51): who reads it now and how the last read went.
 * `worker` is null when no worker holds the mailbox's lease (no worker running, or the mailbox is switched off).
 */
export const MailboxReaderState = z.object({
  worker: z.string().nullable(),
  /** idle: never read yet; ok: the last full read worked; error: the reads fail (since `errorSince`). */
  status: z.enum(['idle', 'ok', 'error']),
  /** What is wrong and what to do, in Polish. */
  error: z.string().nullable(),
  /** What the server or the library said. */
  errorDetail: z.string().nullable(),
  errorSince: z.string().nullable(),
  lastOkAt: z.string().nullable(),
});
export type MailboxReaderState = z.infer<typeof MailboxReaderState>;

/** What the API returns: never a secret, only whether it is set. */
export const FeedbackMailbox = z.object({
  id: Id,
  name: z.string(),
  host: z.string(),
  port: z.number(),
  security: AccountSecurity,
  username: z.string(),
  auth: MailboxAuth,
  hasPassword: z.boolean(),
  oauth: z
    .object({
      provider: OAuthProvider,
      clientId: z.string(),
      hasClientSecret: z.boolean(),
      tokenUrl: z.string(),
      hasRefreshToken: z.boolean(),
      scope: z.string(),
    })
    .nullable(),
  folders: z.array(z.string()),
  /** Mail that arrived before this moment is left alone. */
  processSince: z.string(),
  status: AccountStatus,
  lastError: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  /** Sending accounts whose feedback arrives here. */
  accountIds: z.array(Id),
  reader: MailboxReaderState,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FeedbackMailbox = z.infer<typeof FeedbackMailbox>;

const OAuthInput = z.strictObject({
  provider: OAuthProvider,
  clientId: text(500),
  /** Write-only. Omit to keep the stored one; null or "" for none (public clients). */
  clientSecret: z.string().max(2000).nullable().optional(),
  tokenUrl: TokenUrl,
  /** Write-only. Omit to keep the stored one. */
  refreshToken: z.string().trim().min(1).max(8000).optional(),
  scope: optionalText(1000).default(''),
});
export type OAuthInput = z.infer<typeof OAuthInput>;

const MailboxFields = {
  name: text(100),
  host: Hostname,
  port: z.number().int().min(1).max(65535),
  security: AccountSecurity,
  username: text(320),
  auth: MailboxAuth,
  /** Write-only. Omit to keep the stored password. */
  password: z.string().min(1).max(500),
  oauth: OAuthInput.nullable(),
  folders: Folders,
  processSince: z.iso.datetime({ offset: true, error: 'Podaj datę i godzinę (ISO 8601).' }),
  status: AccountStatus,
};

export const FeedbackMailboxCreate = z.strictObject({
  ...MailboxFields,
  security: MailboxFields.security.default('tls'),
  auth: MailboxFields.auth.default('password'),
  password: MailboxFields.password.optional(),
  oauth: MailboxFields.oauth.default(null),
  folders: MailboxFields.folders.default(['INBOX']),
  /** Default: the moment it is configured. */
  processSince: MailboxFields.processSince.optional(),
  status: MailboxFields.status.default('active'),
});
export type FeedbackMailboxCreate = z.infer<typeof FeedbackMailboxCreate>;

export const FeedbackMailboxUpdate = z.strictObject(MailboxFields).partial();
export type FeedbackMailboxUpdate = z.infer<typeof FeedbackMailboxUpdate>;

/** The answer of "Sprawdź połączenie": what worked, in Polish, and the folders the server has. */
export const MailboxTestResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  technical: z.string().nullable(),
  folders: z.array(z.string()),
  missingFolders: z.array(z.string()),
});
export type MailboxTestResult = z.infer<typeof MailboxTestResult>;

import { oneLine } from './plain-text.js';
import { EmailAddress, Id, optionalText, text, z } from './zod.js';

export const AccountSecurity = z.enum(['tls', 'starttls', 'none']);
export const AccountStatus = z.enum(['active', 'inactive']);
export const EnvelopeMode = z.enum(['verp', 'feedback']);

const rate = z.number().int().min(1).max(1_000_000).nullable();

const Hostname = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'Nieprawidłowa nazwa serwera SMTP.');

const DkimKey = z
  .string()
  .trim()
  .max(20_000)
  .regex(
    /^-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----$/,
    'Klucz DKIM musi być kluczem prywatnym w formacie PEM.',
  );

/** An account's feedback alarm (D48, D55): the moment the policy block was read and the report's reason code. */
export const FeedbackAlarm = z.object({ at: z.string(), reason: z.string() });
export type FeedbackAlarm = z.infer<typeof FeedbackAlarm>;

/** What the API returns: never the password or the DKIM key, only whether they are set. */
export const Account = z.object({
  id: Id,
  kind: z.enum(['smtp', 'capture']),
  name: z.string(),
  fromName: z.string(),
  fromAddress: z.string(),
  feedbackAddress: z.string(),
  envelopeMode: EnvelopeMode,
  /** Every message asks for a read receipt (Disposition-Notification-To); a batch may decide otherwise. */
  readReceipt: z.boolean(),
  host: z.string(),
  port: z.number(),
  security: AccountSecurity,
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  rates: z.object({ perSecond: rate, perMinute: rate, perHour: rate, perDay: rate }),
  dkim: z.object({ domain: z.string(), selector: z.string(), hasKey: z.boolean() }).nullable(),
  status: AccountStatus,
  maxConnections: z.number(),
  /** closed: sending; open: paused after an account-level error until retryAt; half_open: one trial message; paused: held by an admin. */
  circuit: z.object({
    state: z.enum(['closed', 'open', 'half_open', 'paused']),
    failures: z.number(),
    retryAt: z.string().nullable(),
  }),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  lastVerifiedAt: z.string().nullable(),
  /** Whether the server's EHLO offers SMTPUTF8 (addresses with non-ASCII letters before the @); null: not known yet. */
  smtpUtf8: z.enum(['offered', 'not_offered']).nullable(),
  /** The IMAP mailbox its bounces and replies arrive in (Ustawienia → Skrzynki zwrotne); null: none is read. */
  feedbackMailboxId: Id.nullable(),
  /**
   * A bounce said the recipient's server refused mail from this account for its own reasons (spam, SPF/DKIM/DMARC,
   * a block list…: D48): when, and the report's reason code (`mailboxes.feedback.reason.<code>`). Null: none or cleared.
   */
  feedbackAlarm: FeedbackAlarm.nullable(),
  positionIds: z.array(Id),
});
export type Account = z.infer<typeof Account>;

const AccountFields = {
  name: text(100),
  fromName: oneLine(optionalText(200)),
  fromAddress: EmailAddress,
  feedbackAddress: EmailAddress,
  envelopeMode: EnvelopeMode,
  readReceipt: z.boolean(),
  host: Hostname,
  port: z.number().int().min(1).max(65535),
  security: AccountSecurity,
  username: optionalText(200).nullable(),
  /** Write-only. Omit to keep the stored password; null removes it. */
  password: z.string().max(500).nullable(),
  rates: z.strictObject({ perSecond: rate, perMinute: rate, perHour: rate, perDay: rate }),
  /** Write-only key. Omit `privateKey` to keep the stored one; null `dkim` removes DKIM signing. */
  dkim: z
    .strictObject({
      domain: Hostname,
      selector: z
        .string()
        .trim()
        .min(1)
        .max(63)
        .regex(/^[A-Za-z0-9._-]+$/, 'Nieprawidłowy selektor DKIM.'),
      privateKey: DkimKey.optional(),
    })
    .nullable(),
  status: AccountStatus,
  maxConnections: z.number().int().min(1).max(50),
  feedbackMailboxId: Id.nullable(),
};

export const AccountCreate = z.strictObject({
  ...AccountFields,
  fromName: AccountFields.fromName.default(''),
  envelopeMode: AccountFields.envelopeMode.default('feedback'),
  readReceipt: AccountFields.readReceipt.default(false),
  security: AccountFields.security.default('starttls'),
  username: AccountFields.username.default(null),
  password: AccountFields.password.default(null),
  rates: AccountFields.rates.default({ perSecond: null, perMinute: null, perHour: null, perDay: null }),
  dkim: AccountFields.dkim.default(null),
  status: AccountFields.status.default('active'),
  maxConnections: AccountFields.maxConnections.default(5),
  feedbackMailboxId: AccountFields.feedbackMailboxId.default(null),
});
export type AccountCreate = z.infer<typeof AccountCreate>;

export const AccountUpdate = z.strictObject(AccountFields).partial();
export type AccountUpdate = z.infer<typeof AccountUpdate>;

export const ConnectionTestResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  technical: z.string().nullable(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

/** Pausing an account: how many of its waiting messages were held. */
export const HoldResult = z.object({ held: z.number() });
/** "Try now": how many of the account's waiting messages became due. */
export const RetryNowResult = z.object({ due: z.number() });
/** Resuming an account: how many held messages returned to the queue. */
export const ReleaseResult = z.object({ released: z.number() });

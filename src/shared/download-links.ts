import { z } from './zod.js';

/**
 * How a message carries its PDFs (D70): as attachments (the default, as before), as signed download links only, or
 * both. Set per account, overridable per batch.
 */
export const DownloadLinkMode = z.enum(['attachment', 'link', 'both']);
export type DownloadLinkMode = z.infer<typeof DownloadLinkMode>;

export const DOWNLOAD_LINK_DEFAULT_DAYS = 90;
export const DOWNLOAD_LINK_MAX_DAYS = 365;

/** How long a link works, in days from the moment the message is queued. */
export const DownloadLinkDays = z
  .number()
  .int('Podaj liczbę całych dni.')
  .min(1, 'Link musi być ważny co najmniej 1 dzień.')
  .max(DOWNLOAD_LINK_MAX_DAYS, `Link może być ważny najwyżej ${DOWNLOAD_LINK_MAX_DAYS} dni.`);

/** An account's choice (GET/PUT /api/accounts/:id/download-links) and a batch's override. */
export const DownloadLinkSettings = z.strictObject({ mode: DownloadLinkMode, days: DownloadLinkDays });
export type DownloadLinkSettings = z.infer<typeof DownloadLinkSettings>;

/** One link a message carries: which attachment, until when, revoked or not. */
export const DownloadLinkView = z.object({
  position: z.number().int(),
  filename: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});

/** One recorded visit: a download or the tenant's own "Potwierdzam odbiór". */
export const DownloadEventView = z.object({
  kind: z.enum(['download', 'acknowledged']),
  at: z.string(),
  filename: z.string().nullable(),
  /** The address truncated (IPv4 /24, IPv6 /48), e.g. "203.0.113.0/24". */
  network: z.string().nullable(),
  userAgent: z.string().nullable(),
});

/** The link state shown on a message (GET /api/messages/:id/download-links). */
export const MessageDownloadLinks = z.object({
  links: z.array(DownloadLinkView),
  downloads: z.number().int(),
  lastDownloadAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  events: z.array(DownloadEventView),
});
export type MessageDownloadLinks = z.infer<typeof MessageDownloadLinks>;

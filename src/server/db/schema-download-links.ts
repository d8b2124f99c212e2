/** Signed download links and what tenants did with them (migration 0028, D70). */

export type DownloadLinkMode = 'attachment' | 'link' | 'both';

export interface DownloadLinksTable {
  message_id: string;
  /** The attachment's `position` in the message. */
  position: number;
  filename: string;
  expires_at: string;
  created_at: string;
  revoked_at: string | null;
  /** The user who revoked it. */
  revoked_by: string | null;
}

export interface DownloadEventsTable {
  id: string;
  message_id: string;
  position: number;
  kind: 'download' | 'acknowledged';
  occurred_at: string;
  /** IPv4 /24 or IPv6 /48, never the full address. */
  network: string | null;
  user_agent: string | null;
}

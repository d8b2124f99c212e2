import type { ImapFlowOptions } from 'imapflow';

/** What it takes to log in to a feedback mailbox, secrets already opened. */
export interface MailboxSettings {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  username: string;
  password: string | null;
  oauth: OAuthSettings | null;
}

export interface OAuthSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string | null;
  refreshToken: string;
  scope: string;
}

export interface ImapTimeouts {
  /** TCP connect plus TLS. */
  connectionMs: number;
  greetingMs: number;
  /** Inactivity on an open connection. */
  socketMs: number;
}

export const CHECK_TIMEOUTS: ImapTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 10_000 };

/** A token endpoint's refusal or an unusable answer; `message` is for the administrator, in Polish. */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly technical: string,
  ) {
    super(message);
  }
}

export interface AccessToken {
  accessToken: string;
  /** Some providers (Microsoft) hand out a new refresh token with each use; store it when present. */
  refreshToken: string | null;
}

/** OAuth2 refresh-token grant (RFC 6749 §6), bounded in time and in the size of the answer. */
export async function fetchAccessToken(oauth: OAuthSettings, timeoutMs = 10_000): Promise<AccessToken> {
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: oauth.refreshToken,
    client_id: oauth.clientId,
  });
  if (oauth.clientSecret) body.set('client_secret', oauth.clientSecret);
  if (oauth.scope) body.set('scope', oauth.scope);
  let res: Response;
  try {
    res = await fetch(oauth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    throw new TokenError(
      `Nie można połączyć się z serwerem tokenów OAuth2 (${new URL(oauth.tokenUrl).host}).`,
      `${e.name}: ${e.cause?.code ?? e.message}`,
    );
  }
  const text = (await res.text()).slice(0, 20_000);
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: reported below with the status.
  }
  if (!res.ok || typeof json.access_token !== 'string') {
    const error = typeof json.error === 'string' ? json.error : `HTTP ${res.status}`;
    const description = typeof json.error_description === 'string' ? json.error_description.slice(0, 300) : '';
    const message =
      error === 'invalid_grant'
        ? 'Serwer tokenów odrzucił token odświeżania (wygasł lub został cofnięty) — zaloguj się ponownie i wklej nowy.'
        : error === 'invalid_client' || error === 'unauthorized_client'
          ? 'Serwer tokenów odrzucił identyfikator lub sekret aplikacji (klienta) OAuth2.'
          : `Serwer tokenów OAuth2 nie wydał tokenu dostępu (${error}).`;
    throw new TokenError(message, `${error}${description ? `: ${description}` : ''}`);
  }
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === 'string' && json.refresh_token ? json.refresh_token : null,
  };
}

/** imapflow options for one connection: no retries of its own, no logging of secrets, bounded waits. */
export function imapOptions(
  settings: MailboxSettings,
  auth: { pass: string } | { accessToken: string },
  timeouts: ImapTimeouts,
  tls?: ImapFlowOptions['tls'],
): ImapFlowOptions {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    auth: { user: settings.username, ...auth },
    logger: false,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    disableAutoIdle: true,
    ...(tls ? { tls } : {}),
  };
}

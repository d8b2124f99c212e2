import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import {
  CHECK_TIMEOUTS,
  fetchAccessToken,
  type ImapTimeouts,
  imapOptions,
  type MailboxSettings,
  TokenError,
} from './imap-connect.js';

export interface MailboxCheck {
  ok: boolean;
  message: string;
  technical: string | null;
  /** Every folder the server listed (empty when the login failed). */
  folders: string[];
  missingFolders: string[];
  /** A refresh token the provider rotated while we fetched the access token: store it. */
  newRefreshToken: string | null;
}

export interface CheckOptions {
  timeouts?: ImapTimeouts;
  /** TLS options (a test passes its self-signed CA). */
  tls?: ImapFlowOptions['tls'];
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO|ALTNAME/i;
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
]);

interface ImapErrorLike extends Error {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
}

/** One connection error in the administrator's words; `technical` keeps what the library said. */
export function describeImapError(
  err: ImapErrorLike,
  settings: MailboxSettings,
): { message: string; technical: string } {
  const where = `${settings.host}:${settings.port}`;
  const code = err.code ?? '';
  const technical = [code, err.responseText ?? err.message].filter(Boolean).join(': ');
  if (err.authenticationFailed) {
    return {
      message: settings.oauth
        ? 'Serwer odrzucił logowanie tokenem OAuth2 — sprawdź nazwę użytkownika, zakres (scope) uprawnień i to, czy skrzynka ma włączony dostęp IMAP.'
        : 'Serwer odrzucił nazwę użytkownika lub hasło.',
      technical,
    };
  }
  if (err.tlsFailed) {
    return {
      message: `Serwer ${where} nie oferuje STARTTLS — wybierz szyfrowanie TLS (zwykle port 993) albo inny port.`,
      technical,
    };
  }
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(err.message)) {
    const wrongVersion = /WRONG_VERSION_NUMBER|wrong version number|packet length too long/i.test(
      `${code} ${err.message}`,
    );
    return {
      message: wrongVersion
        ? `Serwer ${where} nie rozmawia przez TLS na tym porcie — dla portu 143 wybierz STARTTLS, dla 993 TLS.`
        : `Błąd TLS przy połączeniu z ${where}: certyfikat serwera nie jest zaufany lub nie pasuje do nazwy serwera.`,
      technical,
    };
  }
  if (code === 'GREETING_TIMEOUT') {
    return {
      message: `Serwer ${where} nie przywitał się jak serwer IMAP — sprawdź port i szyfrowanie (993 = TLS, 143 = STARTTLS).`,
      technical,
    };
  }
  if (CONNECT_CODES.has(code) || code === 'CONNECT_TIMEOUT' || /timeout|timed out/i.test(err.message)) {
    return { message: `Nie można połączyć się z serwerem ${where}.`, technical };
  }
  return { message: `Połączenie z serwerem ${where} nie powiodło się.`, technical };
}

/**
 * "Sprawdź połączenie": connect, log in (a password or an OAuth2 access token fetched with the refresh token), list
 * folders and check the watched ones exist. Reads nothing and changes nothing on the server.
 */
export async function checkMailbox(
  settings: MailboxSettings,
  watched: string[],
  options: CheckOptions = {},
): Promise<MailboxCheck> {
  const timeouts = options.timeouts ?? CHECK_TIMEOUTS;
  const failed = (message: string, technical: string | null): MailboxCheck => ({
    ok: false,
    message,
    technical,
    folders: [],
    missingFolders: [],
    newRefreshToken: null,
  });
  let auth: { pass: string } | { accessToken: string };
  let newRefreshToken: string | null = null;
  if (settings.oauth) {
    try {
      const token = await fetchAccessToken(settings.oauth, timeouts.connectionMs);
      auth = { accessToken: token.accessToken };
      newRefreshToken =
        token.refreshToken && token.refreshToken !== settings.oauth.refreshToken ? token.refreshToken : null;
    } catch (err) {
      if (err instanceof TokenError) return failed(err.message, err.technical);
      throw err;
    }
  } else {
    if (!settings.password) return failed('Skrzynka nie ma zapisanego hasła — wpisz hasło.', null);
    auth = { pass: settings.password };
  }

  const client = new ImapFlow(imapOptions(settings, auth, timeouts, options.tls));
  // Without a listener a late socket error would crash the process.
  client.on('error', () => {});
  // imapflow's own timers cover connect, greeting and inactivity; this bounds the whole check whatever happens.
  let timer: NodeJS.Timeout | undefined;
  const overall = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        const err: ImapErrorLike = new Error('check timed out');
        err.code = 'ETIMEDOUT';
        reject(err);
      },
      timeouts.connectionMs + timeouts.greetingMs + timeouts.socketMs,
    );
  });
  try {
    const listed = await Promise.race([
      (async () => {
        await client.connect();
        return client.list();
      })(),
      overall,
    ]);
    const folders = listed.map((f) => f.path).sort((a, b) => a.localeCompare(b));
    const exists = new Set(listed.map((f) => (f.path.toUpperCase() === 'INBOX' ? 'INBOX' : f.path)));
    const missingFolders = watched.filter((f) => !exists.has(f.toUpperCase() === 'INBOX' ? 'INBOX' : f));
    const base = { technical: null, folders, missingFolders, newRefreshToken };
    if (missingFolders.length > 0) {
      const names = missingFolders.map((f) => `„${f}”`).join(', ');
      return {
        ...base,
        ok: false,
        message: `Logowanie działa, ale na serwerze nie ma ${missingFolders.length === 1 ? 'folderu' : 'folderów'} ${names}.`,
      };
    }
    return {
      ...base,
      ok: true,
      message: `Połączenie działa: serwer przyjął logowanie, obserwowane foldery istnieją (${watched.join(', ')}).`,
    };
  } catch (err) {
    const hint = describeImapError(err as ImapErrorLike, settings);
    return { ...failed(hint.message, hint.technical), newRefreshToken };
  } finally {
    clearTimeout(timer);
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}

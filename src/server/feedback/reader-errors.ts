import { describeImapError } from './imap-check.js';
import { TokenError } from './imap-connect.js';
import type { ReadableMailbox } from './ports.js';

/** A watched folder the server does not have (renamed or deleted since the mailbox was set up). */
export class FolderMissingError extends Error {
  constructor(
    readonly folder: string,
    readonly technical: string,
  ) {
    super(`The folder ${folder} does not exist on the server.`);
    this.name = 'FolderMissingError';
  }
}

/** The server's answer to SELECT says the folder is not there (RFC 5530 NONEXISTENT, or the usual wordings). */
export function folderError(err: unknown, folder: string): unknown {
  const e = err as { serverResponseCode?: string; responseText?: string; message?: string };
  const said = `${e.responseText ?? ''} ${e.message ?? ''}`;
  if (
    e.serverResponseCode === 'NONEXISTENT' ||
    /doesn.?t exist|does not exist|no such (mailbox|folder)|unknown mailbox/i.test(said)
  ) {
    return new FolderMissingError(folder, (e.responseText ?? e.message ?? '').trim());
  }
  return err;
}

export interface ReaderProblem {
  /** For the administrator, in Polish: what happened and what to do. */
  message: string;
  /** What the server, the library or the token endpoint said (no secrets). */
  detail: string | null;
}

const RETRY = 'Odczyt jest ponawiany sam; po poprawce użyj „Sprawdź połączenie”.';

/**
 * Why the reader could not read a mailbox, in the administrator's words (the same texts as "Sprawdź połączenie",
 * D45) with what to do next.
 */
export function describeReaderError(err: unknown, mailbox: ReadableMailbox, oauth: boolean): ReaderProblem {
  if (err instanceof TokenError) return { message: `${err.message} ${RETRY}`, detail: err.technical };
  if (err instanceof FolderMissingError) {
    return {
      message: `Na serwerze nie ma folderu „${err.folder}” — popraw listę folderów skrzynki albo utwórz ten folder. ${RETRY}`,
      detail: err.technical || null,
    };
  }
  const hint = describeImapError(err as Error, {
    host: mailbox.host,
    port: mailbox.port,
    security: mailbox.security,
    username: mailbox.username,
    password: null,
    oauth: oauth ? { tokenUrl: '', clientId: '', clientSecret: null, refreshToken: '', scope: '' } : null,
  });
  const todo = (err as { authenticationFailed?: boolean }).authenticationFailed
    ? oauth
      ? ''
      : ' Wpisz aktualne hasło w ustawieniach skrzynki.'
    : /^Nie można połączyć|^Połączenie z serwerem/.test(hint.message)
      ? ' Sprawdź nazwę serwera i port oraz to, czy komputer z procesem roboczym ma dostęp do sieci.'
      : '';
  return { message: `${hint.message}${todo} ${RETRY}`, detail: hint.technical || null };
}

/**
 * Turns an SMTP/nodemailer error into a sentence an office clerk can act on (Polish), keeping the technical
 * text separately for the administrator.
 */
export interface SmtpErrorLike {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

export interface ErrorHint {
  message: string;
  technical: string;
}

export function describeConnectionError(err: SmtpErrorLike, where: { host: string; port: number }): ErrorHint {
  const technical = [err.code, err.responseCode, err.response ?? err.message].filter(Boolean).join(' ');
  const code = err.code ?? '';
  const text = `${err.message ?? ''} ${err.response ?? ''}`;
  let message: string;
  if (code === 'EAUTH' || err.responseCode === 535) {
    message =
      'Serwer odrzucił login lub hasło. Sprawdź dane logowania konta (dla Gmaila i Microsoft 365 potrzebne jest hasło aplikacji).';
  } else if (code === 'ENOAUTH') {
    message = 'Serwer wymaga logowania, a konto nie ma podanego loginu i hasła.';
  } else if (code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(text)) {
    message = `Nie znaleziono serwera „${where.host}”. Sprawdź nazwę serwera SMTP.`;
  } else if (code === 'ETLS' || /certificate|SSL|TLS|wrong version number/i.test(text)) {
    message =
      'Nie udało się nawiązać szyfrowanego połączenia. Sprawdź zabezpieczenie (TLS/STARTTLS) i port — zwykle 465 dla TLS, 587 dla STARTTLS.';
  } else if (code === 'ETIMEDOUT' || /timeout/i.test(text)) {
    message = `Serwer ${where.host}:${where.port} nie odpowiada. Sprawdź adres, port i czy zapora sieciowa nie blokuje połączenia.`;
  } else if (code === 'ECONNECTION' || code === 'ESOCKET' || /ECONNREFUSED|ECONNRESET/.test(text)) {
    message = `Nie można połączyć się z serwerem ${where.host}:${where.port}. Sprawdź adres i port.`;
  } else {
    message = 'Serwer poczty zgłosił błąd. Szczegóły techniczne przekaż administratorowi.';
  }
  return { message, technical: technical || 'unknown error' };
}

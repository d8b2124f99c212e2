/**
 * Sorting an SMTP failure into what to do about it (ARCHITECTURE.md §4): the SMTP reply code and enhanced status
 * first, nodemailer's error code only when there was no reply. Pure; the table of cases is in classify.test.ts.
 */
export type FailureClass = 'transient' | 'account' | 'recipient' | 'message';

export interface SmtpFailure {
  /** nodemailer error code: EAUTH, ETLS, ECONNECTION, ETIMEDOUT, ESOCKET, EENVELOPE, EMESSAGE, … */
  code?: string | undefined;
  responseCode?: number | undefined;
  response?: string | undefined;
  message?: string | undefined;
}

export interface Classification {
  class: FailureClass;
  /** Enhanced status code such as 5.1.1, when the reply had one. */
  enhanced: string | null;
  /** "Try again in N seconds" from the server, in milliseconds. */
  retryAfterMs: number | null;
  /** What a clerk should know or do, in Polish. */
  hint: string;
}

const TLS_TROUBLE = /certificate|self[- ]signed|SSL routines|wrong version number|TLS|handshake/i;
const RATE_OR_QUOTA = /rate|too many|quota|limit exceeded|exceeded|throttl|slow down|try later|sending limit/i;

export function enhancedStatus(text: string | undefined): string | null {
  const m = text?.match(/\b([245])\.(\d{1,3})\.(\d{1,3})\b/);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : null;
}

export function retryAfterHintMs(text: string | undefined): number | null {
  const m = text?.match(
    /(?:try again|retry|wait)\D{0,20}?(\d{1,6})\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)\b/i,
  );
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] as string).toLowerCase();
  const factor = unit.startsWith('h') ? 3_600_000 : unit.startsWith('m') ? 60_000 : 1000;
  return n * factor;
}

const HINTS = {
  transient: 'Serwer poczty chwilowo nie przyjął wiadomości; Listonosz spróbuje ponownie sam.',
  auth: 'Serwer poczty odrzucił logowanie konta. Administrator musi poprawić login lub hasło konta; wiadomości czekają wstrzymane.',
  tls: 'Nie udało się nawiązać szyfrowanego połączenia z serwerem poczty. Administrator musi sprawdzić ustawienia zabezpieczeń konta; wiadomości czekają wstrzymane.',
  rate: 'Dostawca poczty ograniczył wysyłkę z tego konta (limit lub zbyt wiele wiadomości). Wysyłka wznowi się sama po przerwie.',
  recipient:
    'Adres odbiorcy nie istnieje lub nie przyjmuje poczty. Sprawdź adres e-mail adresata; do czasu poprawy adres jest zablokowany.',
  recipientFull: 'Skrzynka odbiorcy jest pełna lub zablokowana. Skontaktuj się z adresatem inną drogą.',
  size: 'Wiadomość jest za duża dla serwera poczty. Zmniejsz załączniki (np. podziel PDF) i wyślij ponownie.',
  policy:
    'Serwer poczty odrzucił wiadomość jako niezgodną z jego zasadami (np. podejrzenie spamu). Sprawdź treść i załączniki albo wyślij z innego konta.',
  message: 'Serwer poczty trwale odrzucił wiadomość. Szczegóły techniczne są w historii prób.',
} as const;

export function classifyFailure(f: SmtpFailure): Classification {
  const text = `${f.response ?? ''} ${f.message ?? ''}`;
  const enhanced = enhancedStatus(f.response);
  const retryAfterMs = retryAfterHintMs(text);
  const make = (cls: FailureClass, hint: string): Classification => ({ class: cls, enhanced, retryAfterMs, hint });
  const code = f.responseCode;

  // TLS trouble is the account's settings (or its server's certificate), whatever reply code came with it.
  if (f.code === 'ETLS' || (f.code !== undefined && TLS_TROUBLE.test(text) && code === undefined))
    return make('account', HINTS.tls);
  if (f.code === 'EAUTH' || f.code === 'ENOAUTH') return make('account', HINTS.auth);

  if (code !== undefined && code >= 400) {
    if (code === 535 || code === 534 || code === 530 || enhanced === '5.7.8' || enhanced === '4.7.8')
      return make('account', HINTS.auth);
    if (code === 454) return make('account', /TLS/i.test(text) ? HINTS.tls : HINTS.auth);
    if (
      enhanced === '5.4.5' ||
      enhanced === '4.4.5' ||
      (code < 500 && (enhanced?.startsWith('4.7.') || RATE_OR_QUOTA.test(text)))
    ) {
      return make('account', HINTS.rate);
    }
    if (code < 500 || code === 503) return make('transient', HINTS.transient);
    if (enhanced === '5.2.2' || enhanced === '5.2.1') return make('recipient', HINTS.recipientFull);
    if (
      enhanced?.startsWith('5.1.') ||
      ((code === 550 || code === 551 || code === 553) && !enhanced?.startsWith('5.7.') && !enhanced?.startsWith('5.3.'))
    ) {
      return make('recipient', HINTS.recipient);
    }
    if (code === 552 || enhanced?.startsWith('5.3.')) return make('message', HINTS.size);
    if (code === 554 || enhanced?.startsWith('5.7.')) return make('message', HINTS.policy);
    return make('message', HINTS.message);
  }

  switch (f.code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return make('account', HINTS.auth);
    case 'ETLS':
      return make('account', HINTS.tls);
    case 'EENVELOPE':
      return make('recipient', HINTS.recipient);
    case 'EMESSAGE':
      return make('message', HINTS.message);
    default:
      // Connection refused, reset or timed out, DNS, socket errors, and anything unknown: worth another try.
      return make('transient', HINTS.transient);
  }
}

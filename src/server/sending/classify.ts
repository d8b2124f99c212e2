/**
 * Sorting an SMTP failure by whose problem it is (docs/architecture.md §5):
 * the recipient's (an address that does not exist, or a full mailbox for now), the message's (too big, refused as
 * spam) or the account's (login, TLS, the server unreachable or refusing our connection or our sending rate).
 * The SMTP reply code, enhanced status and text first; nodemailer's error code only when there was no reply.
 * Only clear account signals open the account's circuit: one recipient's trouble never stops the others' mail.
 * Pure; the table of real replies, each with its public source, is in classify.providers.cases*.fixture.ts (D38, D43).
 */
export type FailureClass = 'transient' | 'account' | 'recipient' | 'message';

/** Why, in one word, for tests and the attempt log. */
export type FailureReason =
  | 'connection'
  | 'auth'
  | 'tls'
  | 'rate'
  | 'refused'
  | 'sender'
  | 'mailbox_full'
  | 'recipient_busy'
  | 'recipient_unknown'
  | 'size'
  | 'policy'
  | 'greylisted'
  | 'temporary'
  | 'timeout'
  | 'permanent';

export interface SmtpFailure {
  /** nodemailer error code: EAUTH, ETLS, ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, EENVELOPE, EMESSAGE, … */
  code?: string | undefined;
  responseCode?: number | undefined;
  response?: string | undefined;
  message?: string | undefined;
  /** The SMTP stage nodemailer was at: CONN, EHLO, AUTH PLAIN, MAIL FROM, RCPT TO, DATA, … */
  command?: string | undefined;
  /** host:port the connection was made to (for a clerk's explanation when there was none). */
  server?: string | undefined;
}

export interface Classification {
  class: FailureClass;
  reason: FailureReason;
  /** Enhanced status code such as 5.1.1, when the reply had one. */
  enhanced: string | null;
  /** "Try again in N seconds" from the server, in milliseconds. */
  retryAfterMs: number | null;
  /** What a clerk should know or do about the message, in Polish. */
  hint: string;
  /** For account failures: the account's problem in a few words ("Nie można połączyć się z serwerem …"). */
  accountProblem: string | null;
}

/** Lower case, Polish letters without diacritics (qmail and others write Polish without them). */
export function normalise(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l');
}

const TLS_TROUBLE = /certificate|self[- ]signed|ssl routines|wrong version number|\btls\b|handshake|starttls/;
const NO_CONNECTION =
  /econnrefused|enotfound|eai_again|ehostunreach|enetunreach|eaddrnotavail|connection timeout|greeting never received|getaddrinfo/;
const MAILBOX_FULL =
  /mailbox (is )?full|over ?quota|exceeds? (its |the )?quota|storage (is )?full|quota exceeded|exceeded (the |its |their )?(storage|quota)|out of storage|insufficient (disk )?space|(inbox|mailbox) .*(full|out of space)|przepelnion|przekroczon[a-z]* (limit )?(pojemnosc|powierzchni)|skrzynka .*pelna|sys_lock quota/;
/** Our account sends too much: the provider's sending limits, not a recipient's. */
const SENDING_RATE =
  /too many (messages|mails|emails|connections|recipients|concurrent)|sending (quota|limit|rate)|daily (user )?sending|submission ?quota|submissionquotaexceeded|rate limit(ed)?|message rate|unusual rate|throttl|slow down|przekroczono limit wysylania|limit wysylki|(hourly|daily) (message|sending)? ?limit|ratelimit|too many .*from your|serwer poczty .{0,40}tymczasowo zablokowan|\b5\.1\.0\b.*policy violation/;
/** The server refuses us as a sender (our IP or host), not the recipient. */
const REFUSES_US =
  /client host .*(rejected|blocked)|blocked using|(listed|blacklisted|blocklisted) (at|on|in|by)|\brbl\b|spamhaus|spamcop|barracuda|your ip|on our block ?list|ip address .*(blocked|reputation|listed)|poor reputation|access denied.*\bip\b|messages from \d+\.\d+\.\d+\.\d+ will be|allowed rcpthosts|relay(ing)? (access )?denied|unable to relay|not permitted to relay|relay not permitted|we do not relay/;
const SENDER_REFUSED =
  /sender address rejected|send ?as ?denied|not (owned|allowed|authori[sz]ed) .*(sender|send as|from)|client does not have permissions to send|sender .*not (owned|allowed)|smtpclientauthentication is disabled|sender rejected|blocked by spf/;
const RECIPIENT_BUSY =
  /receiving mail (at a rate|too quickly)|rate that prevents additional messages|too many messages for this recipient|number of messages they can receive/;
const UNKNOWN_RECIPIENT =
  /user unknown|unknown user|no such (user|mailbox|recipient)|does not exist|doesn't have an? .{0,40}account|account not found|recipient not found|unrouteable address|nie istnieje|mailbox is disabled|is no longer valid/;
/** Whether a reply's text itself says the address does not exist (for reports that quote no reply code). */
export function saysRecipientUnknown(text: string): boolean {
  return UNKNOWN_RECIPIENT.test(normalise(text));
}
/** Refused for what the message or the sending domain is (spam, authentication), whatever the bare code says. */
const POLICY_TEXT =
  /\bspam\b|unsolicited|\bdmarc\b|\bdkim\b|\bspf\b|sender policy framework|content (rejected|filter)|phishing|virus|malware/;
const GREYLISTED = /greylist|graylist|try again later|please retry/;

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

const ACCOUNT = {
  connection: (server: string | undefined) =>
    server ? `Nie można połączyć się z serwerem ${server}` : 'Nie można połączyć się z serwerem poczty',
  auth: 'Serwer poczty odrzucił logowanie konta',
  tls: 'Nie udało się nawiązać szyfrowanego połączenia z serwerem poczty',
  rate: 'Dostawca poczty ograniczył wysyłkę z tego konta (limit wysyłki)',
  refused: 'Serwer poczty odmówił przyjmowania poczty z tego konta',
  sender: 'Serwer poczty nie pozwala wysyłać z adresu nadawcy tego konta',
} as const;

const HINTS = {
  connection: (server: string | undefined) =>
    `${ACCOUNT.connection(server)} — wiadomość nie została jeszcze wysłana i czeka, aż połączenie wróci. Listonosz próbuje sam; po naprawie można użyć „Spróbuj teraz”.`,
  auth: 'Serwer poczty odrzucił logowanie konta. Administrator musi poprawić login lub hasło konta; wiadomości czekają wstrzymane.',
  tls: 'Nie udało się nawiązać szyfrowanego połączenia z serwerem poczty. Administrator musi sprawdzić ustawienia zabezpieczeń konta; wiadomości czekają wstrzymane.',
  rate: 'Dostawca poczty ograniczył wysyłkę z tego konta (limit lub zbyt wiele wiadomości). Wysyłka wznowi się sama po przerwie.',
  refused:
    'Serwer poczty odmówił przyjmowania poczty z tego konta (np. adres serwera na liście blokad albo brak zgody na przekazywanie poczty). Administrator musi sprawdzić konto; wiadomości czekają wstrzymane.',
  sender:
    'Serwer poczty nie pozwala wysyłać z adresu nadawcy ustawionego w koncie. Administrator musi sprawdzić adres nadawcy konta; wiadomości czekają wstrzymane.',
  transient: 'Serwer poczty chwilowo nie przyjął wiadomości; Listonosz spróbuje ponownie sam.',
  timeout: (server: string | undefined) =>
    `Serwer poczty${server ? ` ${server}` : ''} nie odpowiedział w wyznaczonym czasie w trakcie wysyłki. Wiadomość mogła do niego dotrzeć; Listonosz spróbuje ponownie sam, z tym samym identyfikatorem (Message-ID), więc ewentualną drugą kopię da się rozpoznać.`,
  greylisted:
    'Serwer adresata odłożył przyjęcie wiadomości na później (to zwykłe zabezpieczenie); Listonosz spróbuje ponownie sam.',
  mailboxFull:
    'Skrzynka adresata jest pełna. Wiadomość czeka i Listonosz spróbuje ponownie później; jeśli skrzynka długo pozostanie pełna, skontaktuj się z adresatem inną drogą.',
  recipientBusy:
    'Skrzynka adresata chwilowo nie przyjmuje więcej poczty. Listonosz spróbuje ponownie później; pozostałe wiadomości wychodzą normalnie.',
  recipient:
    'Adres odbiorcy nie istnieje lub nie przyjmuje poczty. Sprawdź adres e-mail adresata; do czasu poprawy adres jest zablokowany.',
  size: 'Wiadomość jest za duża dla serwera poczty. Zmniejsz załączniki (np. podziel PDF) i wyślij ponownie.',
  policy:
    'Serwer poczty odrzucił wiadomość jako niezgodną z jego zasadami (np. podejrzenie spamu). Sprawdź treść i załączniki albo wyślij z innego konta.',
  message: 'Serwer poczty trwale odrzucił wiadomość. Szczegóły techniczne są w historii prób.',
} as const;

type AccountReason = keyof typeof ACCOUNT;

export function classifyFailure(f: SmtpFailure): Classification {
  const raw = `${f.response ?? ''} ${f.message ?? ''}`;
  const text = normalise(raw);
  const enhanced = enhancedStatus(f.response) ?? (f.responseCode === undefined ? null : enhancedStatus(f.message));
  const retryAfterMs = retryAfterHintMs(raw);
  const base = { enhanced, retryAfterMs };
  const of = (cls: Exclude<FailureClass, 'account'>, reason: FailureReason, hint: string): Classification => ({
    ...base,
    class: cls,
    reason,
    hint,
    accountProblem: null,
  });
  const account = (reason: AccountReason): Classification => ({
    ...base,
    class: 'account',
    reason,
    hint: reason === 'connection' ? HINTS.connection(f.server) : HINTS[reason],
    accountProblem: reason === 'connection' ? ACCOUNT.connection(f.server) : ACCOUNT[reason],
  });
  const code = f.responseCode;
  const stage = (f.command ?? '').toUpperCase();

  // No reply at all: the connection itself, TLS, login.
  if (f.code === 'ETLS' || (code === undefined && f.code !== undefined && TLS_TROUBLE.test(text)))
    return account('tls');
  if (f.code === 'EAUTH' || f.code === 'ENOAUTH') return account('auth');
  if (code === undefined && (f.code === 'EDNS' || NO_CONNECTION.test(text))) return account('connection');

  if (code !== undefined && code >= 400) {
    const temporary = code < 500;
    // Login and TLS.
    if (code === 454 || (code === 530 && TLS_TROUBLE.test(text)))
      return account(TLS_TROUBLE.test(text) ? 'tls' : 'auth');
    if (code === 535 || code === 534 || code === 530 || enhanced === '5.7.8' || enhanced === '4.7.8')
      return account('auth');
    if (enhanced === '5.7.57' || enhanced === '5.7.139' || enhanced === '5.7.30') return account('auth');
    // RFC 7504: this host does not accept mail at all.
    if (code === 521) return account('refused');
    // A full mailbox, or a recipient receiving too fast, is that recipient's passing trouble (whatever the code
    // says: some servers answer it with 5xx, "552 5.1.1 5.2.2 … mailbox is full"): this message waits and retries.
    if (enhanced === '4.2.2' || enhanced === '5.2.2') return of('transient', 'mailbox_full', HINTS.mailboxFull);
    if (enhanced === '4.2.1' || RECIPIENT_BUSY.test(text))
      return of('transient', 'recipient_busy', HINTS.recipientBusy);
    // Our account sends too much ("sending quota" is ours; any other quota is a recipient's mailbox).
    if (enhanced === '5.4.5' || enhanced === '4.4.5' || SENDING_RATE.test(text)) return account('rate');
    if (MAILBOX_FULL.test(text)) return of('transient', 'mailbox_full', HINTS.mailboxFull);
    // The server refuses us: the sender address the account uses, our host or IP, relaying.
    if (SENDER_REFUSED.test(text)) return account('sender');
    if (REFUSES_US.test(text)) return account('refused');
    if (code === 421 && enhanced?.startsWith('4.7.')) return account('rate');
    // Microsoft's 4.7.500–4.7.699 ("Server busy", "Access denied, please try again later") throttle the sending
    // host as a whole: the account backs off instead of every message retrying on its own.
    if (temporary && /^4\.7\.[56]\d\d$/.test(enhanced ?? '')) return account('rate');
    if (stage === 'MAIL FROM' && code >= 550 && !enhanced?.startsWith('5.1.')) return account('sender');
    // Refused at the greeting: nothing can go through this server now.
    if ((stage === 'CONN' || stage === 'EHLO' || stage === 'HELO') && (code === 421 || code === 554 || code === 550))
      return account('refused');
    if (temporary) {
      if (GREYLISTED.test(text) || enhanced === '4.7.1' || enhanced === '4.2.0')
        return of('transient', 'greylisted', HINTS.greylisted);
      return of('transient', 'temporary', HINTS.transient);
    }
    if (code === 503) return of('transient', 'temporary', HINTS.transient);
    // 5.2.1 ("mailbox not available / disabled") is said of wrong addresses, full mailboxes and suspended accounts
    // alike (Interia): worth later tries rather than a blocked address.
    if (enhanced === '5.2.1') return of('transient', 'mailbox_full', HINTS.mailboxFull);
    // "550 Message rejected as spam" without an enhanced code: the account's problem, never the address's.
    if (!enhanced?.startsWith('5.1.') && POLICY_TEXT.test(text)) return of('message', 'policy', HINTS.policy);
    if (
      enhanced?.startsWith('5.1.') ||
      (UNKNOWN_RECIPIENT.test(text) && !enhanced?.startsWith('5.7.')) ||
      ((code === 550 || code === 551 || code === 553) &&
        !enhanced?.startsWith('5.7.') &&
        !enhanced?.startsWith('5.3.') &&
        !enhanced?.startsWith('5.6.'))
    ) {
      return of('recipient', 'recipient_unknown', HINTS.recipient);
    }
    // "552 … spam detected" (forpsi) is a refusal of the content, not of its size.
    if (/\bspam\b/.test(text)) return of('message', 'policy', HINTS.policy);
    if (code === 552 || enhanced?.startsWith('5.3.')) return of('message', 'size', HINTS.size);
    if (code === 554 || enhanced?.startsWith('5.7.') || enhanced?.startsWith('5.6.'))
      return of('message', 'policy', HINTS.policy);
    return of('message', 'permanent', HINTS.message);
  }

  switch (f.code) {
    case 'EENVELOPE':
      return of('recipient', 'recipient_unknown', HINTS.recipient);
    case 'EMESSAGE':
      return of('message', 'permanent', HINTS.message);
    case 'ETIMEDOUT':
      // Connected, then silence (a relay that stalls or trickles): the message waits and retries (D82).
      return of('transient', 'timeout', HINTS.timeout(f.server));
    default:
      // A connection that broke after it was made, a socket timeout, anything unknown: worth another try.
      return of('transient', 'temporary', HINTS.transient);
  }
}

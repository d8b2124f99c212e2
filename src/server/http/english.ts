/**
 * English for the common error answers (D40 in docs/decisions.md): Polish stays the default and the API's
 * documented language; a request whose Accept-Language puts English first (the web client sends its language)
 * gets the envelope message of validation and common errors, and the common field messages, in English.
 * Messages not listed here (a domain's own explanations) stay Polish; `error.code` is the same in both.
 */
import type { FastifyRequest } from 'fastify';
import type { ErrorBody } from '../../shared/zod.js';
import { FASTIFY_MESSAGES, STATUS_MESSAGES } from './framework-errors.js';

/** True when the request's first language preference is English (`en`, `en-GB`…). */
export function wantsEnglish(req: FastifyRequest): boolean {
  const header = req.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first === 'en' || first.startsWith('en-') || first.startsWith('en;');
}

/** The envelope message by error code, used where the Polish one is that code's generic text. */
const BY_CODE: Record<string, string> = {
  validation_failed: 'Please correct the marked fields.',
  unauthenticated: 'Please sign in to continue.',
  forbidden: 'You do not have access to this.',
  too_many_requests: 'Too many attempts in a short time — wait a moment.',
  internal: 'An unexpected server error occurred. Try again; if it happens again, tell the administrator.',
  invalid_json: 'Invalid data format (JSON).',
  invalid_multipart: 'The uploaded form with a file could not be read — send it again.',
  bad_request: 'Invalid request.',
  method_not_allowed: 'This operation is not available at this address.',
  payload_too_large: 'The data sent is too large.',
  fst_err_ctp_body_too_large: 'The data sent is too large.',
  fst_req_file_too_large: 'The file is too large.',
  unsupported_media_type: 'Unsupported data format.',
  fst_err_ctp_invalid_media_type: 'Unsupported data format.',
  fst_err_ctp_empty_json_body: 'The request has no data.',
  fst_err_ctp_invalid_json_body: 'Invalid data format (JSON).',
  uri_too_long: 'The address is too long.',
  service_unavailable: 'The server is stopping — try again in a moment.',
};

/** Polish messages the server gives for their own sake (not a domain's wording), exactly as sent. */
const MESSAGES: Record<string, string> = {
  'Zaloguj się, aby kontynuować.': 'Please sign in to continue.',
  'Nieprawidłowy login lub hasło.': 'Wrong login or password.',
  'To pole jest wymagane.': 'This field is required.',
  'Data w postaci RRRR-MM-DD.': 'Enter the date as YYYY-MM-DD.',
  'Nieprawidłowa data i godzina.': 'Invalid date and time.',
  'Nieprawidłowy identyfikator.': 'Invalid identifier.',
  'Kod pocztowy wpisz w postaci 00-000.': 'Enter the postal code as 00-000.',
  'Numer rachunku musi mieć 26 cyfr.': 'The account number must have 26 digits.',
  'Numer rachunku jest nieprawidłowy (błędna suma kontrolna) — sprawdź cyfry.':
    'The account number is wrong (bad check digits) — check the digits.',
  'Nieznany rodzaj dokumentu.': 'Unknown document type.',
};

const MONTHS: Record<string, string> = {
  stycznia: 'January',
  lutego: 'February',
  marca: 'March',
  kwietnia: 'April',
  maja: 'May',
  czerwca: 'June',
  lipca: 'July',
  sierpnia: 'August',
  września: 'September',
  października: 'October',
  listopada: 'November',
  grudnia: 'December',
};

const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Tekst jest za długi \(najwyżej (\d+) znaków\)\.$/, (m) => `The text is too long (at most ${m[1]} characters).`],
  [/^Nieznane pola: (.*)\.$/, (m) => `Unknown fields: ${m[1]}.`],
  [/^Taki dzień nie istnieje: (\d+) (\S+) (\d+)\.$/, (m) => `No such day: ${m[1]} ${MONTHS[m[2]!] ?? m[2]} ${m[3]}.`],
  [/^Taki miesiąc nie istnieje: (\d+) /, (m) => `No such month: ${m[1]} (months are numbered 1–12).`],
  [/^Data spoza zakresu — podaj datę z lat (\d+)–(\d+)\.$/, (m) => `Date out of range — use a year ${m[1]}–${m[2]}.`],
  [/^Nie ma takiego adresu: (.*)$/, (m) => `No such address: ${m[1]}`],
];

/** The generic Polish texts of the error handler and framework errors, by code. */
const GENERIC_POLISH: [string, string][] = [
  ['validation_failed', 'Popraw zaznaczone pola.'],
  ['invalid_json', 'Nieprawidłowy format danych (JSON).'],
  ['invalid_multipart', 'Nie udało się odczytać przesłanego formularza z plikiem — wyślij go ponownie.'],
  ['internal', 'Wystąpił nieoczekiwany błąd serwera. Spróbuj ponownie; jeśli się powtórzy, powiadom administratora.'],
  ...Object.values(STATUS_MESSAGES),
  ...Object.entries(FASTIFY_MESSAGES).map(([code, [, text]]): [string, string] => [code.toLowerCase(), text]),
];
for (const [code, polish] of GENERIC_POLISH) {
  const english = BY_CODE[code];
  if (english && !MESSAGES[polish]) MESSAGES[polish] = english;
}

/** One message in English when it is one of the common ones; otherwise as it was. */
export function englishMessage(message: string): string {
  const exact = MESSAGES[message];
  if (exact) return exact;
  for (const [re, to] of PATTERNS) {
    const m = re.exec(message);
    if (m) return to(m);
  }
  return message;
}

/** The error body in English where it is common; a domain's own explanation stays as it was. */
export function englishError(body: ErrorBody): ErrorBody {
  const e = body.error;
  return {
    ...body,
    error: {
      ...e,
      message: englishMessage(e.message),
      ...(e.fields ? { fields: e.fields.map((f) => ({ ...f, message: englishMessage(f.message) })) } : {}),
    },
  };
}

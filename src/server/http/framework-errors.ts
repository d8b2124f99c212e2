import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { ErrorBody } from '../../shared/zod.js';

/**
 * Errors raised by Fastify itself, its plugins and Node's HTTP parser, in the project's error shape with words a clerk
 * understands. Some never reach the error handler (a malformed request line, a bad URL, a request while the server
 * stops); those are answered here, through the hooks Fastify offers for them.
 */

export function errorBody(code: string, message: string, fields?: { path: string; message: string }[]): ErrorBody {
  return { error: { code, message, ...(fields && fields.length > 0 ? { fields } : {}) } };
}

/** By Fastify (or plugin) error code: status and message. The code is sent lower-cased. */
export const FASTIFY_MESSAGES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'Przesłane dane są za duże.'],
  FST_REQ_FILE_TOO_LARGE: [413, 'Plik jest za duży.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'Nieobsługiwany format danych.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'Brak danych w żądaniu.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'Nieprawidłowy format danych (JSON).'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    'Przesłane dane są niekompletne (długość nie zgadza się z nagłówkiem) — wyślij je ponownie.',
  ],
  FST_ERR_BAD_URL: [400, 'Nieprawidłowy adres: zawiera niedozwolone znaki.'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'Adres jest za długi.'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'Plik trzeba przesłać jako formularz (multipart/form-data).'],
  FST_PARTS_LIMIT: [413, 'Formularz ma za dużo części — prześlij jeden plik naraz.'],
  FST_FILES_LIMIT: [413, 'Prześlij jeden plik naraz.'],
  FST_FIELDS_LIMIT: [413, 'Formularz ma za dużo pól.'],
  FST_PROTO_VIOLATION: [400, 'Formularz zawiera pole o niedozwolonej nazwie.'],
  FST_INVALID_JSON_FIELD_ERROR: [400, 'Pole formularza nie jest poprawnym JSON-em.'],
  FST_MP_PREMATURE_CLOSE: [400, 'Przesyłanie pliku zostało przerwane — wyślij plik ponownie.'],
};

/** By HTTP status, for errors that carry only a status (static files, the HTTP parser, plugins). */
export const STATUS_MESSAGES: Record<number, [string, string]> = {
  400: ['bad_request', 'Nieprawidłowe żądanie.'],
  403: ['forbidden', 'Brak dostępu do tego adresu.'],
  404: ['not_found', 'Nie ma takiego adresu.'],
  405: ['method_not_allowed', 'Ta operacja nie jest dostępna pod tym adresem.'],
  406: ['not_acceptable', 'Serwer nie może odpowiedzieć w żądanym formacie.'],
  408: ['request_timeout', 'Przesyłanie żądania trwało zbyt długo — spróbuj ponownie.'],
  411: ['length_required', 'Brak długości przesyłanych danych (Content-Length).'],
  412: ['precondition_failed', 'Plik zmienił się w międzyczasie — odśwież stronę.'],
  413: ['payload_too_large', 'Przesłane dane są za duże.'],
  414: ['uri_too_long', 'Adres jest za długi.'],
  415: ['unsupported_media_type', 'Nieobsługiwany format danych.'],
  416: ['range_not_satisfiable', 'Żądany fragment pliku nie istnieje.'],
  429: ['too_many_requests', 'Zbyt wiele prób w krótkim czasie — odczekaj chwilę.'],
  431: [
    'headers_too_large',
    'Nagłówki żądania są za duże — usuń ciasteczka tej strony w przeglądarce i spróbuj ponownie.',
  ],
  503: ['service_unavailable', 'Serwer jest właśnie zatrzymywany — spróbuj ponownie za chwilę.'],
};

/** A client error (4xx) without a message of its own. */
export function statusBody(status: number): ErrorBody {
  const [code, message] = STATUS_MESSAGES[status] ?? (STATUS_MESSAGES[400] as [string, string]);
  return errorBody(code, message);
}

/** busboy's parse errors carry no code or status: a form cut short or without its boundary. */
export function isMultipartParseError(err: Error, req: FastifyRequest): boolean {
  return req.isMultipart() && /multipart|boundary/i.test(err.message);
}

function sendFastifyError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  const known = err.code ? FASTIFY_MESSAGES[err.code] : undefined;
  if (known) return reply.status(known[0]).send(errorBody(err.code.toLowerCase(), known[1]));
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  return reply.status(status).send(statusBody(status));
}

/** Node's HTTP parser refused the request (bad request line, header too large, timeout): a raw reply, then close. */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify(statusBody(status));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(err);
}

/** Options for the Fastify constructor: bad URLs and the HTTP parser's refusals in the project's shape. */
export const frameworkErrorOptions = {
  frameworkErrors: sendFastifyError,
  clientErrorHandler,
  // A request that arrives while the server stops is answered by the hook below, in our shape (Fastify's own 503
  // reply has its shape and cannot be changed).
  return503OnClosing: false,
} satisfies Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler' | 'return503OnClosing'>;

/** Once the server is closing, new requests are refused with 503 and the connection is not kept alive. */
export function refuseWhileClosing(app: FastifyInstance) {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_req, reply, done) => {
    if (!closing) return done();
    reply.header('connection', 'close').status(503).send(statusBody(503));
  });
}

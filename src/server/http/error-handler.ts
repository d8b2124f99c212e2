import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../shared/zod.js';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  RowsRejectedError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
} from '../lib/errors.js';

function statusOf(err: DomainError): number {
  if (err instanceof ValidationError) return 400;
  if (err instanceof UnauthenticatedError) return 401;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof RowsRejectedError) return 422;
  if (err instanceof TooManyRequestsError) return 429;
  return 400;
}

/** Fastify's own request errors, in words a clerk understands. */
const FASTIFY_MESSAGES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'Przesłane dane są za duże.'],
  FST_REQ_FILE_TOO_LARGE: [413, 'Plik jest za duży.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'Nieobsługiwany format danych.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'Brak danych w żądaniu.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'Nieprawidłowy format danych (JSON).'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'Plik trzeba przesłać jako formularz (multipart/form-data).'],
};

function body(code: string, message: string, fields?: { path: string; message: string }[]): ErrorBody {
  return { error: { code, message, ...(fields && fields.length > 0 ? { fields } : {}) } };
}

/** The one place that turns errors into HTTP responses: domain errors, validation, Fastify's, and the rest. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof DomainError) {
      if (err instanceof TooManyRequestsError) reply.header('retry-after', String(err.retryAfterSeconds));
      const fields = err instanceof ValidationError ? err.fields : undefined;
      const sent = body(err.code, err.message, fields);
      // Every row's error up to a sane cap; the message says how many there are in all.
      if (err instanceof RowsRejectedError) sent.error.rows = err.rows.slice(0, 1000);
      return reply.status(statusOf(err)).send(sent);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({
        path: [err.validationContext, ...v.instancePath.split('/').filter(Boolean)]
          .filter((p) => p !== 'body')
          .join('.'),
        message: v.message ?? 'Nieprawidłowa wartość.',
      }));
      return reply.status(400).send(body('validation_failed', 'Popraw zaznaczone pola.', fields));
    }
    const known = err.code ? FASTIFY_MESSAGES[err.code] : undefined;
    if (known) return reply.status(known[0]).send(body(err.code.toLowerCase(), known[1]));
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return reply.status(400).send(body('invalid_json', 'Nieprawidłowy format danych (JSON).'));
    }
    if (err.statusCode === 429) {
      return reply.status(429).send(body('too_many_requests', 'Zbyt wiele prób w krótkim czasie — odczekaj chwilę.'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(body('bad_request', 'Nieprawidłowe żądanie.'));
    }
    req.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send(
        body(
          'internal',
          'Wystąpił nieoczekiwany błąd serwera. Spróbuj ponownie; jeśli się powtórzy, powiadom administratora.',
        ),
      );
  });

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(body('not_found', `Nie ma takiego adresu: ${req.method} ${req.url.split('?')[0]}`));
  });
}

import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../shared/zod.js';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  NotFoundError,
  RowsRejectedError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
} from '../lib/errors.js';
import { diskFullMessage, isDiskFull } from './disk-full.js';
import { englishError, wantsEnglish } from './english.js';
import {
  errorBody as body,
  FASTIFY_MESSAGES,
  isMultipartParseError,
  refuseWhileClosing,
  statusBody,
} from './framework-errors.js';
import { ReplayedAnswer, sendReplay } from './idempotency.js';

function statusOf(err: DomainError): number {
  if (err instanceof ValidationError) return 400;
  if (err instanceof UnauthenticatedError) return 401;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof RowsRejectedError || err instanceof IdempotencyKeyReusedError) return 422;
  if (err instanceof TooManyRequestsError) return 429;
  return 400;
}

const isErrorBody = (p: unknown): p is ErrorBody =>
  typeof p === 'object' && p !== null && typeof (p as ErrorBody).error?.message === 'string';

/** The one place that turns errors into HTTP responses: domain errors, validation, Fastify's, and the rest. */
export function registerErrorHandler(app: FastifyInstance, options: { dataPlace?: string } = {}) {
  refuseWhileClosing(app);
  // English for the common errors when the request asks for it first (http/english.ts); Polish otherwise.
  app.addHook('preSerialization', async (req, reply, payload) => {
    if (reply.statusCode < 400 || !wantsEnglish(req) || !isErrorBody(payload)) return payload;
    return englishError(payload);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if ((err as unknown) instanceof ReplayedAnswer) return sendReplay(reply, (err as unknown as ReplayedAnswer).answer);
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
    if (!err.statusCode && isMultipartParseError(err, req)) {
      return reply
        .status(400)
        .send(
          body('invalid_multipart', 'Nie udało się odczytać przesłanego formularza z plikiem — wyślij go ponownie.'),
        );
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(statusBody(err.statusCode));
    }
    if (isDiskFull(err)) {
      req.log.error({ err }, 'disk full');
      const place = options.dataPlace ?? 'dysk z danymi Listonosza';
      return reply.status(507).send(body('disk_full', diskFullMessage(place)));
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

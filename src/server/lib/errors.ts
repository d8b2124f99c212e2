/**
 * Domain errors. Services throw these; the HTTP layer maps them to status codes in one place (app.ts).
 * Messages are written for an office clerk, in Polish, and say what to do.
 */
export type FieldIssue = { path: string; message: string };

export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that passed the shape check but breaks a business rule (or a field-level check done in a service). */
export class ValidationError extends DomainError {
  readonly code = 'validation_failed';
  constructor(
    message: string,
    readonly fields: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
  constructor(message = 'Nie masz uprawnień do tej operacji.') {
    super(message);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
  constructor(message = 'Zaloguj się, aby kontynuować.') {
    super(message);
  }
}

/** The request conflicts with the current state (duplicate, wrong status for the action). */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

export class TooManyRequestsError extends DomainError {
  readonly code = 'too_many_requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** An Idempotency-Key sent again with a different request (HTTP 422): nothing was done. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'idempotency_key_reused';
}

/** One rejected row of an imported file or list: where (line as the user sees it), which field, why. */
export interface RowIssue {
  line: number;
  /** The row's key (recipient key, unit number…) so the clerk can find it. */
  key?: string | null;
  path: string;
  message: string;
}

/** A whole import refused because of row errors; nothing of it was stored (HTTP 422 with every row's error). */
export class RowsRejectedError extends DomainError {
  readonly code = 'rows_rejected';
  constructor(
    message: string,
    readonly rows: RowIssue[],
  ) {
    super(message);
  }
}

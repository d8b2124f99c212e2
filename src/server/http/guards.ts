import type { FastifyRequest } from 'fastify';
import { Id } from '../../shared/zod.js';
import { ValidationError } from '../lib/errors.js';
import type { Actor } from '../modules/auth/auth.js';
import { actorOf } from './auth-hook.js';

/**
 * Route-level `onRequest` checks: they run once the session is known and before the body is read or parsed, so
 * a user without the right to act never makes the server parse an upload or a JSON body (issue 10, point 2).
 */
export type RequestCheck = (req: FastifyRequest) => Promise<void>;

/** Who may act at all (their positions' properties, accounts…), decided before the body is read. */
export function before(check: (actor: Actor) => Promise<void>): RequestCheck {
  return async (req) => check(actorOf(req));
}

/** For a route about one row named in the path (`:id` by default): the row exists and is within reach. */
export function beforeRow(check: (actor: Actor, id: string) => Promise<void>, param = 'id'): RequestCheck {
  return async (req) => {
    const id = (req.params as Record<string, string | undefined>)[param];
    if (!Id.safeParse(id).success) {
      throw new ValidationError('Popraw zaznaczone pola.', [
        { path: `params.${param}`, message: 'Nieprawidłowy identyfikator.' },
      ]);
    }
    await check(actorOf(req), id as string);
  };
}

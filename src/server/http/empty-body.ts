import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

const acceptsEmpty = new WeakMap<z.ZodType, boolean>();

/** Whether `{}` passes the route's body schema: every field has a default or may be left out. */
function defaultsOnly(schema: unknown): boolean {
  if (!(schema instanceof z.ZodType)) return false;
  let known = acceptsEmpty.get(schema);
  if (known === undefined) {
    known = schema.safeParse({}).success;
    acceptsEmpty.set(schema, known);
  }
  return known;
}

/**
 * A POST whose body has a default for every field may come with no body at all (an API client asking for the
 * defaults, e.g. `POST /api/webhooks/:id/secret`): Fastify gives that body as null, which the schema refused with a
 * 400 about a null object. It is taken as `{}`. A route that needs a field still says which one is missing.
 */
export function registerEmptyBodyDefaults(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    if (req.method === 'POST' && req.body == null && defaultsOnly(req.routeOptions.schema?.body)) req.body = {};
  });
}

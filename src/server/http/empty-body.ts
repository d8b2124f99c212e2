import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

const acceptsEmpty = new WeakMap<z.ZodType, boolean>();

/** Whether `{}` passes the route's body schema: every field has a default or may be left out. */
function defaultsOnly(schema: z.ZodType): boolean {
  let known = acceptsEmpty.get(schema);
  if (known === undefined) {
    known = schema.safeParse({}).success;
    acceptsEmpty.set(schema, known);
  }
  return known;
}

/**
 * A request with no body at all (Fastify gives it as null) was refused with a 400 about a null object, naming no
 * field. Now a POST is taken as `{}`: where every field has a default (an API client asking for the defaults, e.g.
 * `POST /api/webhooks/:id/secret`) it goes through, elsewhere the 400 names each missing field. A PATCH or PUT with
 * no body is taken as `{}` only to name the missing fields; one whose fields are all optional stays refused (an
 * empty change is not what anyone sends on purpose).
 */
export function registerMissingBodyAsEmpty(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    if (req.body != null || !['POST', 'PUT', 'PATCH'].includes(req.method)) return;
    const schema = req.routeOptions.schema?.body;
    if (!(schema instanceof z.ZodType)) return;
    if (req.method === 'POST' || !defaultsOnly(schema)) req.body = {};
  });
}

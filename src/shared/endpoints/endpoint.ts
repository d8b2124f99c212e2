import type { z } from 'zod';

/**
 * The API contract the web app calls, one entry per endpoint: the key is "METHOD /path" (path parameters as
 * `:name`, exactly as the server registers the route), the value names the zod schemas of what goes in and
 * comes out. The web client (src/web/api.ts) infers its types from these entries, and
 * endpoints.test.ts checks every entry against the server's registered route, so a change on either side that
 * the other does not follow fails tsc or that test (docs/decisions.md D83).
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint {
  /** The query string's schema (the route's `querystring`). */
  query?: z.ZodType;
  /** The JSON body's schema, or 'multipart' for a form with a file (sent as FormData). */
  body?: z.ZodType | 'multipart';
  /** The status of a successful answer; 200 when left out. */
  status?: number;
  /** The schema of the successful answer's body; left out for an empty answer (204). */
  response?: z.ZodType;
}

export type EndpointTable = Record<`${Method} /api/${string}`, Endpoint>;

/** `'GET /api/x/:id/y/:other'` → `'id' | 'other'`. */
export type ParamNames<K extends string> = K extends `${string}/:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : K extends `${string}/:${infer Name}`
    ? Name
    : never;

type ParamsPart<K extends string> = [ParamNames<K>] extends [never]
  ? unknown
  : { params: Record<ParamNames<K>, string> };

/** A query's fields may also be null or '': the client leaves both out of the query string, as absent. */
type Nullable<T> = { [P in keyof T]?: T[P] | null | '' };
type QueryPart<E> = E extends { query: z.ZodType } ? { query?: Nullable<z.input<E['query']>> } : unknown;

type BodyPart<E> = E extends { body: 'multipart' }
  ? { body: FormData }
  : E extends { body: z.ZodType }
    ? undefined extends z.input<E['body']>
      ? { body?: z.input<E['body']> }
      : { body: z.input<E['body']> }
    : unknown;

/** What a caller passes: path parameters, query and body, each only where the endpoint has them. */
export type InputOf<T extends EndpointTable, K extends keyof T & string> = ParamsPart<K> &
  QueryPart<T[K]> &
  BodyPart<T[K]>;

/** What a caller gets: the response schema's output (what the server serialised), null for an empty answer. */
export type OutputOf<T extends EndpointTable, K extends keyof T> = T[K] extends { response: z.ZodType }
  ? z.output<T[K]['response']>
  : null;

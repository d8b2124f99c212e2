import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { Position } from '../positions.js';
import { z } from '../zod.js';
import type { Endpoint } from './endpoint.js';
import { endpoints } from './index.js';

/**
 * The web client's endpoint table against the server's registered routes: every entry must name a route that
 * exists with that method and path, and its query, body and response schemas must be the route's (compared as
 * the JSON Schema each describes, so a route that builds an equal schema inline still agrees). A server change
 * the table does not follow, or the reverse, fails here; tsc then finds the web code the change affects.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const shape = (schema: unknown, io: 'input' | 'output') =>
  schema === undefined ? undefined : z.toJSONSchema(schema as z.ZodType, { io, unrepresentable: 'any' });

function routeOf(key: string): RouteOptions | undefined {
  const [method, url] = key.split(' ');
  return t.app.registeredRoutes.find(
    (r) => r.url === url && (Array.isArray(r.method) ? r.method : [r.method]).includes(method as string),
  );
}

describe('the endpoint table agrees with the server', () => {
  const entries = Object.entries(endpoints) as [string, Endpoint][];

  it.each(entries)('%s', (key, endpoint) => {
    const route = routeOf(key);
    expect(route, `${key}: no such route on the server`).toBeDefined();
    const schema = (route?.schema ?? {}) as {
      querystring?: unknown;
      body?: unknown;
      consumes?: string[];
      response?: Record<string, unknown>;
    };
    expect(shape(endpoint.query, 'input'), `${key}: query`).toEqual(shape(schema.querystring, 'input'));
    if (endpoint.body === 'multipart') {
      expect(schema.body, `${key}: a multipart route has no JSON body`).toBeUndefined();
      expect(schema.consumes, `${key}: multipart`).toContain('multipart/form-data');
    } else {
      expect(shape(endpoint.body, 'input'), `${key}: body`).toEqual(shape(schema.body, 'input'));
    }
    const success = Object.keys(schema.response ?? {}).filter((status) => status.startsWith('2'));
    if (endpoint.response === undefined) {
      expect(success, `${key}: the server describes an answer the table does not`).toEqual([]);
    } else {
      const status = String(endpoint.status ?? 200);
      expect(success, `${key}: success status`).toContain(status);
      expect(shape(endpoint.response, 'output'), `${key}: response`).toEqual(
        shape(schema.response?.[status], 'output'),
      );
    }
  });

  it('each entry names its route once (no two keys for one route)', () => {
    const routes = Object.keys(endpoints).map(routeOf);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('the comparison sees a changed schema (one field more, a field made optional)', () => {
    expect(shape(Position.extend({ extra: z.string() }), 'output')).not.toEqual(shape(Position, 'output'));
    expect(shape(Position.partial(), 'output')).not.toEqual(shape(Position, 'output'));
  });
});

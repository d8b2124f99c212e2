import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { call, createUser, login, type Session, type TestApp } from './app.js';

export type Method = Parameters<typeof call>[2];

/** One route of the API, as the authorisation tables list it. */
export interface RouteCase {
  method: Method;
  url: string;
  body?: unknown;
}

/** A valid id that no row has. */
export const MISSING_ID = '01900000-0000-7000-8000-000000000000';

/** Asserts the status and returns the parsed body (or null when there is none). */
export function expectStatus(res: LightMyRequestResponse, status: number) {
  if (res.statusCode !== status) {
    throw new Error(`expected HTTP ${status}, got ${res.statusCode}: ${res.body.slice(0, 500)}`);
  }
  return res.body ? res.json() : null;
}

/** Asserts the API's error body: status, code and a Polish message. */
export function expectError(res: LightMyRequestResponse, status: number, code: string, message?: string | RegExp) {
  const body = expectStatus(res, status);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  if (message !== undefined) expect(body.error.message).toMatch(message);
  return body.error as { code: string; message: string; fields?: { path: string; message: string }[] };
}

/** Asserts a 400 validation_failed body naming `path` with a message matching `message`. */
export function expectFieldError(res: LightMyRequestResponse, path: string, message: string | RegExp) {
  const error = expectError(res, 400, 'validation_failed');
  expect(error.fields, res.body).toBeDefined();
  const field = error.fields?.find((f) => f.path === path);
  expect(field, `no error for "${path}" in ${res.body}`).toBeDefined();
  expect(field?.message).toMatch(message);
  return error;
}

export function accountInput(name: string, local: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    fromName: `Biuro — ${name}`,
    fromAddress: `${local}@zarzadca.example.pl`,
    feedbackAddress: `zwrotne.${local}@zarzadca.example.pl`,
    host: '127.0.0.1',
    port: 2525,
    security: 'none',
    ...overrides,
  };
}

export interface World {
  admin: Session;
  clerkA: Session;
  clerkB: Session;
  adminId: string;
  clerkAId: string;
  clerkBId: string;
  /** "Czynsze" with account A as its default; clerk A works there. */
  positionA: string;
  /** "Księgowość" with account B as its default; clerk B works there. */
  positionB: string;
  accountA: string;
  accountB: string;
}

/**
 * The scoping fixture: two positions, an SMTP account bound to each (as its default), a clerk at each and an
 * administrator — all set up through the API as the administrator would.
 */
export async function createWorld(t: TestApp): Promise<World> {
  const adminUser = await createUser(t, 'szef', 'admin');
  const admin = await login(t, 'szef');
  const positionA = expectStatus(await call(t, admin, 'POST', '/api/positions', { name: 'Czynsze' }), 201).id;
  const positionB = expectStatus(await call(t, admin, 'POST', '/api/positions', { name: 'Księgowość' }), 201).id;
  const accountA = expectStatus(
    await call(t, admin, 'POST', '/api/accounts', accountInput('Czynsze SMTP', 'czynsze')),
    201,
  ).id;
  const accountB = expectStatus(
    await call(t, admin, 'POST', '/api/accounts', accountInput('Księgowość SMTP', 'ksiegowosc')),
    201,
  ).id;
  for (const [position, account] of [
    [positionA, accountA],
    [positionB, accountB],
  ]) {
    expectStatus(
      await call(t, admin, 'PUT', `/api/positions/${position}/accounts`, {
        accounts: [{ accountId: account, role: 'default' }],
      }),
      200,
    );
  }
  const clerkAUser = await createUser(t, 'anna', 'clerk', [positionA]);
  const clerkBUser = await createUser(t, 'bartek', 'clerk', [positionB]);
  return {
    admin,
    clerkA: await login(t, 'anna'),
    clerkB: await login(t, 'bartek'),
    adminId: adminUser.id,
    clerkAId: clerkAUser.id,
    clerkBId: clerkBUser.id,
    positionA,
    positionB,
    accountA,
    accountB,
  };
}

/** The administrator sets the properties a position serves (its clerks see and edit only these). */
export async function assignProperties(t: TestApp, w: World, positionId: string, propertyIds: string[]) {
  return expectStatus(await call(t, w.admin, 'PUT', `/api/positions/${positionId}/properties`, { propertyIds }), 200);
}

/** A multipart/form-data body with one file in the field "file" (and text fields), ready for app.inject. */
export async function multipartFile(
  filename: string,
  contentType: string,
  data: Uint8Array,
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(data)], { type: contentType }), filename);
  const response = new Response(form);
  return {
    payload: Buffer.from(await response.arrayBuffer()),
    headers: { 'content-type': response.headers.get('content-type') as string },
  };
}

/** Uploads a file as `session` (with the CSRF header the web app sends). */
export async function upload(
  t: TestApp,
  session: Session | null,
  url: string,
  file: { filename: string; contentType: string; data: Uint8Array },
  fields: Record<string, string> = {},
) {
  const body = await multipartFile(file.filename, file.contentType, file.data, fields);
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      ...body.headers,
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
    },
    payload: body.payload,
  });
}

/** Sends a raw (not JSON-encoded) body, for malformed and oversized requests. */
export function rawRequest(t: TestApp, session: Session, method: Method, url: string, payload: string) {
  return t.app.inject({
    method,
    url,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
    payload,
  });
}

/** The audit entries of one entity: action, actor and parsed details, oldest first. */
export async function auditEntries(t: TestApp, entityId: string) {
  const rows = await t.container.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'details'])
    .where('entity_id', '=', entityId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    actorId: r.actor_id,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}

/** The actions recorded in the audit log, optionally for one entity. */
export async function auditActions(t: TestApp, entityId?: string): Promise<string[]> {
  let q = t.container.db.selectFrom('audit_log').select('action').orderBy('at').orderBy('id');
  if (entityId) q = q.where('entity_id', '=', entityId);
  return (await q.execute()).map((r) => r.action);
}

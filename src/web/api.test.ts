// @vitest-environment jsdom
import i18n from 'i18next';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Batch } from '../shared/batches.js';
import type { Position } from '../shared/positions.js';
import { ApiError, type ApiResult, api, rememberSession } from './api.js';
import './app/i18n.js';

afterEach(async () => {
  vi.unstubAllGlobals();
  rememberSession(null);
  await i18n.changeLanguage('pl');
});

function stubFetch(status = 200, body = '{}') {
  const fetch = vi.fn(async (_url: string | URL, _init?: RequestInit) => new Response(body, { status }));
  vi.stubGlobal('fetch', fetch);
  const last = () => fetch.mock.calls.at(-1) as [string, RequestInit];
  return {
    url: () => last()[0],
    init: () => last()[1],
    headers: () => (last()[1].headers ?? {}) as Record<string, string>,
  };
}

describe('the API client sends the UI language, so the server answers common errors in it', () => {
  it('Polish by default, English when the UI is in English', async () => {
    const sent = stubFetch();
    await api('GET /api/positions');
    expect(sent.headers()['accept-language']).toBe('pl');
    await i18n.changeLanguage('en');
    await api('POST /api/positions', { body: { name: 'Czynsze' } });
    expect(sent.headers()['accept-language']).toBe('en');
    await api('POST /api/imports/recipients', { body: new FormData() });
    expect(sent.headers()['accept-language']).toBe('en');
  });
});

describe('the API client builds the request from the endpoint table', () => {
  it('fills path parameters (escaped) and leaves empty query values out', async () => {
    const sent = stubFetch();
    await api('DELETE /api/suppressions/:address', { params: { address: 'jan/kowalski@example.pl' } });
    expect(sent.url()).toBe('/api/suppressions/jan%2Fkowalski%40example.pl');
    expect(sent.init().method).toBe('DELETE');
    await api('GET /api/mailboxes/:mailbox', {
      params: { mailbox: 'drafts' },
      query: { batchId: 'b1', q: '', cursor: null, limit: 10 },
    });
    expect(sent.url()).toBe('/api/mailboxes/drafts?batchId=b1&limit=10');
  });

  it('sends JSON with the CSRF token on writes, a form as multipart (the browser sets its boundary)', async () => {
    const sent = stubFetch();
    rememberSession({ csrfToken: 'żeton', user: {} as never });
    await api('GET /api/positions');
    expect(sent.headers()['x-csrf-token']).toBeUndefined();
    await api('PUT /api/positions/:id/properties', { params: { id: 'p1' }, body: { propertyIds: [] } });
    expect(sent.url()).toBe('/api/positions/p1/properties');
    expect(sent.init().method).toBe('PUT');
    expect(sent.headers()['x-csrf-token']).toBe('żeton');
    expect(sent.headers()['content-type']).toBe('application/json');
    expect(sent.init().body).toBe('{"propertyIds":[]}');
    const form = new FormData();
    await api('POST /api/batches/:id/attachments', { params: { id: 'b1' }, body: form });
    expect(sent.init().body).toBe(form);
    expect(sent.headers()['content-type']).toBeUndefined();
    expect(sent.headers()['x-csrf-token']).toBe('żeton');
  });

  it("turns an error body into ApiError with the server's message and fields", async () => {
    const body = {
      error: { code: 'validation', message: 'Popraw pola.', fields: [{ path: 'name', message: 'Za długie.' }] },
    };
    stubFetch(400, JSON.stringify(body));
    const error = await api('POST /api/positions', { body: { name: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('Popraw pola.');
    expect((error as ApiError).fields).toEqual({ name: 'Za długie.' });
  });
});

describe('the API client is typed from the shared schemas (tsc checks these)', () => {
  it('answers with the response schema’s type, null for an empty answer', () => {
    expectTypeOf<ApiResult<'GET /api/positions'>>().toEqualTypeOf<Position[]>();
    expectTypeOf<ApiResult<'POST /api/batches/:id/run'>>().toEqualTypeOf<Batch>();
    expectTypeOf<ApiResult<'DELETE /api/positions/:id'>>().toEqualTypeOf<null>();
  });

  it('asks for exactly the path parameters, the body and the query the endpoint has', () => {
    const calls = () => {
      // @ts-expect-error a path parameter is required
      void api('GET /api/batches/:id');
      // @ts-expect-error the parameter is named id
      void api('GET /api/batches/:id', { params: { batchId: 'b1' } });
      // @ts-expect-error the body misses the required name
      void api('POST /api/positions', { body: {} });
      // @ts-expect-error an unknown endpoint
      void api('GET /api/nie-ma');
      // @ts-expect-error the query of the mailbox list has no such field
      void api('GET /api/mailboxes/:mailbox', { params: { mailbox: 'sent' }, query: { nie: 1 } });
      void api('GET /api/templates/:type', { params: { type: 'fee_notice' }, query: { accountId: null } });
    };
    expect(calls).toBeTypeOf('function');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createWorld, type World } from '../../../test/support/world.js';

/** Polish by default; English for the common errors when the request puts English first (as the web client does). */
let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

const ask = (url: string, language?: string, method: 'GET' | 'POST' = 'GET', payload?: object) =>
  t.app.inject({
    method,
    url,
    headers: {
      cookie: w.admin.cookie,
      'x-csrf-token': w.admin.csrf,
      ...(language ? { 'accept-language': language } : {}),
    },
    ...(payload ? { payload } : {}),
  });

describe('error messages in the language the request asks for', () => {
  it('validation: the envelope and the common field messages in English, the code unchanged', async () => {
    const res = await ask('/api/recipients', 'en-GB,en;q=0.9,pl;q=0.5', 'POST', {});
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('Please correct the marked fields.');
    expect(error.fields).toContainEqual({ path: 'name', message: 'This field is required.' });
  });

  it('dates: a form and a day that does not exist', async () => {
    const day = (await ask('/api/audit?from=2026-02-30', 'en')).json().error;
    expect(day.fields).toEqual([{ path: 'querystring.from', message: 'No such day: 30 February 2026.' }]);
    const form = (await ask('/api/audit?from=30.01.2026', 'en')).json().error;
    expect(form.fields).toEqual([{ path: 'querystring.from', message: 'Enter the date as YYYY-MM-DD.' }]);
  });

  it('Polish stays the default: no header, Polish first, or another language', async () => {
    for (const language of [undefined, 'pl', 'pl-PL,en;q=0.8', 'de']) {
      const { error } = (await ask('/api/recipients', language, 'POST', {})).json();
      expect(error.message, language).toBe('Popraw zaznaczone pola.');
      expect(error.fields, language).toContainEqual({ path: 'name', message: 'To pole jest wymagane.' });
    }
  });

  it('common errors: signed out, an unknown address', async () => {
    const out = await t.app.inject({
      method: 'GET',
      url: '/api/mailboxes/counts',
      headers: { 'accept-language': 'en' },
    });
    expect(out.statusCode).toBe(401);
    expect(out.json().error).toEqual({ code: 'unauthenticated', message: 'Please sign in to continue.' });
    const missing = await ask('/api/nie-ma', 'en');
    expect(missing.json().error).toEqual({ code: 'not_found', message: 'No such address: GET /api/nie-ma' });
  });
});

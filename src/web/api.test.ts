// @vitest-environment jsdom
import i18n from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, upload } from './api.js';
import './app/i18n.js';

afterEach(async () => {
  vi.unstubAllGlobals();
  await i18n.changeLanguage('pl');
});

function stubFetch() {
  const fetch = vi.fn(async (_url: string | URL, _init?: RequestInit) => new Response('{}', { status: 200 }));
  vi.stubGlobal('fetch', fetch);
  return () => ((fetch.mock.calls.at(-1)?.[1]?.headers ?? {}) as Record<string, string>)['accept-language'];
}

describe('the API client sends the UI language, so the server answers common errors in it', () => {
  it('Polish by default, English when the UI is in English', async () => {
    const language = stubFetch();
    await api('GET', '/api/x');
    expect(language()).toBe('pl');
    await i18n.changeLanguage('en');
    await api('POST', '/api/x', {});
    expect(language()).toBe('en');
    await upload('/api/y', new FormData());
    expect(language()).toBe('en');
  });
});

// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Webhook, WebhookDelivery } from '../../../shared/webhooks.js';
import { fakeFetch, renderSettings } from './testing.js';

const HOOK: Webhook = {
  id: '44444444-4444-4444-8444-444444444444',
  name: 'System czynszowy',
  url: 'https://czynsze.example.pl/listonosz',
  positionId: null,
  apiKeyId: null,
  eventTypes: ['sent', 'failed'],
  active: true,
  createdAt: '2026-12-06T10:00:00.000Z',
  updatedAt: '2026-12-06T10:00:00.000Z',
  previousSecretUntil: null,
};
const DELIVERY: WebhookDelivery = {
  id: '55555555-5555-4555-8555-555555555555',
  webhookId: HOOK.id,
  eventId: 7,
  eventType: 'sent',
  messageId: '66666666-6666-4666-8666-666666666666',
  status: 'pending',
  attempts: 2,
  nextAttemptAt: '2026-12-06T10:05:00.000Z',
  lastAttemptAt: '2026-12-06T10:00:00.000Z',
  lastStatus: 500,
  lastError: 'Odbiorca odpowiedział HTTP 500.',
  replayOf: null,
  createdAt: '2026-12-06T09:59:00.000Z',
  deliveredAt: null,
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('settings: webhooks', () => {
  it('adds a webhook and shows its secret once', async () => {
    const calls = fakeFetch({
      'GET /api/webhooks': () => [],
      'GET /api/positions': () => [],
      'POST /api/webhooks': () => ({ ...HOOK, secret: 'whsec_abc' }),
    });
    renderSettings('webhooki');
    fireEvent.click(await screen.findByRole('button', { name: 'Dodaj webhook' }));
    fireEvent.change(screen.getByLabelText('Nazwa'), { target: { value: 'System czynszowy' } });
    fireEvent.change(screen.getByLabelText('Adres (URL)'), { target: { value: HOOK.url } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz' }));
    expect(await screen.findByText('whsec_abc')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({ name: 'System czynszowy', url: HOOK.url, positionId: null, active: true });
  });

  it('makes a new secret: the old one keeps working for the time chosen, the new one is shown once', async () => {
    let hook = HOOK;
    const calls = fakeFetch({
      'GET /api/webhooks': () => [hook],
      'GET /api/positions': () => [],
      [`POST /api/webhooks/${HOOK.id}/secret`]: () => {
        hook = { ...HOOK, previousSecretUntil: '2026-12-09T10:00:00.000Z' };
        return { ...hook, secret: 'whsec_nowy' };
      },
    });
    renderSettings('webhooki');
    fireEvent.click(await screen.findByRole('button', { name: 'Nowy sekret' }));
    expect(screen.getByText(/Trzeba go wpisać w systemie odbierającym/)).toBeTruthy();
    expect((screen.getByLabelText('24 godziny') as HTMLInputElement).checked).toBe(true);
    for (const label of ['Natychmiast wygasa', '72 godziny', '7 dni'])
      expect(screen.getByLabelText(label)).toBeTruthy();
    fireEvent.click(screen.getByLabelText('72 godziny'));
    fireEvent.click(screen.getByRole('button', { name: 'Utwórz nowy sekret' }));
    expect(await screen.findByText('whsec_nowy')).toBeTruthy();
    // The same presentation as after adding a webhook: the once-only note and the copy button.
    expect(screen.getByText(/nie będzie go można wyświetlić ponownie/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Kopiuj' })).toBeTruthy();
    expect(within(screen.getByRole('dialog')).getByText('Poprzedni sekret działa do 09.12.2026, 11:00')).toBeTruthy();
    expect(calls.find((c) => c.url.endsWith('/secret'))?.body).toEqual({ overlapHours: 72 });
    fireEvent.click(screen.getByRole('button', { name: 'Gotowe' }));
    // The list shows until when the previous secret works.
    await vi.waitFor(() => expect(screen.queryByText('whsec_nowy')).toBeNull());
    expect(screen.getByText('Poprzedni sekret działa do 09.12.2026, 11:00')).toBeTruthy();
  });

  it('a secret that expires at once: only the new one works', async () => {
    const calls = fakeFetch({
      'GET /api/webhooks': () => [HOOK],
      'GET /api/positions': () => [],
      [`POST /api/webhooks/${HOOK.id}/secret`]: () => ({ ...HOOK, secret: 'whsec_nowy' }),
    });
    renderSettings('webhooki');
    fireEvent.click(await screen.findByRole('button', { name: 'Nowy sekret' }));
    fireEvent.click(screen.getByLabelText('Natychmiast wygasa'));
    fireEvent.click(screen.getByRole('button', { name: 'Utwórz nowy sekret' }));
    expect(await screen.findByText('whsec_nowy')).toBeTruthy();
    expect(within(screen.getByRole('dialog')).getByText('Poprzedni sekret już nie działa.')).toBeTruthy();
    expect(screen.queryByText(/Poprzedni sekret działa do/)).toBeNull();
    expect(calls.find((c) => c.url.endsWith('/secret'))?.body).toEqual({ overlapHours: 0 });
  });

  it('a webhook another administrator deleted meanwhile leaves the list when its new secret is refused', async () => {
    let hooks = [HOOK];
    fakeFetch({
      'GET /api/webhooks': () => hooks,
      'GET /api/positions': () => [],
      [`POST /api/webhooks/${HOOK.id}/secret`]: () => {
        hooks = [];
        return { __status: 404, body: { error: { code: 'not_found', message: 'Nie znaleziono webhooka.' } } };
      },
    });
    renderSettings('webhooki');
    fireEvent.click(await screen.findByRole('button', { name: 'Nowy sekret' }));
    fireEvent.click(screen.getByRole('button', { name: 'Utwórz nowy sekret' }));
    expect(await within(screen.getByRole('dialog')).findByText('Nie znaleziono webhooka.')).toBeTruthy();
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Nowy sekret' })).toBeNull());
  });

  it('shows the delivery log and sends a delivery again', async () => {
    const calls = fakeFetch({
      'GET /api/webhooks': () => [HOOK],
      'GET /api/positions': () => [],
      [`GET /api/webhooks/${HOOK.id}/deliveries`]: () => [DELIVERY],
      [`POST /api/webhooks/${HOOK.id}/deliveries/${DELIVERY.id}/replay`]: () => ({ id: 'x' }),
    });
    renderSettings('webhooki');
    expect(await screen.findByText('Wszystkie konta (cała instalacja)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Doręczenia' }));
    expect(await screen.findByText('500')).toBeTruthy();
    expect(screen.getByText('czeka')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Wyślij ponownie' }));
    await vi.waitFor(() => expect(calls.some((c) => c.url.endsWith('/replay'))).toBe(true));
  });
});

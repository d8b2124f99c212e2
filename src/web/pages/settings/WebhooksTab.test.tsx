// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
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

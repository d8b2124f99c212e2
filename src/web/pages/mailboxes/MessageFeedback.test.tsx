// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import type { FeedbackEventView } from '../../../shared/feedback.js';
import type { Message } from '../../../shared/messages.js';
import { FeedbackBadges, MessageFeedback } from './MessageFeedback.js';
import { summary } from './testing.js';

const event = (over: Partial<FeedbackEventView>): FeedbackEventView => ({
  id: '33333333-3333-4333-8333-333333333333',
  kind: 'hard_bounce',
  reason: 'recipient_unknown',
  confidence: 'verp',
  forged: false,
  effect: 'bounced',
  occurredAt: '2026-12-06T09:30:00.000Z',
  rawSha256: 'a'.repeat(64),
  ...over,
});

afterEach(cleanup);

describe('feedback on a message', () => {
  it('lists each event with its time, kind and reason in Polish, and the read time', () => {
    const m = {
      ...summary({ status: 'bounced' }),
      readAt: '2026-12-06T10:00:00.000Z',
      feedback: [
        event({}),
        event({ id: '44444444-4444-4444-8444-444444444444', kind: 'hard_bounce', forged: true, effect: 'none' }),
        event({ id: '55555555-5555-4555-8555-555555555555', kind: 'read_receipt', reason: 'read_displayed' }),
      ],
    } as unknown as Message;
    renderWeb(<MessageFeedback message={m} />);
    expect(screen.getByText('Informacje zwrotne')).toBeTruthy();
    expect(screen.getAllByText('Zwrot (trwały)')).toHaveLength(2);
    expect(screen.getAllByText('Skrzynka adresata nie istnieje.')).toHaveLength(2);
    expect(screen.getByText('podpis zwrotu nieprawidłowy — nic nie zablokowano')).toBeTruthy();
    expect(screen.getByText('Potwierdzenie przeczytania')).toBeTruthy();
    expect(screen.getByText('Adresat otworzył wiadomość.')).toBeTruthy();
    expect(screen.getByText(/^Przeczytano 06\.12\.2026/)).toBeTruthy();
  });

  it('offers each kept report as an .eml download; an event without one has no link', () => {
    const m = {
      ...summary({ status: 'bounced' }),
      readAt: null,
      feedback: [event({}), event({ id: '66666666-6666-4666-8666-666666666666', rawSha256: null })],
    } as unknown as Message;
    renderWeb(<MessageFeedback message={m} />);
    const links = screen.getAllByRole('link', { name: 'Pobierz oryginalny raport (.eml)' });
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      `/api/messages/${m.id}/feedback/33333333-3333-4333-8333-333333333333/eml`,
    ]);
  });

  it('shows the badges in Polish', () => {
    renderWeb(<FeedbackBadges badges={['bounce', 'read', 'auto_reply', 'complaint']} />);
    for (const label of ['zwrot', 'przeczytano', 'autoodpowiedź', 'skarga'])
      expect(screen.getByText(label)).toBeTruthy();
  });
});

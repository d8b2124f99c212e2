// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { AuditTab } from './AuditTab.js';
import { fakeFetch } from './testing.js';

const ADMIN_ID = '11111111-1111-4111-8111-111111111111';
const MESSAGE_ID = '22222222-2222-4222-8222-222222222222';
const POSITION_ID = '33333333-3333-4333-8333-333333333333';
const GONE_ID = '44444444-4444-4444-8444-444444444444';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the audit log, for people', () => {
  it('shows Polish action names, names instead of ids, "pole: było → jest" lines; JSON only as technical details', async () => {
    fakeFetch({
      'GET /api/users': () => [],
      'GET /api/audit': () => ({
        items: [
          {
            id: '55555555-5555-4555-8555-555555555551',
            at: '2026-12-06T12:00:00Z',
            actorId: ADMIN_ID,
            actorLabel: 'anna',
            action: 'message.cancel',
            entityType: 'message',
            entityId: MESSAGE_ID,
            details: { previousStatus: 'queued' },
            ip: '127.0.0.1',
            names: { [ADMIN_ID]: 'Anna Kowalska', [MESSAGE_ID]: 'Opłaty od stycznia 2027 — ul. Kwiatowa 24/24' },
          },
          {
            id: '55555555-5555-4555-8555-555555555552',
            at: '2026-12-06T11:00:00Z',
            actorId: ADMIN_ID,
            actorLabel: 'anna',
            action: 'user.update',
            entityType: 'user',
            entityId: GONE_ID,
            details: { role: 'admin', positionIds: [POSITION_ID], passwordChanged: true },
            ip: null,
            names: { [ADMIN_ID]: 'Anna Kowalska', [POSITION_ID]: 'Czynsze' },
          },
        ],
        nextCursor: null,
      }),
    });
    renderWeb(<AuditTab />);
    expect(await screen.findByText('Anulowanie wysyłki')).toBeTruthy();
    expect(screen.getAllByText('Anna Kowalska')).toHaveLength(2);
    expect(screen.getByText('Opłaty od stycznia 2027 — ul. Kwiatowa 24/24')).toBeTruthy();
    expect(screen.getByText('stan: czeka na wysłanie → anulowana')).toBeTruthy();
    expect(screen.getByText('Zmiana użytkownika')).toBeTruthy();
    expect(screen.getByText('rola: administrator')).toBeTruthy();
    expect(screen.getByText('stanowiska: Czynsze')).toBeTruthy();
    expect(screen.getByText('hasło zmienione: tak')).toBeTruthy();
    // Raw codes and ids are only in the folded technical details.
    const technical = screen.getAllByText('szczegóły techniczne');
    expect(technical).toHaveLength(2);
    for (const raw of ['message.cancel', MESSAGE_ID, POSITION_ID]) {
      const shown = screen.queryAllByText(
        (_, el) => el?.tagName !== 'PRE' && el?.childElementCount === 0 && (el.textContent ?? '').includes(raw),
      );
      expect(shown).toEqual([]);
    }
  });
});

// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../test/support/web.js';
import { DailyChart } from './DailyChart.js';
import { fakeFetch } from './settings/testing.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the 30-day chart', () => {
  it('spans the whole width, so today’s bar is at the right edge, above today’s date', async () => {
    const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(7 + i).padStart(2, '0')}`);
    days.splice(24, 6, '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06');
    const sent = days.map((_, i) => (i === 29 ? 12 : 1));
    fakeFetch({
      'GET /api/stats/daily': () => ({
        days,
        accounts: [{ accountId: 'a1', name: 'Czynsze', sent, failed: days.map(() => 0) }],
      }),
    });
    renderWeb(<DailyChart />);
    const chart = await screen.findByRole('img');
    expect(chart.getAttribute('preserveAspectRatio')).toBe('none');
    // The last bar is today's, ends at the right edge of the drawing, and the date under the right corner is today's.
    const groups = chart.querySelectorAll('g');
    const last = groups[groups.length - 1]!;
    expect(last.querySelector('title')?.textContent).toMatch(/^06\.12\.2026/);
    const rect = last.querySelector('rect')!;
    expect(Number(rect.getAttribute('x')) + Number(rect.getAttribute('width'))).toBeCloseTo(599, 0);
    expect(screen.getByText('06.12.2026')).toBeTruthy();
  });
});

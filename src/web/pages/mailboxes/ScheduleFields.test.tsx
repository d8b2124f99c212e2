// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { ScheduleFields, useSchedule } from './ScheduleFields.js';

function Harness() {
  const state = useSchedule();
  return (
    <>
      <ScheduleFields state={state} showError={state.missing} />
      <output data-testid="iso">{state.sendAtIso() ?? 'now'}</output>
    </>
  );
}

beforeEach(() => {
  // Sunday 6 December 2026, 13:23 in Warsaw.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-06T12:23:09Z'));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const field = (name: string) => screen.getByLabelText(name) as HTMLInputElement;

describe('sending later', () => {
  it('suggests an hour from now on the full hour, typed fields in Polish time', async () => {
    renderWeb(<Harness />);
    expect(screen.getByTestId('iso').textContent).toBe('now');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Wyślij później, o wybranej porze' }));
    expect(
      [field('Dzień'), field('Miesiąc'), field('Rok'), field('Godzina'), field('Minuty')].map((f) => f.value),
    ).toEqual(['06', '12', '2026', '15', '00']);
    expect(screen.getByTestId('iso').textContent).toBe('2026-12-06T14:00:00.000Z');

    // Typed: tomorrow at 08:30.
    fireEvent.change(field('Dzień'), { target: { value: '07' } });
    fireEvent.change(field('Godzina'), { target: { value: '08' } });
    fireEvent.change(field('Minuty'), { target: { value: '30' } });
    expect(screen.getByTestId('iso').textContent).toBe('2026-12-07T07:30:00.000Z');
  });

  it('says when the time has passed, and offers no day before today in the calendar', async () => {
    renderWeb(<Harness />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Wyślij później, o wybranej porze' }));
    fireEvent.change(field('Godzina'), { target: { value: '09' } });
    expect(await screen.findByText(/Ta pora już minęła/)).toBeTruthy();

    fireEvent.click(field('Dzień'));
    const dropdown = await waitFor(() => {
      const found = document.querySelector('.mantine-MaskedDateInput-dropdown');
      if (!found) throw new Error('no calendar');
      return found;
    });
    const day = (name: string) => dropdown.querySelector(`button[aria-label="${name}"]`) as HTMLButtonElement;
    expect(day('5 grudnia 2026').disabled).toBe(true);
    expect(day('7 grudnia 2026').disabled).toBe(false);
    expect(dropdown.querySelector('[aria-label="Poprzedni miesiąc"]')?.getAttribute('data-disabled')).toBe('true');
  });
});

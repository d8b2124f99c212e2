/**
 * Rendering web components in tests (Vitest + jsdom): Mantine, TanStack Query, the router and i18n (Polish),
 * as in the app. Files using it start with `// @vitest-environment jsdom`.
 */
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import '../../src/web/app/i18n.js';
import { AppDatesProvider } from '../../src/web/app/dates.js';
import { createQueryClient } from '../../src/web/app/query-client.js';

/** jsdom lacks what Mantine asks the browser for. */
let quietWarnings = false;

export function installBrowserShims() {
  // Date pickers stay hidden in jsdom (no layout), so Mantine's focus trap warns with the whole DOM node (hundreds of
  // lines per test). That warning says nothing about the code under test.
  if (!quietWarnings) {
    quietWarnings = true;
    const warn = console.warn.bind(console);
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('[@mantine/hooks/use-focus-trap]')) return;
      warn(...args);
    };
  }
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener() {},
        removeListener() {},
        addEventListener() {},
        removeEventListener() {},
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  window.HTMLElement.prototype.scrollIntoView ??= () => {};
  // Mantine's date pickers measure text once fonts are ready.
  if (!('fonts' in document)) {
    Object.defineProperty(document, 'fonts', {
      configurable: true,
      value: { ready: Promise.resolve(), addEventListener() {}, removeEventListener() {} },
    });
  }
}

export function renderWeb(ui: ReactNode, options: { route?: string } = {}) {
  installBrowserShims();
  const client = createQueryClient({ retry: false });
  return render(
    <MantineProvider>
      <AppDatesProvider>
        <QueryClientProvider client={client}>
          <MemoryRouter initialEntries={[options.route ?? '/']}>{ui}</MemoryRouter>
        </QueryClientProvider>
      </AppDatesProvider>
    </MantineProvider>,
  );
}

/**
 * Opens a Mantine date field that is a button (month, date-and-time pickers), found by its label; its dropdown.
 * jsdom has no layout, so the floating dropdown keeps `display: none`: its controls are found with `hidden: true`.
 */
export async function openDatePicker(label: string | RegExp): Promise<HTMLElement> {
  const field = screen.getByLabelText(label);
  fireEvent.click(field);
  return waitFor(() => {
    const id = field.getAttribute('aria-controls');
    const dropdown = id ? document.getElementById(id) : null;
    if (!dropdown) throw new Error(`No dropdown for ${String(label)}`);
    within(dropdown).getAllByRole('button', { hidden: true });
    return dropdown;
  });
}

/** Chooses a month (`YYYY-MM`) in a month picker, as a clerk would: the year with the arrows, then the month. */
export async function pickMonth(label: string | RegExp, period: string) {
  const dropdown = await openDatePicker(label);
  const target = dayjs(`${period}-01`);
  const shownYear = () =>
    Number(within(dropdown).getByRole('button', { name: 'Wybierz rok', hidden: true }).textContent);
  for (let i = 0; i < 100 && shownYear() > target.year(); i++)
    fireEvent.click(within(dropdown).getByRole('button', { name: 'Poprzedni rok', hidden: true }));
  for (let i = 0; i < 100 && shownYear() < target.year(); i++)
    fireEvent.click(within(dropdown).getByRole('button', { name: 'Następny rok', hidden: true }));
  fireEvent.click(within(dropdown).getByRole('button', { name: target.locale('pl').format('MMM'), hidden: true }));
}

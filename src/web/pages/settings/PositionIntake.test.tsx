// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWeb } from '../../../../test/support/web.js';
import { PositionIntakeSection } from './PositionIntake.js';
import { fakeFetch, status } from './testing.js';

const POSITION = '55555555-5555-4555-8555-555555555555';
const URL = `/api/positions/${POSITION}/intake`;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("a position's rule for mail without a clerk", () => {
  it('shows the rule and folders, saves a new folder, and shows the server’s reason at the path', async () => {
    const calls = fakeFetch({
      [`GET ${URL}`]: () => ({
        positionId: POSITION,
        mode: 'approval',
        sendTime: '18:00',
        dropFolders: [{ documentType: 'fee_notice', path: 'czynsze', resolvedPath: '/srv/drop/czynsze' }],
      }),
      'GET /api/document-types': () => [
        { type: 'fee_notice', label: 'Zawiadomienie o wysokości opłat' },
        { type: 'water_settlement', label: 'Rozliczenie wody' },
      ],
      [`PUT ${URL}`]: () =>
        status(400, {
          error: {
            code: 'validation_failed',
            message: 'Popraw zaznaczone pola.',
            fields: [{ path: 'dropFolders.1.path', message: 'Folder musi leżeć wewnątrz folderu zrzutów.' }],
          },
        }),
    });
    renderWeb(<PositionIntakeSection positionId={POSITION} />);
    expect(await screen.findByText('Na serwerze: /srv/drop/czynsze')).toBeTruthy();
    expect((screen.getByLabelText('Tryb') as HTMLSelectElement).value).toBe('approval');
    fireEvent.click(screen.getByRole('button', { name: 'Dodaj folder' }));
    const paths = screen.getAllByLabelText('Folder') as HTMLInputElement[];
    fireEvent.change(paths[1]!, { target: { value: '../poza' } });
    fireEvent.change(screen.getByLabelText('Tryb'), { target: { value: 'now' } });
    fireEvent.click(screen.getByRole('button', { name: 'Zapisz zasady' }));
    expect(await screen.findByText('Folder musi leżeć wewnątrz folderu zrzutów.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      mode: 'now',
      sendTime: '18:00',
      dropFolders: [
        { documentType: 'fee_notice', path: 'czynsze' },
        { documentType: 'fee_notice', path: '../poza' },
      ],
    });
  });
});

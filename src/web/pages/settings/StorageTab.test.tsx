// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StorageUsage } from '../../../shared/storage.js';
import { fakeFetch, renderSettings } from './testing.js';

const MB = 1024 * 1024;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('settings: disk use', () => {
  it('shows the stored files, the data folder, the quota and who stored how much today', async () => {
    const usage: StorageUsage = {
      quotaBytesPerDay: 2048 * MB,
      today: '2026-03-02',
      resetsAt: '2026-03-02T23:00:00.000Z',
      blobs: { count: 3, bytes: 5 * MB },
      days: [{ day: '2026-03-02', bytes: 1536 * MB, users: 1 }],
      users: [
        { userId: '33333333-3333-4333-8333-333333333333', login: 'ewa', displayName: 'Ewa Kowalska', bytes: 1536 * MB },
      ],
      dataDir: { path: '/srv/listonosz/data', bytes: 12 * MB, files: 3, complete: true },
    };
    const calls = fakeFetch({ 'GET /api/admin/storage': () => usage });
    renderSettings('dysk');
    expect(await screen.findByText('Ewa Kowalska (ewa)')).toBeTruthy();
    expect(screen.getByText('3 pliki (każdy zapisany raz)')).toBeTruthy();
    expect(screen.getByText('/srv/listonosz/data')).toBeTruthy();
    expect(screen.getByText('2 GB')).toBeTruthy();
    expect(screen.getAllByText('1,5 GB')).toHaveLength(2);
    expect(screen.getByText('512 MB')).toBeTruthy();
    expect(calls.map((c) => c.url)).toEqual(['/api/admin/storage']);
  });
});

import { describe, expect, it } from 'vitest';
import { inRepeatableChunks } from './outbox.repository.js';

describe('inRepeatableChunks', () => {
  it('splits into powers of two from 64 down, in order, losing nothing', () => {
    const rows = Array.from({ length: 203 }, (_, i) => i);
    const chunks = inRepeatableChunks(rows);
    expect(chunks.map((c) => c.length)).toEqual([64, 64, 64, 8, 2, 1]);
    expect(inRepeatableChunks(rows.slice(0, 99)).map((c) => c.length)).toEqual([64, 32, 2, 1]);
    expect(chunks.flat()).toEqual(rows);
    expect(inRepeatableChunks([])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { inRepeatableChunks } from './outbox.repository.js';

describe('inRepeatableChunks', () => {
  it('splits into 50s, 10s and 1s, in order, losing nothing', () => {
    const rows = Array.from({ length: 123 }, (_, i) => i);
    const chunks = inRepeatableChunks(rows);
    expect(chunks.map((c) => c.length)).toEqual([50, 50, 10, 10, 1, 1, 1]);
    expect(chunks.flat()).toEqual(rows);
    expect(inRepeatableChunks([])).toEqual([]);
  });
});

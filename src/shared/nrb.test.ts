import { describe, expect, it } from 'vitest';
import { formatNrb, isValidNrb, normalizeNrb, nrbWithCheckDigits } from './nrb.js';

describe('NRB', () => {
  it.each([
    ['34 1020 1026 0000 0000 0000 0001', true],
    ['50124000000000000000012345', true],
    ['PL65 1140 2004 0000 3002 0000 0001', true],
    ['65-1140-2004-0000-3002-0000-0001', true],
    ['34 1020 1026 0000 0000 0000 0002', false], // one digit off
    ['43 1020 1026 0000 0000 0000 0001', false], // check digits swapped
    ['34 1020 1026 0000 0000 0000 001', false], // 25 digits
    ['34 1020 1026 0000 0000 0000 00011', false], // 27 digits
    ['DE89370400440532013000', false],
    ['', false],
  ])('%s → valid %s', (input, valid) => {
    expect(isValidNrb(input)).toBe(valid);
  });

  it('normalises spaces, dashes and the PL prefix to 26 digits', () => {
    expect(normalizeNrb('PL 34 1020 1026 0000 0000 0000 0001')).toBe('34102010260000000000000001');
    expect(normalizeNrb('34 1020')).toBeNull();
  });

  it('computes check digits that validate', () => {
    for (const body of ['102010260000000000000001', '124000000000000000012345', '109000000000000012341234']) {
      const nrb = nrbWithCheckDigits(body);
      expect(nrb).toHaveLength(26);
      expect(nrb.slice(2)).toBe(body);
      expect(isValidNrb(nrb)).toBe(true);
    }
    expect(nrbWithCheckDigits('102010260000000000000001')).toBe('34102010260000000000000001');
  });

  it('formats as XX XXXX XXXX XXXX XXXX XXXX XXXX', () => {
    expect(formatNrb('34102010260000000000000001')).toBe('34 1020 1026 0000 0000 0000 0001');
  });
});

import { describe, expect, it } from 'vitest';
import { classifyFailure, type SmtpFailure } from './classify.js';
import { ROWS as GOOGLE_YAHOO, NO_REPLY } from './classify.providers.cases.fixture.js';
import { MICROSOFT } from './classify.providers.cases-ms.fixture.js';
import { POLISH_AND_MTA } from './classify.providers.cases-pl.fixture.js';

const ROWS = [...GOOGLE_YAHOO, ...MICROSOFT, ...POLISH_AND_MTA];

describe('whose fault: real replies from providers and MTAs', () => {
  it('holds at least 40 replies whose text was read in a public source', () => {
    expect(ROWS.filter((r) => r.verified).length).toBeGreaterThanOrEqual(40);
  });

  it('names a source for every row, and says so when the text could not be verified', () => {
    for (const row of [...ROWS, ...NO_REPLY]) {
      expect(row.source.length).toBeGreaterThan(10);
      expect(row.source.startsWith('NOT VERIFIED:')).toBe(!row.verified);
    }
  });

  it.each(
    [...ROWS, ...NO_REPLY].map(
      (row) => [`${row.provider}: ${row.failure.response ?? row.failure.message}`, row] as const,
    ),
  )('%s', (_name, row) => {
    const c = classifyFailure(row.failure);
    expect({ cls: c.class, reason: c.reason }).toEqual({ cls: row.cls, reason: row.reason });
    // Only an account failure carries an account problem; a recipient's never pauses the account.
    expect(c.accountProblem === null).toBe(row.cls !== 'account');
  });

  it('says a closed port is a connection problem, naming the server, not a refusal of the message', () => {
    const c = classifyFailure(NO_REPLY[0]?.failure as SmtpFailure);
    expect(c.accountProblem).toBe('Nie można połączyć się z serwerem 127.0.0.1:2699');
    expect(c.hint).not.toMatch(/nie przyjął/);
  });

  it('treats a full mailbox as the recipient\u2019s passing trouble', () => {
    const c = classifyFailure({ responseCode: 452, response: '452 4.2.2 Mailbox full', code: 'EENVELOPE' });
    expect(c.class).toBe('transient');
    expect(c.hint).toMatch(/Skrzynka adresata jest pełna/);
  });
});

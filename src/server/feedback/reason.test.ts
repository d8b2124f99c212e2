import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../sending/classify.js';
import { ROWS as GLOBAL } from '../sending/classify.providers.cases.fixture.js';
import { POLISH_AND_MTA } from '../sending/classify.providers.cases-pl.fixture.js';
import { judgeFailure } from './reason.js';

/** One pipeline (D38, D44): a reply means the same at send time and quoted in a bounce report. */
describe('a failure in a report means what it means at send time', () => {
  const rows = [...GLOBAL, ...POLISH_AND_MTA].filter((r) => r.failure.responseCode !== undefined);

  it.each(rows.map((r) => [`${r.provider}: ${r.failure.response}`, r] as const))('%s', (_name, row) => {
    const verdict = judgeFailure({ action: 'failed', status: null, diagnostic: row.failure.response ?? null });
    const expected =
      row.cls === 'recipient'
        ? ['hard_bounce']
        : row.cls === 'transient'
          ? ['soft_bounce', 'policy_block']
          : row.cls === 'account'
            ? ['policy_block', 'soft_bounce']
            : ['policy_block', 'soft_bounce'];
    expect(expected).toContain(verdict.kind);
    // Never an address's fault unless the live classifier says so.
    expect(verdict.kind === 'hard_bounce').toBe(row.cls === 'recipient');
  });

  it.each([
    ['failed', '4.2.2', 'smtp; 452 4.2.2 Mailbox full', 'soft_bounce', 'mailbox_full'],
    ['failed', '4.7.1', '451 4.7.1 Greylisted, try again later', 'soft_bounce', 'greylisted'],
    ['failed', '4.4.1', 'connect to mx: Connection timed out', 'soft_bounce', 'temporary'],
    ['delayed', '4.4.1', 'connect to mx: Connection timed out', 'delay', 'delayed'],
    ['failed', '5.4.7', '550 5.4.7 Message expired', 'soft_bounce', 'expired'],
    ['failed', null, '550 Message rejected as spam', 'policy_block', 'spam'],
    ['failed', null, 'user is over quota', 'soft_bounce', 'mailbox_full'],
    ['failed', null, 'no such user here', 'hard_bounce', 'recipient_unknown'],
    ['failed', null, 'something odd happened', 'soft_bounce', 'temporary'],
    ['relayed', '2.0.0', '250 2.0.0 Ok', 'unknown', 'delivered'],
  ] as const)('%s %s %s → %s %s', (action, status, diagnostic, kind, reason) => {
    expect(judgeFailure({ action, status, diagnostic })).toEqual({ kind, reason });
  });

  it('a bare 550 about spam is no longer taken for an unknown address when sending either', () => {
    expect(classifyFailure({ responseCode: 550, response: '550 Message rejected as spam' }).class).toBe('message');
  });
});

import { describe, expect, it } from 'vitest';
import { classifyFailure, enhancedStatus, retryAfterHintMs, type SmtpFailure } from './classify.js';
import { queueIdOf } from './outcome.js';

describe('classifyFailure', () => {
  it.each<[string, SmtpFailure, string]>([
    ['421 busy', { responseCode: 421, response: '421 4.3.2 Service not available, closing channel' }, 'transient'],
    ['450 greylisted', { responseCode: 450, response: '450 4.2.0 Greylisted, please try again later' }, 'transient'],
    ['451 local error', { responseCode: 451, response: '451 4.3.0 Local error in processing' }, 'transient'],
    ['452 storage', { responseCode: 452, response: '452 4.3.1 Insufficient system storage' }, 'transient'],
    ['503 bad sequence', { responseCode: 503, response: '503 5.5.1 Bad sequence of commands' }, 'transient'],
    ['421 rate', { responseCode: 421, response: '421 4.7.0 Too many messages, slow down' }, 'account'],
    ['450 4.7.x', { responseCode: 450, response: '450 4.7.1 Client host rejected' }, 'account'],
    ['451 quota', { responseCode: 451, response: '451 Sending quota exceeded, try again in 300 seconds' }, 'account'],
    [
      '550 5.4.5 daily quota',
      { responseCode: 550, response: '550 5.4.5 Daily user sending quota exceeded' },
      'account',
    ],
    ['535 auth', { responseCode: 535, response: '535 5.7.8 Authentication credentials invalid' }, 'account'],
    ['530 auth required', { responseCode: 530, response: '530 5.7.0 Authentication required' }, 'account'],
    ['454 TLS', { responseCode: 454, response: '454 4.7.0 TLS not available due to local problem' }, 'account'],
    ['EAUTH without reply', { code: 'EAUTH', message: 'Invalid login' }, 'account'],
    ['ETLS', { code: 'ETLS', message: 'Error initiating TLS' }, 'account'],
    ['STARTTLS refused', { code: 'ETLS', responseCode: 500, response: '500 Error: command not recognized' }, 'account'],
    ['expired certificate', { code: 'ESOCKET', message: 'certificate has expired' }, 'account'],
    ['TLS to a plain port', { code: 'ESOCKET', message: 'ssl3_get_record:wrong version number' }, 'account'],
    [
      '550 5.1.1 user unknown',
      { responseCode: 550, response: '550 5.1.1 <x@example.pl>: Recipient address rejected: User unknown' },
      'recipient',
    ],
    ['550 without enhanced', { responseCode: 550, response: '550 Mailbox unavailable' }, 'recipient'],
    ['553 bad address', { responseCode: 553, response: '553 5.1.3 Bad recipient address syntax' }, 'recipient'],
    [
      '552 mailbox full 5.2.2 (the recipient for now)',
      { responseCode: 552, response: '552 5.2.2 Mailbox full' },
      'transient',
    ],
    [
      "a recipient's mailbox blocked for now is not our account's block",
      { responseCode: 550, response: '550 5.2.1 Skrzynka odbiorcy tymczasowo zablokowana' },
      'transient',
    ],
    ['EENVELOPE', { code: 'EENVELOPE', message: 'No recipients defined' }, 'recipient'],
    ['552 too big', { responseCode: 552, response: '552 5.3.4 Message size exceeds fixed limit' }, 'message'],
    ['552 plain', { responseCode: 552, response: '552 Message too large' }, 'message'],
    ['554 spam', { responseCode: 554, response: '554 5.7.1 Message rejected as spam' }, 'message'],
    [
      '550 5.7.1 policy',
      { responseCode: 550, response: '550 5.7.1 Delivery not authorized, message refused' },
      'message',
    ],
    ['500 syntax', { responseCode: 500, response: '500 5.5.2 Syntax error' }, 'message'],
    ['connection refused (the account)', { code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:25' }, 'account'],
    ['timeout', { code: 'ETIMEDOUT', message: 'Timeout' }, 'transient'],
    ['socket closed', { code: 'ESOCKET', message: 'socket hang up' }, 'transient'],
    ['DNS (the account)', { code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.example.pl' }, 'account'],
    ['closed mid-message', { code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, 'transient'],
    ['unknown', {}, 'transient'],
  ])('%s → %s', (_name, failure, expected) => {
    expect(classifyFailure(failure).class).toBe(expected);
  });

  it('gives every class a Polish hint', () => {
    expect(classifyFailure({ responseCode: 550, response: '550 5.1.1 User unknown' }).hint).toMatch(/Adres odbiorcy/);
    expect(classifyFailure({ responseCode: 552, response: '552 5.3.4 too big' }).hint).toMatch(/za duża/);
  });

  it('says a silent server timed out, naming it, and that the message may have arrived (D82)', () => {
    const c = classifyFailure({
      code: 'ETIMEDOUT',
      message: 'Timeout',
      command: 'CONN',
      server: 'smtp.example.pl:587',
    });
    expect(c).toMatchObject({ class: 'transient', reason: 'timeout', accountProblem: null });
    expect(c.hint).toMatch(/smtp\.example\.pl:587 nie odpowiedział w wyznaczonym czasie/);
    expect(c.hint).toMatch(/mogła do niego dotrzeć/);
    // A connection that could not be made at all stays the account's problem.
    expect(classifyFailure({ code: 'ETIMEDOUT', message: 'Connection timeout', command: 'CONN' }).class).toBe(
      'account',
    );
  });
});

describe('enhancedStatus', () => {
  it.each([
    ['550 5.1.1 User unknown', '5.1.1'],
    ['250 2.0.0 Ok: queued as ABC', '2.0.0'],
    ['421 Service not available', null],
  ])('%s → %s', (text, expected) => expect(enhancedStatus(text)).toBe(expected));
});

describe('retryAfterHintMs', () => {
  it.each([
    ['451 Try again in 30 seconds', 30_000],
    ['421 4.7.0 Please try again in 5 minutes', 300_000],
    ['450 retry after 120s', 120_000],
    ['421 rate limited, wait 2 min', 120_000],
    ['451 Temporary failure', null],
  ])('%s → %s', (text, expected) => expect(retryAfterHintMs(text)).toBe(expected));
});

describe('queueIdOf', () => {
  it.each([
    ['250 2.0.0 Ok: queued as 4F2A91C0D3', '4F2A91C0D3'],
    ['250 Ok: queued as Q1', 'Q1'],
    ['250 OK id=1pX2aB-0003kL-Qz', '1pX2aB-0003kL-Qz'],
    ['250 2.0.0 OK  1700000000 d2e1a72fcca58-6c3b4d2a1e8f9-v6.12 - gsmtp', 'd2e1a72fcca58-6c3b4d2a1e8f9-v6.12'],
    ['250 Accepted', null],
    ['250 2.0.0 Ok', null],
  ])('%s → %s', (response, id) => expect(queueIdOf(response)).toBe(id));
});

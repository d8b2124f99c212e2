import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/sending.js';
import type { Behaviour } from '../../../test/support/smtp-sink.js';
import { readVerpToken, VERP_KEY_PURPOSE } from '../feedback/verp-token.js';
import { sha256Hex } from '../lib/crypto.js';

/**
 * The sender against a real SMTP server on 127.0.0.1 that fails on purpose. For each failure: the final status,
 * the attempts used, what the server received, and that nothing arrived twice (except after a connection drop
 * that came after the final dot, where the resend carries the same Message-ID).
 */
const reject = (at: 'rcpt' | 'data', code: number, message: string): Behaviour => ({
  kind: 'reject',
  at,
  code,
  message,
});
const ACCEPT: Behaviour = { kind: 'accept' };

/** The local part of each address names its scenario; `n` is the attempt number at the server. */
function script(rcpt: string, n: number): Behaviour {
  const local = rcpt.split('@')[0] as string;
  switch (local) {
    case 't421':
      return n <= 2 ? reject('data', 421, '4.3.2 Service not available, closing channel') : ACCEPT;
    case 't450':
      return n <= 1 ? reject('rcpt', 450, '4.2.0 Greylisted, please try again later') : ACCEPT;
    case 't451':
      return reject('data', 451, '4.3.0 Local error in processing');
    case 't452':
      return n <= 1 ? reject('rcpt', 452, '4.3.1 Insufficient system storage') : ACCEPT;
    case 't503':
      return n <= 1 ? reject('data', 503, '5.5.1 Bad sequence of commands') : ACCEPT;
    case 'u550':
      return reject('rcpt', 550, '5.1.1 <u550@example.pl>: Recipient address rejected: User unknown');
    case 'big552':
      return reject('data', 552, '5.3.4 Message size exceeds fixed limit');
    case 'spam554':
      return reject('data', 554, '5.7.1 Message rejected as spam');
    case 'dropbefore':
      return n <= 1 ? { kind: 'drop-before-dot' } : ACCEPT;
    case 'dropafter':
      return n <= 1 ? { kind: 'drop-after-dot' } : ACCEPT;
    case 'stall':
      return n <= 1 ? { kind: 'stall' } : ACCEPT;
    default:
      return ACCEPT;
  }
}

const CASES = [
  // address, final status, attempts used, copies the server holds
  ['ok', 'sent', 1, 1],
  ['t421', 'sent', 3, 1],
  ['t450', 'sent', 2, 1],
  ['t451', 'failed', 4, 0],
  ['t452', 'sent', 2, 1],
  ['t503', 'sent', 2, 1],
  ['u550', 'failed', 1, 0],
  ['big552', 'failed', 1, 0],
  ['spam554', 'failed', 1, 0],
  ['dropbefore', 'sent', 2, 1],
  ['dropafter', 'sent', 2, 2],
  ['stall', 'sent', 2, 1],
] as const;

describe('sending through a failing SMTP server', () => {
  let h: Harness;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    h = await createHarness({ script });
    const queued = await h.queue(CASES.map(([local]) => `${local}@example.pl`));
    for (const [i, [local]] of CASES.entries()) ids.set(local, queued[i] as string);
    h.worker({ socketMs: 800 }).start();
    await h.settle(30_000);
  }, 60_000);
  afterAll(() => h?.close());

  it.each(CASES)('%s → %s after %i attempt(s), %i cop(ies) received', async (local, status, attempts, copies) => {
    const id = ids.get(local) as string;
    const m = await h.message(id);
    expect(m.status).toBe(status);
    expect(m.attempts).toBe(attempts);
    expect(await h.attempts(id)).toHaveLength(attempts);
    expect(h.sink.received.filter((r) => r.rcpt === `${local}@example.pl`)).toHaveLength(copies);
  });

  it('never delivers a message twice, except the one dropped after the final dot — with the same Message-ID', () => {
    const twice = [...h.sink.byMessageId()].filter(([, n]) => n > 1);
    expect(twice).toHaveLength(1);
    const dropAfter = h.sink.received.filter((r) => r.rcpt === 'dropafter@example.pl');
    expect(new Set(dropAfter.map((r) => r.messageId)).size).toBe(1);
    expect(twice[0]?.[0]).toBe(dropAfter[0]?.messageId);
  });

  it('records each attempt with the SMTP code and enhanced status', async () => {
    expect(await h.attempts(ids.get('t421') as string)).toEqual([
      { outcome: 'transient', smtp_code: 421, enhanced_status: '4.3.2' },
      { outcome: 'transient', smtp_code: 421, enhanced_status: '4.3.2' },
      { outcome: 'sent', smtp_code: 250, enhanced_status: null },
    ]);
    expect(await h.attempts(ids.get('u550') as string)).toEqual([
      { outcome: 'recipient', smtp_code: 550, enhanced_status: '5.1.1' },
    ]);
  });

  it('puts a rejected recipient on the suppression list and explains failures in Polish', async () => {
    const suppressed = await h.t.container.db.selectFrom('suppressions').select('address').execute();
    expect(suppressed.map((s) => s.address)).toEqual(['u550@example.pl']);
    expect((await h.message(ids.get('u550') as string)).error_hint).toMatch(/Adres odbiorcy nie istnieje/);
    expect((await h.message(ids.get('big552') as string)).error_hint).toMatch(/za duża/);
    expect((await h.message(ids.get('spam554') as string)).error_hint).toMatch(/spamu/);
    expect((await h.message(ids.get('t451') as string)).error_hint).toMatch(/mimo 4 prób/);
  });

  it('sends the frozen bytes with VERP envelope sender and a DSN request', async () => {
    const ok = h.sink.received.find((r) => r.rcpt === 'ok@example.pl');
    // Byte for byte the .eml frozen at queueing (its SHA-256 is the proof of what was sent).
    expect(sha256Hex(ok?.raw ?? Buffer.alloc(0))).toBe((await h.message(ids.get('ok') as string)).eml_sha256);
    // VERP with a signed token (D46) that reads back to this message under the instance's key.
    expect(ok?.mailFrom).toMatch(/^zwroty\+[a-z2-7]{40}@zarzadca\.example\.pl$/);
    const verpKey = h.t.container.secrets.deriveKey(VERP_KEY_PURPOSE);
    expect(readVerpToken(ok?.mailFrom ?? '', verpKey)).toEqual({ messageId: ids.get('ok'), strength: 'signed' });
    expect(ok?.dsn).toMatchObject({ ret: 'HDRS', envid: ids.get('ok') });
    expect(ok?.raw.toString()).toContain(`X-Listonosz-Message: ${ids.get('ok')}`);
  });
});

import type { AccountCreate } from '../../src/shared/accounts.js';

type AccountInput = Omit<AccountCreate, 'feedbackMailboxId'>;

/**
 * The SMTP account tests and benchmarks send through: a server on 127.0.0.1 (port 2525 unless given), no login, no
 * rate limits, no DKIM, VERP envelopes, four connections. Each caller names only what differs.
 */
export function loopbackAccount(overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    name: 'Konto testowe',
    fromName: 'Administracja Osiedla',
    fromAddress: 'czynsze@zarzadca.example.pl',
    feedbackAddress: 'zwroty@zarzadca.example.pl',
    envelopeMode: 'verp',
    readReceipt: false,
    host: '127.0.0.1',
    port: 2525,
    security: 'none',
    username: null,
    password: null,
    rates: { perSecond: null, perMinute: null, perHour: null, perDay: null },
    dkim: null,
    status: 'active',
    maxConnections: 4,
    ...overrides,
  };
}

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sink, startSink } from '../../../test/support/smtp-sink.js';
import { deriveKey } from '../lib/crypto.js';
import { newId } from '../lib/ids.js';
import { envelopeFrom } from '../mail/mime.js';
import type { ClaimedMessage, SendableAccount } from '../sending/ports.js';
import { createPooledTransport } from '../sending/smtp-transport.js';
import { decodeXtext, readEnvelopeId } from './envelope-id.js';
import { readVerpToken, VERP_KEY_PURPOSE } from './verp-token.js';

/**
 * What the transport puts in MAIL FROM, seen by a real SMTP server on 127.0.0.1 that offers DSN: the signed VERP
 * sender and ENVID = the message id (xtext), which a DSN returns as Original-Envelope-Id and which reads back to
 * the message.
 */
const key = deriveKey(randomBytes(32), VERP_KEY_PURPOSE);
let sink: Sink;
const transport = createPooledTransport();

beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await transport.close();
  await sink.close();
});

function account(): SendableAccount {
  return {
    id: 'a1',
    name: 'Czynsze',
    version: '1',
    settings: { host: '127.0.0.1', port: sink.port, security: 'none', username: null, password: null },
    maxConnections: 1,
    limits: [],
    circuit: 'closed',
  };
}

function claimed(id: string, from: string): ClaimedMessage {
  const messageId = `<${id}@zarzadca.example.pl>`;
  return {
    id,
    accountId: 'a1',
    toAddress: 'jan@example.pl',
    envelopeFrom: from,
    messageId,
    batchId: null,
    raw: Buffer.from(`Message-ID: ${messageId}\r\nSubject: Test\r\n\r\nTreść.\r\n`),
    attempts: 0,
    series: 0,
    firstAttemptAt: new Date(),
    trial: false,
    claimedFrom: 'queued',
  };
}

describe('ENVID and the VERP sender on the wire', () => {
  it('sends ENVID=<message id> with the signed VERP sender; both read back to the message', async () => {
    const id = newId();
    const from = envelopeFrom('zwroty@zarzadca.example.pl', 'verp', id, key);
    expect(await transport.send(account(), claimed(id, from))).toMatchObject({ ok: true });
    const mailFrom = sink.commands.find((c) => c.includes(id));
    expect(mailFrom).toBe(`MAIL FROM:<${from}> RET=HDRS ENVID=${id}`);
    const got = sink.received.at(-1);
    expect(got?.dsn.envid).toBe(id);
    // Original-Envelope-Id in the DSN (as the relay got it, or still in xtext) → the message.
    expect(readEnvelopeId(got?.dsn.envid)).toBe(id);
    expect(readEnvelopeId(` ${id.toUpperCase()} `)).toBe(id);
    expect(readVerpToken(got?.mailFrom ?? '', key)).toEqual({ messageId: id, strength: 'signed' });
  });

  it('writes ENVID as xtext, which decodes back to the value sent', async () => {
    const odd = 'ab+cd=ef';
    await transport.send(account(), claimed(odd, 'zwroty@zarzadca.example.pl'));
    const mailFrom = sink.commands.find((c) => c.includes('ENVID=ab'));
    const wire = mailFrom?.match(/ENVID=(\S+)/)?.[1] as string;
    expect(wire).toBe('ab+2Bcd+3Def');
    expect(decodeXtext(wire)).toBe(odd);
    expect(sink.received.at(-1)?.dsn.envid).toBe(odd);
    // Not a message id of ours.
    expect(readEnvelopeId(wire)).toBeNull();
    expect(readEnvelopeId('')).toBeNull();
  });
});

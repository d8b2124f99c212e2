import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/sending.js';
import { readVerpToken, VERP_KEY_PURPOSE } from '../feedback/verp-token.js';

/**
 * The envelope sender is frozen with the message when it is queued (D46): mail queued before the signed VERP token
 * keeps its older `+<message id>` sender when the worker sends it, and its bounces still read back (as legacy).
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
}, 60_000);
afterAll(() => h?.close());

describe('mail queued before the signed VERP token', () => {
  it('is sent with the envelope sender stored at queueing, not a new one', async () => {
    const [legacyId, newId] = await h.queue(['stary@example.pl', 'nowy@example.pl']);
    const legacy = `zwroty+${legacyId}@zarzadca.example.pl`;
    // As a row queued by the previous version looks.
    await h.t.container.db.updateTable('messages').set({ envelope_from: legacy }).where('id', '=', legacyId!).execute();
    h.worker().start();
    await h.settle(30_000);
    const byRcpt = new Map(h.sink.received.map((r) => [r.rcpt, r.mailFrom]));
    expect(byRcpt.get('stary@example.pl')).toBe(legacy);
    const key = h.t.container.secrets.deriveKey(VERP_KEY_PURPOSE);
    expect(readVerpToken(legacy, key)).toEqual({ messageId: legacyId, strength: 'legacy' });
    expect(readVerpToken(byRcpt.get('nowy@example.pl') ?? '', key)).toEqual({ messageId: newId, strength: 'signed' });
  });
});

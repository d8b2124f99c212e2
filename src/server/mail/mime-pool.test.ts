import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DKIM_KEY, normalizedSha256 } from '../../../test/support/frozen-drafts.js';
import { sha256Hex } from '../lib/crypto.js';
import { type FreezeInput, freezeMime } from './mime.js';
import { createMimePool } from './mime-pool.js';

const pool = createMimePool(1);
afterAll(() => pool.close());

/** A message with a DKIM key and two attachments, one a view into a larger buffer (as the blob reader gives). */
function input(n: number): FreezeInput {
  const backing = randomBytes(80_000);
  return {
    messageId: `01900000-0000-7000-8000-00000000000${n}`,
    messageIdHeader: `<01900000-0000-7000-8000-00000000000${n}@example.pl>`,
    from: { name: 'Spółdzielnia „Przyszłość”', address: 'czynsze@example.pl' },
    replyTo: 'zwroty@example.pl',
    to: { name: `Adresat ${n} Żółć`, address: `adresat${n}@example.pl` },
    subject: `Zawiadomienie o wysokości opłat — lokal ${n}`,
    html: '<p>Szanowni Państwo,</p>',
    text: 'Szanowni Państwo,',
    date: new Date('2026-04-01T08:00:00Z'),
    attachments: [
      { filename: `zawiadomienie_${n}.pdf`, contentType: 'application/pdf', content: backing.subarray(7, 72_007) },
      { filename: 'regulamin.txt', contentType: 'text/plain', content: Buffer.from('Regulamin.\n') },
    ],
    dkim: { domain: 'example.pl', selector: 'lst', privateKey: DKIM_KEY },
    references: ['<a@example.pl>'],
    dispositionNotificationTo: 'zwroty@example.pl',
  };
}

describe('the MIME pool (D85)', () => {
  it('builds on a worker thread the bytes freezeMime builds here, with their SHA-256', async () => {
    const inputs = [1, 2, 3].map(input);
    const built = await Promise.all(inputs.map((i) => pool.freeze(i)));
    for (const [i, one] of built.entries()) {
      expect(Buffer.isBuffer(one.raw)).toBe(true);
      expect(one.sha256).toBe(sha256Hex(one.raw));
      // Only nodemailer's random boundary (and so DKIM's bh=/b=) differs between two builds.
      expect(normalizedSha256(one.raw)).toBe(normalizedSha256(await freezeMime(inputs[i] as FreezeInput)));
    }
  });

  it('hands a failure back with its message', async () => {
    // Never stored so (file access is off): only a way to make nodemailer fail.
    const broken = { ...input(5), text: { path: '/etc/hostname' } as unknown as string };
    await expect(freezeMime(broken)).rejects.toThrow('File access rejected for /etc/hostname');
    await expect(pool.freeze(broken)).rejects.toThrow('File access rejected for /etc/hostname');
  });

  it('on the calling thread with no threads', async () => {
    const here = createMimePool(0);
    const message = input(4);
    const one = await here.freeze(message);
    expect(one.sha256).toBe(sha256Hex(one.raw));
    expect(normalizedSha256(one.raw)).toBe(normalizedSha256(await freezeMime(message)));
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFrozenWorld, type DraftSpec, normalizedSha256 } from '../../../../test/support/frozen-drafts.js';
import { composeMessage } from './compose.js';

/**
 * What queueing freezes, byte for byte. The SHA-256 values below were taken from the freezing code before D79 made
 * it faster on PostgreSQL; they are the same on SQLite and PostgreSQL and must stay so. Only nodemailer's random
 * multipart boundary is replaced before hashing. A deliberate change of the message format (or a nodemailer
 * upgrade that changes its output) changes them: then read the new .eml files and update the values on purpose.
 */
let fw: Awaited<ReturnType<typeof createFrozenWorld>>;

const LONG_TEXT = 'Szanowni Państwo, w załączeniu zawiadomienie o wysokości opłat za lokal. '.repeat(40);
const SPECS: DraftSpec[] = [
  {
    account: 'plain',
    toName: 'Zofia Żurawska',
    toAddress: 'zofia.zurawska@example.pl',
    subject: 'Zawiadomienie o wysokości opłat — lokal 1',
    text: 'Szanowna Pani,\n\nuprzejmie informujemy o zmianie opłat.',
    html: '<p>Szanowna Pani,</p><p>uprzejmie informujemy o zmianie opłat.</p>',
    files: [],
  },
  {
    account: 'plain',
    toName: 'Jan Łącki',
    toAddress: 'jan.lacki@example.pl',
    subject: 'Zawiadomienie o wysokości opłat — lokal 2',
    text: LONG_TEXT,
    html: `<p>${LONG_TEXT}</p>`,
    files: [{ seed: 'pdf-1', size: 72_000, filename: 'zawiadomienie_łódź 2.pdf' }],
  },
  {
    account: 'plain',
    toName: 'Anna Ćwik',
    toAddress: 'anna.cwik@example.pl',
    subject: 'Zawiadomienie — lokal 3 (ten sam PDF co lokal 2, i drugi)',
    text: 'Dwa załączniki.',
    html: '',
    files: [
      { seed: 'pdf-1', size: 72_000, filename: 'zawiadomienie_3.pdf' },
      { seed: 'pdf-2', size: 1_500, filename: 'regulamin.pdf' },
    ],
  },
  {
    account: 'rich',
    toName: 'Ewa Źdźbło',
    toAddress: 'ewa.zdzblo@example.pl',
    subject: 'Wezwanie do zapłaty — lokal 4',
    text: 'Prosimy o uregulowanie zaległości.',
    html: '<html><body><p>Prosimy o uregulowanie zaległości.</p></body></html>',
    files: [{ seed: 'pdf-4', size: 20_000, filename: 'wezwanie.pdf' }],
  },
  {
    account: 'rich',
    toName: 'Piotr Ślęzak',
    toAddress: 'piotr.slezak@example.pl',
    subject: 'Wezwanie do zapłaty — lokal 5 (z wysyłki)',
    text: 'Wiadomość z wysyłki: bez potwierdzenia przeczytania, plik jako załącznik.',
    html: '<p>Wiadomość z wysyłki.</p>',
    files: [{ seed: 'pdf-5', size: 5_000, filename: 'wezwanie 5.pdf' }],
    inBatch: true,
  },
  {
    account: 'plain',
    toName: 'Zofia Żurawska',
    toAddress: 'zofia.zurawska@example.pl',
    subject: 'Re: Pytanie o opłaty',
    text: 'Odpowiadamy na Pani pytanie.\n.\nKropka sama w wierszu zostaje.',
    html: '',
    files: [],
    inReplyTo: '<pytanie-1@poczta.example.com>',
    references: '<start-1@example.pl> <pytanie-1@poczta.example.com>',
  },
];

/** Taken before D79 (see above). */
const EXPECTED = [
  'a4f26bada49987098cb88395b110c455d296acfaac5756a419b36974e7d6e01a',
  'b9f7b570800591bb647791f96778e0d26ae5a14d3087913875c7343038995f53',
  '9ab7f16685f720a89c0211374033004199c029247bf6242244bd175d6fc9526f',
  'f6c8a4608ce4189ef744386cfea7ea191886bf320c8285ee547f8ef0a30cc94d',
  'e354276f9833178d79b44b1e321bd3bec5677d0fd6d79a16c83e0dd3d7e2d299',
  '7394ebaebfb55062d81f46c5e08cbcf07bc0d87957d6a6bb0bed2ea2c1d30576',
];

let ids: string[];

class Rollback extends Error {
  constructor(readonly raw: Buffer) {
    super('rollback');
  }
}

beforeAll(async () => {
  fw = await createFrozenWorld();
  ids = await fw.addDrafts(SPECS);
  await fw.queue(ids);
});
afterAll(() => fw?.destroy());

describe(`frozen bytes (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('queueing freezes the same bytes as before, on either database', async () => {
    const raws = await fw.frozen(ids);
    expect(raws.map(normalizedSha256)).toEqual(EXPECTED);
    // What the fixture is meant to cover is there: footers, DKIM, read receipts as asked, links, threading.
    const [alone, withPdf, , rich, inBatch, reply] = raws.map((r) => r.toString('latin1'));
    expect(alone).toContain('X-Listonosz-Message: ');
    expect(alone).toMatch(/RODO/);
    expect(withPdf).toMatch(/filename\*0\*=utf-8''zawiadomienie_/);
    expect(rich).toMatch(/^DKIM-Signature: .*d=example\.pl/m);
    expect(rich).toContain('Disposition-Notification-To: ');
    expect(rich).toContain('Dokument do pobrania: ');
    expect(inBatch).not.toContain('Disposition-Notification-To');
    expect(reply).toContain('In-Reply-To: <pytanie-1@poczta.example.com>');
  });

  it('each message keeps the SHA-256 and size of the bytes it stores', async () => {
    const rows = await fw.container.db
      .selectFrom('messages')
      .select(['id', 'eml_sha256', 'eml_size', 'status'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    const raws = await fw.frozen(rows.map((r) => r.id));
    rows.forEach((r, i) => {
      const raw = raws[i] as Buffer;
      expect(r.status).toBe('queued');
      expect(r.eml_sha256).toBe(createHash('sha256').update(raw).digest('hex'));
      expect(r.eml_size).toBe(raw.length);
    });
  });

  it('queueing many at once freezes what composing each one alone gives', async () => {
    // More than a queueing chunk, mixing both accounts and shared attachments, against the one-message path
    // (test sends and resends compose that way).
    const many = Array.from({ length: 210 }, (_, i) => ({
      ...(SPECS[i % SPECS.length] as DraftSpec),
      toAddress: `adresat${i}@example.pl`,
    }));
    const manyIds = await fw.addDrafts(many, 100);
    await fw.queue(manyIds);
    const raws = await fw.frozen(manyIds);
    const { db, repos, secrets, services } = fw.container;
    for (const [i, id] of manyIds.entries()) {
      const alone = await db
        .transaction()
        .execute(async (tx) => {
          // Composed again as the draft it was, in a transaction rolled back: its download links exist already.
          await tx.deleteFrom('download_links').where('message_id', '=', id).execute();
          const message = await repos.messages.findById(tx, id);
          const account = message && (await repos.accounts.findById(tx, message.account_id));
          if (!message || !account) throw new Error('missing row');
          const { raw } = await composeMessage(
            { db: tx, messages: repos.messages, delivery: repos.delivery, secrets, links: services.downloadLinks },
            { ...message, status: 'draft' },
            account,
            { date: fw.clock.now() },
          );
          throw new Rollback(raw);
        })
        .catch((e: unknown) => {
          if (e instanceof Rollback) return e.raw;
          throw e;
        });
      expect(normalizedSha256(raws[i] as Buffer), `message ${i}`).toBe(normalizedSha256(alone));
    }
  }, 120_000);
});

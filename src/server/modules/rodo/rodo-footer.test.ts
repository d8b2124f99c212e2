import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import { createDeliveryWorld, type DeliveryWorld } from '../../../../test/support/delivery.js';
import { feedReply, tenantMail } from '../../../../test/support/inbox.js';
import { expectStatus } from '../../../../test/support/world.js';

/**
 * The RODO footer (D66): none until an administrator sets one; then in the text and the HTML part of every message
 * built (queued, test-sent), the account's own before the installation's, escaped in HTML; a message already built
 * keeps the footer it was built with.
 */
let dw: DeliveryWorld;

const OFFICE = {
  controller: 'Zarządca Sp. z o.o., ul. Źródlana 1, 00-001 Warszawa <script>alert(1)</script>',
  dpo: 'iod@zarzadca.example.pl',
  infoUrl: 'https://zarzadca.example.pl/rodo?a=1&b="2"',
  note: 'Dane przetwarzamy w celu rozliczania opłat.',
};
const OWN = {
  controller: 'Wspólnota Mieszkaniowa Lipowa 3',
  dpo: 'iod@lipowa.example.pl',
  infoUrl: 'https://lipowa.example.pl/rodo',
};

async function queuedEml(html: string) {
  const created = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages', {
    accountId: dw.w.accountA,
    toName: 'Bożena Kęsicka',
    toAddress: 'bozena.kesicka@example.pl',
    subject: 'Zawiadomienie',
    text: 'Szanowna Pani, w załączeniu zawiadomienie.',
    html,
  });
  const id = expectStatus(created, 201).id as string;
  expectStatus(await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${id}/queue`), 200);
  return { id, raw: await eml(id) };
}

async function eml(id: string) {
  const res = await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${id}/eml`);
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}

beforeAll(async () => {
  dw = await createDeliveryWorld();
});
afterAll(() => dw?.h.close());

describe('RODO footer', () => {
  it('is absent until an administrator sets one', async () => {
    const { raw } = await queuedEml('<p>Szanowna Pani</p>');
    const parsed = await simpleParser(raw);
    expect(parsed.text).not.toContain('Administrator danych');
    expect(parsed.html).not.toContain('Administrator danych');
    expect(expectStatus(await call(dw.h.t, dw.w.admin, 'GET', '/api/settings/rodo-footer'), 200)).toEqual({
      footer: null,
    });
  });

  it('is set by an administrator only, with an https link', async () => {
    const body = { footer: OFFICE };
    expect((await call(dw.h.t, dw.w.clerkA, 'PUT', '/api/settings/rodo-footer', body)).statusCode).toBe(403);
    const http = { footer: { ...OFFICE, infoUrl: 'http://zarzadca.example.pl/rodo' } };
    expect((await call(dw.h.t, dw.w.admin, 'PUT', '/api/settings/rodo-footer', http)).statusCode).toBe(400);
    const js = { footer: { ...OFFICE, infoUrl: 'javascript:alert(1)' } };
    expect((await call(dw.h.t, dw.w.admin, 'PUT', '/api/settings/rodo-footer', js)).statusCode).toBe(400);
    expect(expectStatus(await call(dw.h.t, dw.w.admin, 'PUT', '/api/settings/rodo-footer', body), 200)).toEqual(body);
    const audit = await dw.h.t.container.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'settings.rodo_footer')
      .execute();
    expect(audit).toHaveLength(1);
  });

  let first: { id: string; raw: Buffer };

  it('is in the text and the HTML part of a queued message, escaped in HTML', async () => {
    first = await queuedEml('<html><body><p>Szanowna Pani</p></body></html>');
    const parsed = await simpleParser(first.raw);
    expect(parsed.text).toContain('Szanowna Pani, w załączeniu zawiadomienie.');
    expect(parsed.text).toContain(`Administrator danych: ${OFFICE.controller}`);
    expect(parsed.text).toContain(`Inspektor ochrony danych: ${OFFICE.dpo}`);
    expect(parsed.text).toContain(`Pełna informacja: ${OFFICE.infoUrl}`);
    expect(parsed.text).toContain(OFFICE.note);
    const html = parsed.html as string;
    expect(html).toContain('Administrator danych: Zarządca Sp. z o.o., ul. Źródlana 1, 00-001 Warszawa &lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<a href="https://zarzadca.example.pl/rodo?a=1&amp;b=&quot;2&quot;">');
    // After the message.
    expect(html.indexOf('Szanowna Pani')).toBeLessThan(html.indexOf('Administrator danych'));
  });

  it('is shown on the message page as sent: the frozen body beside the draft it was built from', async () => {
    const shown = expectStatus(await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${first.id}`), 200);
    expect(shown.html).not.toContain('Administrator danych');
    expect(shown.sentBody.text).toContain('Szanowna Pani, w załączeniu zawiadomienie.');
    expect(shown.sentBody.text).toContain(`Inspektor ochrony danych: ${OFFICE.dpo}`);
    expect(shown.sentBody.html).toContain('Administrator danych: Zarządca Sp. z o.o.');
    expect(shown.sentBody.html).not.toContain('<script>');
    // A draft has no frozen body yet.
    const draft = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages', {
      accountId: dw.w.accountA,
      toName: 'Bożena Kęsicka',
      toAddress: 'bozena.kesicka@example.pl',
      subject: 'Szkic',
      text: 'Treść',
      html: '',
    });
    const draftId = expectStatus(draft, 201).id as string;
    expect(expectStatus(await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${draftId}`), 200).sentBody).toBeNull();
  });

  it('is in a test send (a single message built on its own)', async () => {
    const created = await call(dw.h.t, dw.w.clerkA, 'POST', '/api/messages', {
      accountId: dw.w.accountA,
      toName: 'Bożena Kęsicka',
      toAddress: 'bozena.kesicka@example.pl',
      subject: 'Test',
      text: 'Treść',
      html: '<p>Treść</p>',
    });
    const id = expectStatus(created, 201).id as string;
    expectStatus(await call(dw.h.t, dw.w.clerkA, 'POST', `/api/messages/${id}/test-send`), 200);
    const copy = dw.h.sink.received.filter((r) => r.rcpt === 'anna@example.pl').at(-1);
    const parsed = await simpleParser(copy?.raw as Buffer);
    expect(parsed.text).toContain(`Inspektor ochrony danych: ${OFFICE.dpo}`);
    expect(parsed.html).toContain(`Inspektor ochrony danych: ${OFFICE.dpo}`);
  });

  it("an account's own footer wins; messages already built keep theirs", async () => {
    const path = `/api/accounts/${dw.w.accountA}/rodo-footer`;
    expect((await call(dw.h.t, dw.w.clerkA, 'PUT', path, { footer: OWN })).statusCode).toBe(403);
    expect(expectStatus(await call(dw.h.t, dw.w.admin, 'PUT', path, { footer: OWN }), 200)).toEqual({
      footer: OWN,
      effective: OWN,
    });
    const { raw } = await queuedEml('<p>Szanowna Pani</p>');
    const parsed = await simpleParser(raw);
    expect(parsed.text).toContain(`Administrator danych: ${OWN.controller}`);
    expect(parsed.html).toContain(`Administrator danych: ${OWN.controller}`);
    expect(parsed.text).not.toContain('Zarządca Sp. z o.o.');
    // The message queued before keeps the installation's footer, byte for byte.
    expect((await eml(first.id)).equals(first.raw)).toBe(true);
    // Back to the installation's.
    expect(expectStatus(await call(dw.h.t, dw.w.admin, 'PUT', path, { footer: null }), 200)).toEqual({
      footer: null,
      effective: OFFICE,
    });
    const back = await simpleParser((await queuedEml('<p>x</p>')).raw);
    expect(back.text).toContain('Zarządca Sp. z o.o.');
  });

  it('is in a reply written in Odebrane', async () => {
    const sink = dw.h.t.container.createFeedbackEventSink(async () => [dw.w.accountA]);
    const header = expectStatus(await call(dw.h.t, dw.w.clerkA, 'GET', `/api/messages/${first.id}`), 200)
      .messageIdHeader as string;
    const mail = await tenantMail({ from: 'bozena.kesicka@example.pl', inReplyTo: header, text: 'Dziękuję.' });
    const replyId = await feedReply(dw.h.t, sink, mail.raw);
    const sent = expectStatus(
      await call(dw.h.t, dw.w.clerkA, 'POST', `/api/inbox/${replyId}/reply`, { text: 'Proszę bardzo.' }),
      201,
    );
    const parsed = await simpleParser(await eml(sent.messageId));
    expect(parsed.text).toContain('Proszę bardzo.');
    expect(parsed.text).toContain('Administrator danych: Zarządca Sp. z o.o.');
    // A reply is text only: the footer adds no HTML part of its own.
    expect(parsed.html).toBe(false);
  });
});

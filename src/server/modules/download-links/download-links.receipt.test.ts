import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/support/app.js';
import {
  createDeliveryWorld,
  type DeliveryWorld,
  expectPdf,
  pdfText,
  untilStatus,
  withWorker,
} from '../../../../test/support/delivery.js';
import { expectStatus, upload } from '../../../../test/support/world.js';

/**
 * A link message sent through a real SMTP sink: what the tenant received carries the link and no file; after a
 * download and "Potwierdzam odbiór" the receipt PDF says "pobrano" and "potwierdzono odbiór" (D70).
 */
let dw: DeliveryWorld;
const PDF = Buffer.from('%PDF-1.4\n% Rozliczenie wody\n%%EOF\n');
const flat = (s: string) => s.replace(/\s+/g, ' ');

beforeAll(async () => {
  dw = await createDeliveryWorld({ PUBLIC_URL: 'https://listonosz.example.pl' });
}, 60_000);
afterAll(() => dw?.h.close());

describe('the receipt of a link message', () => {
  it('records the download and the acknowledgement', { timeout: 30_000 }, async () => {
    const { w, h } = dw;
    const url = `/api/accounts/${w.accountA}/download-links`;
    expectStatus(await call(h.t, w.admin, 'PUT', url, { mode: 'link', days: 90 }), 200);
    const draft = expectStatus(
      await call(h.t, w.clerkA, 'POST', '/api/messages', {
        accountId: w.accountA,
        toName: 'Łucja Żółkiewska',
        toAddress: 'lucja.zolkiewska@example.pl',
        subject: 'Rozliczenie wody — Źródlana 3/7',
        text: 'Szanowna Pani, rozliczenie do pobrania.',
      }),
      201,
    );
    const file = { filename: 'Rozliczenie wody.pdf', contentType: 'application/pdf', data: PDF };
    expectStatus(await upload(h.t, w.clerkA, `/api/messages/${draft.id}/attachments`, file), 201);
    expectStatus(await call(h.t, w.clerkA, 'POST', `/api/messages/${draft.id}/queue`, {}), 200);
    await withWorker(h, () => untilStatus(dw, w.clerkA, draft.id, 'sent'));

    const received = h.sink.received.find((m) => m.rcpt === 'lucja.zolkiewska@example.pl');
    const mail = await simpleParser(received?.raw ?? Buffer.alloc(0));
    expect(mail.attachments).toHaveLength(0);
    const token = /https:\/\/listonosz\.example\.pl\/d\/([A-Za-z0-9_-]{52})/.exec(mail.text ?? '')?.[1];
    expect(token).toBeDefined();

    const before = await call(h.t, w.clerkA, 'GET', `/api/messages/${draft.id}/receipt.pdf`);
    expect(flat(await pdfText(expectPdf(before)))).toContain('Dokumentu nie pobrano z linku');

    const tenant = { remoteAddress: '2001:db8:abcd:12::7', headers: { 'user-agent': 'Mozilla/5.0 (iPhone)' } };
    expect((await h.t.app.inject({ method: 'GET', url: `/d/${token}/plik`, ...tenant })).rawPayload.equals(PDF)).toBe(
      true,
    );
    expect((await h.t.app.inject({ method: 'POST', url: `/d/${token}/potwierdzam`, ...tenant })).statusCode).toBe(303);

    const res = await call(h.t, w.clerkA, 'GET', `/api/messages/${draft.id}/receipt.pdf`);
    const text = flat(await pdfText(expectPdf(res)));
    expect(text).toContain('Link do pobrania');
    expect(text).toContain('Rozliczenie wody.pdf: udostępniony przez link do pobrania, ważny do');
    expect(text).toContain('potwierdzono odbiór');
    expect(text).toContain('pobrano, sieć 2001:db8:abcd::/48, Mozilla/5.0 (iPhone)');
    expect(text).toContain('Pobrano 1 raz.');

    // A resend is a new message with its own link; the first link keeps working and keeps its record.
    const resent = expectStatus(await call(h.t, w.clerkA, 'POST', `/api/messages/${draft.id}/resend`), 200);
    const copy = resent.created[0] as string;
    await withWorker(h, () => untilStatus(dw, w.clerkA, copy, 'sent'));
    const again = await simpleParser(
      h.sink.received.filter((m) => m.rcpt === 'lucja.zolkiewska@example.pl')[1]?.raw ?? Buffer.alloc(0),
    );
    const second = /\/d\/([A-Za-z0-9_-]{52})/.exec(again.text ?? '')?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(token);
    const page = await h.t.app.inject({ method: 'GET', url: `/d/${second}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Odbiór potwierdzono');
    expect((await h.t.app.inject({ method: 'GET', url: `/d/${second}/plik` })).rawPayload.equals(PDF)).toBe(true);
    expect((await h.t.app.inject({ method: 'GET', url: `/d/${token}` })).body).toContain('Odbiór potwierdzono');
    const first = expectStatus(await call(h.t, w.clerkA, 'GET', `/api/messages/${draft.id}/download-links`), 200);
    expect(first.downloads).toBe(1);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  auditActions,
  createWorld,
  expectError,
  expectFieldError,
  expectStatus,
  MISSING_ID,
  multipartFile,
  upload,
  type World,
} from '../../../../test/support/world.js';
import type { MessageStatus } from '../../../shared/messages.js';
import { mailboxOf } from '../../../shared/messages.js';

let t: TestApp;
let w: World;

async function newDraft(extra: Record<string, unknown> = {}) {
  const res = await call(t, w.clerkA, 'POST', '/api/messages', {
    accountId: w.accountA,
    toName: 'Anna Wiśniewska',
    toAddress: 'anna.wisniewska@example.pl',
    subject: 'Zawiadomienie o wysokości opłat od 1 kwietnia',
    text: 'Treść zawiadomienia.',
    ...extra,
  });
  return expectStatus(res, 201);
}

const PDF = { filename: 'Zawiadomienie łódź.pdf', contentType: 'application/pdf', data: randomBytes(4096) };
const attach = (id: string, file = PDF) => upload(t, w.clerkA, `/api/messages/${id}/attachments`, file);

async function blobCount(sha256: string) {
  const rows = await t.container.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).execute();
  return rows.length;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t?.close());

describe('drafts: HTML is sanitised', () => {
  const DIRTY =
    '<p onclick="steal()">Dzień dobry, <b>Pani Anno</b>.</p><script>alert("x")</script>' +
    '<a href="javascript:alert(1)">kliknij</a> <a href="https://example.pl/oplaty">opłaty</a>' +
    '<img src="http://tracker.example/p.gif"><iframe src="https://example.pl"></iframe>';

  it('drops scripts, handlers and unsafe URLs, and writes the text part from the HTML', async () => {
    const m = await newDraft({ html: DIRTY, text: '' });
    expect(m.html).toContain('<p>Dzień dobry, <b>Pani Anno</b>.</p>');
    expect(m.html).toContain('<a href="https://example.pl/oplaty">opłaty</a>');
    for (const bad of ['<script', 'alert', 'onclick', 'javascript:', 'tracker.example', '<iframe']) {
      expect(m.html).not.toContain(bad);
    }
    expect(m.text).toContain('Dzień dobry, Pani Anno.');
    expect(m.text).toContain('opłaty [https://example.pl/oplaty]');
    expect(m.text).not.toContain('alert');
    // The same holds for what is stored.
    const stored = await t.container.db
      .selectFrom('message_bodies')
      .selectAll()
      .where('message_id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ html: m.html, text: m.text });
  });

  it('keeps a text part that was written', async () => {
    const m = await newDraft({ html: '<p>HTML</p>', text: 'Własny tekst.' });
    expect(m).toMatchObject({ html: '<p>HTML</p>', text: 'Własny tekst.' });
  });

  it('an edit of the HTML is sanitised too and renews the text part', async () => {
    const m = await newDraft({ html: '<p>Pierwsza wersja</p>', text: '' });
    const res = await call(t, w.clerkA, 'PATCH', `/api/messages/${m.id}`, { html: `<h2>Druga</h2>${DIRTY}` });
    const edited = expectStatus(res, 200);
    expect(edited.html).not.toMatch(/script|onclick|javascript:/);
    expect(edited.text).toContain('Dzień dobry');
    expect(edited.text).not.toContain('Pierwsza');
  });

  it('an edit of other fields leaves the body, name and document type alone', async () => {
    const m = await newDraft({ html: '<p>Treść <i>ważna</i></p>', text: '', documentType: 'fee_notice' });
    const res = await call(t, w.clerkA, 'PATCH', `/api/messages/${m.id}`, { subject: 'Nowy temat' });
    expect(expectStatus(res, 200)).toMatchObject({
      subject: 'Nowy temat',
      toName: 'Anna Wiśniewska',
      html: m.html,
      text: m.text,
      documentType: 'fee_notice',
    });
    const onlyText = expectStatus(
      await call(t, w.clerkA, 'PATCH', `/api/messages/${m.id}`, { text: 'Inny tekst' }),
      200,
    );
    expect(onlyText).toMatchObject({ html: m.html, text: 'Inny tekst' });
  });
});

describe('drafts: attachments', () => {
  it('uploads as multipart, stores identical bytes once, and downloads them back', async () => {
    const first = await newDraft();
    const second = await newDraft();
    const sha256 = createHash('sha256').update(PDF.data).digest('hex');
    const a1 = expectStatus(await attach(first.id), 201);
    expect(a1.attachments).toEqual([
      { id: expect.any(String), filename: PDF.filename, contentType: 'application/pdf', size: 4096, sha256 },
    ]);
    expectStatus(await attach(first.id), 201);
    const a3 = expectStatus(await attach(second.id), 201);
    expect(await blobCount(sha256)).toBe(1);
    const links = await t.container.db
      .selectFrom('message_attachments')
      .select('id')
      .where('blob_sha256', '=', sha256)
      .execute();
    expect(links).toHaveLength(3);

    const file = await call(t, w.clerkA, 'GET', `/api/messages/${second.id}/attachments/${a3.attachments[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF.data)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="[ -~]+"; /);
    expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(PDF.filename)}`);
  });

  it('removes an attachment from a draft; the shared bytes stay for the others', async () => {
    const m = await newDraft();
    const withFile = expectStatus(await attach(m.id), 201);
    const attachmentId = withFile.attachments[0].id;
    const res = await call(t, w.clerkA, 'DELETE', `/api/messages/${m.id}/attachments/${attachmentId}`);
    expect(expectStatus(res, 200).attachments).toEqual([]);
    expectError(await call(t, w.clerkA, 'GET', `/api/messages/${m.id}/attachments/${attachmentId}`), 404, 'not_found');
    expectError(await call(t, w.clerkA, 'DELETE', `/api/messages/${m.id}/attachments/${MISSING_ID}`), 404, 'not_found');
    expect(await blobCount(withFile.attachments[0].sha256)).toBe(1);
    expect(await auditActions(t, m.id)).toEqual([
      'message.create',
      'message.attachment_add',
      'message.attachment_remove',
    ]);
  });

  it('refuses an empty file, a form without a file, a JSON body and a file over the limit', async () => {
    const m = await newDraft();
    expectFieldError(await attach(m.id, { ...PDF, data: Buffer.alloc(0) }), 'file', 'Pusty plik.');

    const form = new FormData();
    form.append('note', 'bez pliku');
    const noFile = new Response(form);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/messages/${m.id}/attachments`,
      headers: {
        cookie: w.clerkA.cookie,
        'x-csrf-token': w.clerkA.csrf,
        'content-type': noFile.headers.get('content-type') as string,
      },
      payload: Buffer.from(await noFile.arrayBuffer()),
    });
    expectFieldError(res, 'file', 'Brak pliku.');

    expectError(
      await call(t, w.clerkA, 'POST', `/api/messages/${m.id}/attachments`, { file: 'x' }),
      415,
      'fst_invalid_multipart_content_type',
      'Plik trzeba przesłać jako formularz (multipart/form-data).',
    );
    const big = await attach(m.id, { ...PDF, data: randomBytes(1_500_000) });
    expectError(big, 413, 'fst_req_file_too_large', 'Plik jest za duży.');
    expect(expectStatus(await call(t, w.clerkA, 'GET', `/api/messages/${m.id}`), 200).attachments).toEqual([]);
  });

  it('the multipart helper sends what a browser sends', async () => {
    const body = await multipartFile('a.txt', 'text/plain', Buffer.from('abc'));
    expect(body.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(body.payload.toString()).toContain('filename="a.txt"');
  });
});

describe('drafts: cancel and the states that forbid editing', () => {
  it('cancels a draft once; a second cancel and any edit are conflicts', async () => {
    const m = await newDraft();
    const withFile = expectStatus(await attach(m.id), 201);
    const cancelled = expectStatus(await call(t, w.clerkA, 'POST', `/api/messages/${m.id}/cancel`), 200);
    expect(cancelled).toMatchObject({ status: 'cancelled', mailbox: 'cancelled' });
    expectError(
      await call(t, w.clerkA, 'POST', `/api/messages/${m.id}/cancel`),
      409,
      'conflict',
      'Tej wiadomości nie można anulować, bo została już wysłana lub anulowana.',
    );
    const readOnly = /można zmieniać tylko wersje robocze/;
    expectError(await call(t, w.clerkA, 'PATCH', `/api/messages/${m.id}`, { subject: 'X' }), 409, 'conflict', readOnly);
    expectError(await call(t, w.clerkA, 'DELETE', `/api/messages/${m.id}`), 409, 'conflict', readOnly);
    expectError(await attach(m.id), 409, 'conflict', readOnly);
    expectError(
      await call(t, w.clerkA, 'DELETE', `/api/messages/${m.id}/attachments/${withFile.attachments[0].id}`),
      409,
      'conflict',
    );
    expect(expectStatus(await call(t, w.clerkA, 'GET', `/api/messages/${m.id}`), 200)).toMatchObject({
      status: 'cancelled',
      subject: m.subject,
      attachments: [expect.objectContaining({ id: withFile.attachments[0].id })],
    });
  });

  it.each<[MessageStatus, number]>([
    ['queued', 200],
    ['retry_wait', 200],
    ['held', 200],
    ['sending', 409],
    ['sent', 409],
    ['failed', 409],
  ])('cancel from %s → %i', async (status, code) => {
    const m = await newDraft();
    await t.container.db
      .updateTable('messages')
      .set({ status, mailbox: mailboxOf(status) })
      .where('id', '=', m.id)
      .execute();
    const res = await call(t, w.clerkA, 'POST', `/api/messages/${m.id}/cancel`);
    if (code === 200) {
      expect(expectStatus(res, 200).status).toBe('cancelled');
      const audit = await t.container.db
        .selectFrom('audit_log')
        .select('details')
        .where('entity_id', '=', m.id)
        .where('action', '=', 'message.cancel')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details)).toEqual({ previousStatus: status });
    } else {
      expectError(res, 409, 'conflict', status === 'sending' ? /właśnie wysyłana/ : /już wysłana lub anulowana/);
    }
  });

  it('deletes a draft with its body and attachments, keeping the audit trail', async () => {
    const m = await newDraft();
    expectStatus(await attach(m.id), 201);
    expectStatus(await call(t, w.clerkA, 'DELETE', `/api/messages/${m.id}`), 204);
    expectError(await call(t, w.clerkA, 'GET', `/api/messages/${m.id}`), 404, 'not_found');
    expectError(await call(t, w.clerkA, 'DELETE', `/api/messages/${m.id}`), 404, 'not_found');
    for (const table of ['message_bodies', 'message_attachments'] as const) {
      const rows = await t.container.db.selectFrom(table).select('message_id').where('message_id', '=', m.id).execute();
      expect(rows).toEqual([]);
    }
    expect(await auditActions(t, m.id)).toEqual(['message.create', 'message.attachment_add', 'message.delete']);
  });
});

describe('drafts: the audit log', () => {
  it('records every write with its action, actor, and no message body', async () => {
    const m = await newDraft({ html: '<p>Poufna treść</p>', text: '' });
    expectStatus(await call(t, w.clerkA, 'PATCH', `/api/messages/${m.id}`, { html: '<p>Poufna treść 2</p>' }), 200);
    const withFile = expectStatus(await attach(m.id), 201);
    expectStatus(
      await call(t, w.clerkA, 'DELETE', `/api/messages/${m.id}/attachments/${withFile.attachments[0].id}`),
      200,
    );
    expectStatus(await call(t, w.clerkA, 'POST', `/api/messages/${m.id}/cancel`), 200);
    const rows = await t.container.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'actor_label', 'details'])
      .where('entity_id', '=', m.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      'message.create',
      'message.update',
      'message.attachment_add',
      'message.attachment_remove',
      'message.cancel',
    ]);
    expect(rows.every((r) => r.actor_id === w.clerkAId && r.actor_label === 'anna')).toBe(true);
    expect(rows.map((r) => r.details).join('\n')).not.toContain('Poufna');
  });
});

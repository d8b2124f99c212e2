import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/support/app.js';
import { createWorld, type World } from '../../../test/support/world.js';
import { PDF_CONTENT_SECURITY_POLICY } from './security-headers.js';

/** Security headers on every kind of response: the web app, its files, the API, its errors, the API description. */
let t: TestApp;
let w: World;

beforeAll(async () => {
  const web = mkdtempSync(path.join(tmpdir(), 'listonosz-web-'));
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Listonosz</title>');
  mkdirSync(path.join(web, 'assets'));
  writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1);\n');
  t = await createTestApp({ webRoot: web });
  w = await createWorld(t);
});
afterAll(() => t?.close());

const policyOf = (header: unknown) =>
  Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values.join(' ')]),
  );

describe('security headers', () => {
  it.each([
    ['the web app', '/', 200],
    ['a client-side route of the web app', '/skrzynki/sent', 200],
    ['a file of the web app', '/assets/app.js', 200],
    ['the API description', '/api/docs', 200],
    ['an API error', '/api/mailboxes/counts', 401],
    ['an unknown API address', '/api/nie-ma', 404],
    ['the health check', '/api/health', 200],
  ])('%s (%s) carries them', async (_name, url, status) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
    const policy = policyOf(res.headers['content-security-policy']);
    expect(policy).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'script-src-attr': "'none'",
      'object-src': "'none'",
      'frame-ancestors': "'none'",
      'base-uri': "'self'",
    });
    // Plain http inside an office network must keep working.
    expect(policy).not.toHaveProperty('upgrade-insecure-requests');
  });

  it('a PDF gets the policy the browser’s PDF viewer needs, still not frameable', async () => {
    const draft = await call(t, w.clerkA, 'POST', '/api/messages', {
      accountId: w.accountA,
      toName: 'Jan Kowalski',
      toAddress: 'jan@example.pl',
      subject: 'Zawiadomienie',
      text: 'Treść',
    });
    expect(draft.statusCode).toBe(201);
    expect((await call(t, w.clerkA, 'POST', `/api/messages/${draft.json().id}/queue`)).statusCode).toBe(200);
    // A sent message has a receipt; the outcome is written directly (the sender is not under test).
    await t.container.db
      .updateTable('messages')
      .set({ status: 'sent', mailbox: 'sent', sent_at: new Date().toISOString(), smtp_response: '250 2.0.0 Ok' })
      .where('id', '=', draft.json().id)
      .execute();
    const res = await call(t, w.clerkA, 'GET', `/api/messages/${draft.json().id}/receipt.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-security-policy']).toBe(PDF_CONTENT_SECURITY_POLICY);
    expect(policyOf(res.headers['content-security-policy'])['frame-ancestors']).toBe("'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

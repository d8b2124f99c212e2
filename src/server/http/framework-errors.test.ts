import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/support/app.js';
import { createWorld, type World } from '../../../test/support/world.js';
import { buildApp } from '../app.js';

/**
 * Every kind of error Fastify, its plugins and Node's HTTP parser produce is answered in the project's shape
 * `{ error: { code, message } }` with a Polish message: what the web app shows the clerk, and what an API client
 * can rely on. Parser-level refusals are provoked over a real socket, exactly as written.
 */
let t: TestApp;
let w: World;
let port: number;
let draftId: string;

beforeAll(async () => {
  const web = mkdtempSync(path.join(tmpdir(), 'listonosz-web-'));
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Listonosz</title>');
  mkdirSync(path.join(web, 'assets'));
  writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1);\n'.repeat(10));
  t = await createTestApp({ webRoot: web });
  w = await createWorld(t);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as net.AddressInfo).port;
  const draft = await call(t, w.clerkA, 'POST', '/api/messages', {
    accountId: w.accountA,
    toName: 'Jan Kowalski',
    toAddress: 'jan@example.pl',
    subject: 'Zawiadomienie',
    text: 'Treść',
  });
  draftId = draft.json().id;
});
afterAll(() => t?.close());

interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

/** Writes the bytes as given and reads until the server closes the connection (or `waitMs` passes). */
function raw(request: string, toPort = port, waitMs = 5000): Promise<RawResponse[]> {
  const connection = open(toPort, waitMs);
  connection.write(request);
  return connection.responses;
}

/** A connection to write to in steps; `responses` resolves once the server closes it (or `waitMs` passes). */
function open(toPort: number, waitMs = 5000) {
  const socket = net.connect(toPort, '127.0.0.1');
  const chunks: Buffer[] = [];
  const timer = setTimeout(() => socket.destroy(), waitMs);
  socket.on('data', (d) => chunks.push(d));
  socket.on('error', () => {});
  const responses = new Promise<RawResponse[]>((resolve) => {
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponses(Buffer.concat(chunks).toString('utf8')));
    });
  });
  return { write: (text: string) => socket.write(text), responses };
}

function parseResponses(text: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    const headers = rest.slice(0, headEnd);
    const length = Number(/content-length: *(\d+)/i.exec(headers)?.[1] ?? 0);
    const bodyBytes = Buffer.from(rest.slice(headEnd + 4), 'utf8');
    responses.push({
      status: Number(headers.slice(9, 12)),
      headers,
      body: bodyBytes.subarray(0, length).toString('utf8'),
    });
    rest = bodyBytes.subarray(length).toString('utf8');
  }
  return responses;
}

/** The project's error shape, with the expected status and code and a Polish message. */
function expectShape(res: { status: number; body: string }, status: number, code: string, message: RegExp) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  const parsed = JSON.parse(res.body);
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(parsed.error).toEqual({ code, message: expect.stringMatching(message) });
}

const CLOSE = 'Connection: close\r\n';

describe('errors of the HTTP parser and the router, over a real socket', () => {
  it.each([
    ['a malformed request line', 'HELLO THERE\r\n\r\n', 400, 'bad_request', /Nieprawidłowe żądanie/],
    [
      'a Content-Length that is not a number',
      `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n${CLOSE}\r\n{}`,
      400,
      'bad_request',
      /Nieprawidłowe żądanie/,
    ],
    [
      'a broken chunked body',
      `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n${CLOSE}\r\nzz\r\n`,
      400,
      'bad_request',
      /Nieprawidłowe żądanie/,
    ],
    [
      'headers over the size limit',
      `GET /api/health HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(20_000)}\r\n${CLOSE}\r\n`,
      431,
      'headers_too_large',
      /Nagłówki żądania są za duże/,
    ],
    [
      'a %-escape that does not decode',
      `GET /api/%zz HTTP/1.1\r\nHost: x\r\n${CLOSE}\r\n`,
      400,
      'fst_err_bad_url',
      /Nieprawidłowy adres/,
    ],
    [
      'a path parameter over the router’s length limit',
      `POST /api/messages/${'a'.repeat(150)}/cancel HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n${CLOSE}\r\n`,
      414,
      'fst_err_max_param_length',
      /Adres jest za długi/,
    ],
    [
      'a method no route has',
      `PROPFIND /api/health HTTP/1.1\r\nHost: x\r\n${CLOSE}\r\n`,
      404,
      'not_found',
      /Nie ma takiego adresu/,
    ],
  ])('%s', async (_name, request, status, code, message) => {
    const [res] = await raw(request);
    expect(res, 'no HTTP response').toBeDefined();
    expectShape(res as RawResponse, status, code, message);
    expect(res?.headers).toMatch(/content-type: application\/json/i);
  });
});

describe('errors of body parsing, multipart and static files', () => {
  const headers = () => ({ cookie: w.clerkA.cookie, 'x-csrf-token': w.clerkA.csrf });
  const inject = async (opts: InjectOptions) => {
    const res = await t.app.inject(opts);
    return { status: res.statusCode, body: res.body };
  };
  const part = (name: string, value: string, filename?: string) =>
    `--XX\r\nContent-Disposition: form-data; name="${name}"` +
    (filename ? `; filename="${filename}"\r\nContent-Type: text/csv` : '') +
    `\r\n\r\n${value}\r\n`;
  const form = { 'content-type': 'multipart/form-data; boundary=XX' };

  it('a body shorter than its Content-Length', async () => {
    const res = await inject({
      method: 'POST',
      // A draft is the clerk's to create (a position would be refused before the body is read).
      url: '/api/messages',
      headers: { ...headers(), 'content-type': 'application/json', 'content-length': '40' },
      payload: '{"name":"x"}',
    });
    expectShape(res, 400, 'fst_err_ctp_invalid_content_length', /niekompletne/);
  });

  it.each([
    ['without a boundary', { 'content-type': 'multipart/form-data' }, 'abc'],
    ['cut off in the middle of a file', form, part('file', 'a;b\n1;2\n', 'a.csv').slice(0, 70)],
    ['that is not multipart at all', form, 'abc'],
  ])('a multipart form %s', async (_name, contentType, payload) => {
    const res = await inject({
      method: 'POST',
      url: `/api/messages/${draftId}/attachments`,
      headers: { ...headers(), ...contentType },
      payload,
    });
    expectShape(res, 400, 'invalid_multipart', /formularza z plikiem/);
  });

  it('multipart limits and a forbidden field name', async () => {
    const admin = { cookie: w.admin.cookie, 'x-csrf-token': w.admin.csrf };
    const upload = (payload: string) =>
      inject({ method: 'POST', url: '/api/imports/recipients/preview', headers: { ...admin, ...form }, payload });
    const csv = part('file', 'klucz;nazwa\n1;Jan\n', 'a.csv');
    expectShape(await upload(`${csv}${part('file', 'x', 'b.csv')}--XX--\r\n`), 413, 'fst_files_limit', /jeden plik/);
    const fields = Array.from({ length: 12 }, (_, i) => part(`f${i}`, 'x')).join('');
    expectShape(await upload(`${fields}${csv}--XX--\r\n`), 413, 'fst_fields_limit', /za dużo pól/);
    expectShape(
      await upload(`${part('__proto__', 'x')}${csv}--XX--\r\n`),
      400,
      'fst_proto_violation',
      /niedozwolonej nazwie/,
    );
  });

  it('static files: a range past the end, a failed precondition, a forbidden path in the API description', async () => {
    expectShape(
      await inject({ method: 'GET', url: '/assets/app.js', headers: { range: 'bytes=5000-6000' } }),
      416,
      'range_not_satisfiable',
      /fragment pliku/,
    );
    expectShape(
      await inject({ method: 'GET', url: '/assets/app.js', headers: { 'if-match': '"inny"' } }),
      412,
      'precondition_failed',
      /odśwież stronę/,
    );
    // A NUL in the path is refused before the static plugin looks (http/input-guard.ts), in the same shape.
    expectShape(await inject({ method: 'GET', url: '/api/docs/static/a%00b' }), 400, 'validation_failed', /NUL/);
  });

  it('the login rate limit (a plugin’s 429)', async () => {
    let last = { status: 0, body: '' };
    for (let i = 0; i < 40 && last.status !== 429; i++) {
      last = await inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.9.8.7',
        payload: { login: `nikt${i}`, password: 'zle-haslo-123' },
      });
    }
    expectShape(last, 429, 'too_many_requests', /Zbyt wiele prób/);
  });
});

describe('a request that arrives while the server stops', () => {
  it('is refused with 503 in the project’s shape', async () => {
    const app = await buildApp(t.container, { logger: false, webRoot: path.join(tmpdir(), 'no-web-here') });
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = () => {};
    const inHandler = new Promise<void>((resolve) => {
      started = resolve;
    });
    app.get('/slow', { config: { public: true } }, async () => {
      started();
      await gate;
      return { ok: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const appPort = (app.server.address() as net.AddressInfo).port;
    // A keep-alive connection busy with a slow request when the stop begins; the next request on it comes after.
    const connection = open(appPort);
    connection.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await inHandler;
    const closed = app.close();
    connection.write('GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await new Promise((r) => setTimeout(r, 100));
    release();
    const responses = connection.responses;
    const [first, second] = await responses;
    await closed;
    expect(first?.status).toBe(200);
    expect(second, 'no second response').toBeDefined();
    expectShape(second as RawResponse, 503, 'service_unavailable', /zatrzymywany/);
  });
});

import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../lib/errors.js';
import type { IdempotencyService, IdempotencyStart } from '../modules/idempotency/idempotency.service.js';
import type { UploadedForm } from './multipart.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key of this request and its caller, once known; `running` when this request took the key. */
    idempotency: { caller: string; key: string; running: boolean } | null;
  }
  interface FastifyContextConfig {
    /** Every signed-in POST honours an Idempotency-Key; `false` opts a route out (D58). */
    idempotent?: boolean;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/** Answers a repeat with the first request's answer, from wherever the repeat was noticed. */
export class ReplayedAnswer extends Error {
  constructor(readonly answer: Extract<IdempotencyStart, { kind: 'replay' }>) {
    super('replayed');
  }
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function fingerprint(req: FastifyRequest, body: unknown): string {
  const what = { method: req.method, route: req.routeOptions.url, params: req.params, query: req.query, body };
  return createHash('sha256').update(canonical(what)).digest('hex');
}

/**
 * A multipart request is fingerprinted by what the server reads of it, not by its raw bytes (a client's boundary
 * differs on every send): the text fields by name, and the file by its field name, file name, type and SHA-256.
 */
export function formFingerprint(req: FastifyRequest, form: UploadedForm): string {
  const file = form.file && {
    filename: form.file.filename,
    mimetype: form.file.mimetype,
    sha256: createHash('sha256').update(form.file.data).digest('hex'),
  };
  return fingerprint(req, { fields: form.fields, file });
}

function callerOf(req: FastifyRequest): string | null {
  if (req.apiKey) return `key:${req.apiKey.apiKeyId}`;
  if (req.auth) return `user:${req.auth.user.id}`;
  return null;
}

function sendReplay(reply: FastifyReply, answer: Extract<IdempotencyStart, { kind: 'replay' }>) {
  reply.status(answer.status).header('idempotent-replayed', 'true');
  if (answer.contentType) reply.header('content-type', answer.contentType);
  return reply.send(answer.body);
}

/**
 * `Idempotency-Key` on a signed-in POST (D58): the first request with a key runs, and a successful (2xx) answer is
 * stored; repeats get that answer again, a different request under the same key gets 422. JSON bodies are checked
 * after parsing (preHandler); multipart forms when the route reads them (`readForm` calls `idempotentForm`).
 */
export function registerIdempotency(app: FastifyInstance, service: IdempotencyService) {
  app.decorateRequest('idempotency', null);

  async function start(req: FastifyRequest, print: string) {
    const state = req.idempotency;
    if (!state || state.running) return;
    const outcome = await service.begin(state.caller, state.key, print);
    if (outcome.kind === 'replay') throw new ReplayedAnswer(outcome);
    state.running = true;
  }

  app.addHook('preHandler', async (req, reply) => {
    const config = req.routeOptions.config;
    if (req.method !== 'POST' || config?.public || config?.idempotent === false) return;
    const sent = req.headers[IDEMPOTENCY_HEADER];
    if (sent === undefined) return;
    const caller = callerOf(req);
    if (!caller) return;
    if (typeof sent !== 'string' || !KEY_SHAPE.test(sent)) {
      throw new ValidationError('Nagłówek Idempotency-Key musi mieć od 1 do 255 widocznych znaków ASCII.', [
        { path: 'headers.idempotency-key', message: 'Nieprawidłowy klucz.' },
      ]);
    }
    req.idempotency = { caller, key: sent, running: false };
    if (req.isMultipart()) return; // fingerprinted once the route has read the form
    try {
      await start(req, fingerprint(req, req.body));
    } catch (err) {
      if (err instanceof ReplayedAnswer) return sendReplay(reply, err.answer);
      throw err;
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const state = req.idempotency;
    if (!state?.running) return payload;
    state.running = false;
    if (reply.statusCode >= 200 && reply.statusCode < 300 && (typeof payload === 'string' || payload === null)) {
      const type = reply.getHeader('content-type');
      await service.complete(state.caller, state.key, {
        status: reply.statusCode,
        contentType: typeof type === 'string' ? type : null,
        body: payload ?? '',
      });
    } else {
      await service.release(state.caller, state.key);
    }
    return payload;
  });

  app.decorate('idempotentForm', async (req: FastifyRequest, form: UploadedForm) => {
    await start(req, formFingerprint(req, form));
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** For routes that read a multipart form: the Idempotency-Key check, once the form is read. */
    idempotentForm(req: FastifyRequest, form: UploadedForm): Promise<void>;
  }
}

export { sendReplay };

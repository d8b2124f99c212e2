import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Batch } from '../../shared/batches.js';
import type { MessageSummary } from '../../shared/messages.js';

/** Where the server is and the API key to use (`--url`/`LISTONOSZ_URL`, `--key`/`LISTONOSZ_API_KEY`). */
export interface RemoteTarget {
  url: string;
  key: string;
}

/** An answer the server refused, with its Polish message (the API's JSON error shape). */
export class RemoteError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

async function request<T>(target: RemoteTarget, method: string, route: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(new URL(route, target.url), {
    ...init,
    method,
    headers: { authorization: `Bearer ${target.key}`, accept: 'application/json', ...init.headers },
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const error = (body as { error?: { message?: string; code?: string } } | null)?.error;
    throw new RemoteError(res.status, error?.message ?? `HTTP ${res.status}`, error?.code ?? null);
  }
  return body as T;
}

export interface SendInput {
  file: string;
  type: string;
  positionId: string;
  period: string;
  /** Sent as Idempotency-Key, so a retried send never makes a second batch. */
  idempotencyKey: string;
}

/** The answer of `POST /api/intake` (202): the batch made and where to follow it. */
export interface IntakeAnswer {
  batchId: string;
  statusUrl: string;
}

export function createRemoteClient(target: RemoteTarget) {
  return {
    /** One call from a printout, ZIP or data file to mail (the intake endpoint does import → batch → queue). */
    async send(input: SendInput): Promise<IntakeAnswer> {
      const form = new FormData();
      form.append('type', input.type);
      form.append('positionId', input.positionId);
      form.append('period', input.period);
      form.append('file', new Blob([await readFile(input.file)]), path.basename(input.file));
      return request<IntakeAnswer>(target, 'POST', '/api/intake', {
        body: form,
        headers: { 'idempotency-key': input.idempotencyKey },
      });
    },

    batch(id: string): Promise<Batch> {
      return request<Batch>(target, 'GET', `/api/batches/${encodeURIComponent(id)}`);
    },

    /** Failed messages still needing someone (Błędy, open), newest first. */
    async failures(limit: number): Promise<MessageSummary[]> {
      const page = await request<{ items: MessageSummary[] }>(
        target,
        'GET',
        `/api/mailboxes/failed?resolved=open&limit=${limit}`,
      );
      return page.items;
    },
  };
}

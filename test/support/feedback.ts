import type { Db } from '../../src/server/db/schema.js';
import type {
  FeedbackClassifier,
  FeedbackDecision,
  FeedbackEvent,
  FeedbackKind,
  FeedbackSink,
  ReadableMailbox,
} from '../../src/server/feedback/ports.js';
import { defaultFolder } from '../../src/server/feedback/ports.js';
import type { Dovecot } from './dovecot.js';

/**
 * A stand-in classifier for the reader's tests: it decides by a `X-Test-Kind` header the test wrote into the
 * message. The real classifier (another part of issue 12) is wired in at the merge; these tests are about reading,
 * recording and moving, not about telling a bounce from a reply.
 */
export const headerClassifier: FeedbackClassifier = {
  classify(raw: Buffer): FeedbackDecision {
    const header = raw.toString('utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
    const kind = (/^X-Test-Kind:\s*(\S+)/im.exec(header)?.[1] ?? 'unknown') as FeedbackKind;
    return { kind, folder: defaultFolder(kind), details: { by: 'test header' } };
  },
};

/** A sink that keeps every event it is given (calls, not distinct ids: a second call for an id shows). */
export function recordingSink(): FeedbackSink & { events: FeedbackEvent[]; ids(): Set<string> } {
  const events: FeedbackEvent[] = [];
  return {
    events,
    ids: () => new Set(events.map((e) => e.id)),
    async record(event) {
      events.push(event);
    },
  };
}

let counter = 0;
/** A small raw message of the given kind, with a unique Message-ID unless one is given. */
export function feedbackMail(kind: FeedbackKind, subject: string, messageId?: string): string {
  counter++;
  const id = messageId ?? `<fb-${Date.now()}-${counter}@test.example>`;
  return [
    'From: "Mail Delivery System" <mailer-daemon@test.example>',
    'To: bounces@wspolnota.example',
    `Subject: ${subject}`,
    `Message-ID: ${id}`,
    'Date: Sun, 06 Dec 2026 10:00:00 +0000',
    `X-Test-Kind: ${kind}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Treść: ${subject} — zażółć gęślą jaźń.`,
    '',
  ].join('\r\n');
}

/** The settings of a Dovecot test user's mailbox as the mailbox source would give them. */
export function dovecotMailbox(
  dovecot: Dovecot,
  login: { user: string; password: string },
  overrides: Partial<ReadableMailbox> = {},
): ReadableMailbox {
  return {
    id: `mb-${login.user}`,
    version: '1',
    host: dovecot.host,
    port: dovecot.port,
    security: 'none',
    username: login.user,
    folders: ['INBOX'],
    processSince: null,
    credentials: async () => ({ password: login.password }),
    ...overrides,
  };
}

/** Polls until `check` holds (or throws with `what` after `ms`). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out after ${ms} ms waiting for: ${what}`);
}

/** A `feedback_mailboxes` row for a reader test's mailbox id (the reader's tables are keyed to it, D51). */
export async function insertMailboxRow(db: Db, id: string, name = id): Promise<void> {
  const at = new Date().toISOString();
  await db
    .insertInto('feedback_mailboxes')
    .values({
      id,
      name,
      host: '127.0.0.1',
      port: 143,
      security: 'none',
      username: id,
      auth: 'password',
      password_enc: null,
      oauth_provider: null,
      oauth_client_id: null,
      oauth_client_secret_enc: null,
      oauth_token_url: null,
      oauth_refresh_token_enc: null,
      oauth_scope: null,
      folders: '["INBOX"]',
      process_since: at,
      status: 'active',
      last_error: null,
      last_checked_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

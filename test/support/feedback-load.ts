import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/server/db/schema.js';
import type { FeedbackKind } from '../../src/server/feedback/report.js';
import { makeVerpTag } from '../../src/server/feedback/verp-token.js';
import { newId } from '../../src/server/lib/ids.js';
import { messageSearchFields } from '../../src/server/modules/messages/messages.js';
import type { Dovecot } from './dovecot.js';
import { feedbackCorpus, seeded } from './feedback-corpus.js';

/**
 * A feedback mailbox under load (the exactly-once test and `bench:feedback`): the generated corpus mixed with the
 * hand-written fixtures, every message labelled with its true kind, most VERP tags signed with the instance's key
 * (the rest left as unsigned stand-ins: forged), and the sent messages they are about, to put in the database.
 */
export const FIXTURE_DIR = path.resolve(import.meta.dirname, '../fixtures/feedback');
const OUR_ID = /0193a4c2-7d1e-7b3a-9f10-[0-9a-f]{12}@[a-z0-9.-]*[a-z0-9]/g;

export interface LoadMessage {
  raw: Buffer;
  /** The true kind: the corpus label, or the fixture's in labels.json. */
  kind: FeedbackKind;
  /** The corpus template, or the fixture's file (`hard_bounce/…eml`). */
  source: string;
  fixture: boolean;
  /** INTERNALDATE given at APPEND: the moment the feedback "arrived" (spread over weeks, oldest first). */
  internalDate: Date;
}

export interface LoadSent {
  id: string;
  header: string;
  to: string;
}

export interface FeedbackLoad {
  messages: LoadMessage[];
  /** The messages of ours the feedback names (by Message-ID, X-Listonosz-Message or VERP tag). */
  sent: LoadSent[];
}

interface FixtureLabel {
  kind: FeedbackKind;
  recipient?: string;
}

export function fixtureLabels(): Record<string, FixtureLabel> {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'labels.json'), 'utf8')) as Record<string, FixtureLabel>;
}

/** The fixtures in file order, with their raw bytes and labels. */
export function fixtureMessages(): { file: string; raw: Buffer; label: FixtureLabel }[] {
  return Object.entries(fixtureLabels())
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, label]) => ({ file, raw: readFileSync(path.join(FIXTURE_DIR, file)), label }));
}

/**
 * `count` messages: the fixtures spread evenly among generated ones (seeded: the same arguments give the same
 * bytes). Nine in ten VERP tags become real signed tags for `verpKey`; the tenth stays a forged-looking one.
 */
export function feedbackLoad(count: number, verpKey: Buffer, seed = 12): FeedbackLoad {
  const fixtures = fixtureMessages();
  const generated = feedbackCorpus(Math.max(0, count - fixtures.length), seed);
  const rng = seeded(seed + 1);
  const sent = new Map<string, LoadSent>();
  const note = (raw: Buffer, to: string) => {
    for (const found of raw.toString('latin1').matchAll(OUR_ID)) {
      const [id] = found[0].split('@') as [string];
      if (!sent.has(id)) sent.set(id, { id, header: `<${found[0]}>`, to });
    }
  };
  const messages: Omit<LoadMessage, 'internalDate'>[] = generated.map((g) => {
    let raw = g.raw;
    const plus = `zwroty+${g.tag}@`;
    if (raw.includes(plus) && rng() < 0.9) {
      const signed = makeVerpTag(g.id, verpKey);
      if (signed) raw = Buffer.from(raw.toString('latin1').replaceAll(plus, `zwroty+${signed}@`), 'latin1');
    }
    note(raw, g.rcpt);
    return { raw, kind: g.label.kind, source: g.template, fixture: false };
  });
  for (const [k, f] of fixtures.entries()) {
    if (messages.length >= count) break;
    note(f.raw, f.label.recipient ?? `adresat${k}@example.pl`);
    const at = Math.min(messages.length, Math.round(((k + 0.5) * count) / fixtures.length));
    messages.splice(at, 0, { raw: f.raw, kind: f.label.kind, source: f.file, fixture: true });
  }
  // Arrivals spread over 60 days, in order: soft bounces to one address can make it suspect (14 days apart).
  const first = Date.parse('2026-10-01T06:00:00.000Z');
  const step = Math.floor((60 * 86_400_000) / Math.max(1, messages.length));
  return {
    messages: messages.map((m, i) => ({ ...m, internalDate: new Date(first + i * step) })),
    sent: [...sent.values()],
  };
}

/** The sent messages (and a recipient per address) in the database, all of one account, sent before any feedback. */
export async function seedSent(db: Db, accountId: string, sent: LoadSent[]): Promise<void> {
  const at = '2026-09-30T08:00:00.000Z';
  const recipients = new Map<string, string>();
  for (const s of sent) {
    const key = s.to.toLowerCase();
    if (!recipients.has(key)) recipients.set(key, newId());
  }
  const chunks = <T>(rows: T[], size = 200) =>
    Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  await db.transaction().execute(async (tx) => {
    for (const part of chunks([...recipients])) {
      await tx
        .insertInto('recipients')
        .values(
          part.map(([address, id]) => ({
            id,
            name: address,
            street: 'Długa 1',
            postal_code: '00-001',
            city: 'Warszawa',
            country: 'PL',
            channel: 'email' as const,
            consent_at: at,
            consent_source: 'test',
            external_key: null,
            search_text: address,
            sort_name: address,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
      await tx
        .insertInto('recipient_emails')
        .values(part.map(([address, id]) => ({ id: newId(), recipient_id: id, address, position: 0 })))
        .execute();
    }
    for (const part of chunks(sent)) {
      await tx
        .insertInto('messages')
        .values(
          part.map((s) => ({
            id: s.id,
            account_id: accountId,
            recipient_id: recipients.get(s.to.toLowerCase()) ?? null,
            to_name: 'Adresat',
            to_address: s.to,
            subject: 'Zawiadomienie o wysokości opłat',
            status: 'sent' as const,
            mailbox: 'sent' as const,
            message_id_header: s.header,
            document_type: null,
            send_at: null,
            queued_at: at,
            sent_at: at,
            last_error: null,
            ...messageSearchFields({ subject: 'Zawiadomienie o wysokości opłat', toName: 'Adresat', toAddress: s.to }),
            created_by: null,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    }
  });
}

/** APPENDs every message to the user's INBOX over one connection, in order, with its INTERNALDATE; their UIDs. */
export async function appendAll(dovecot: Dovecot, user: string, messages: LoadMessage[]): Promise<number[]> {
  const client = await dovecot.connect(user);
  const uids: number[] = [];
  try {
    for (const m of messages) {
      const result = await client.append('INBOX', m.raw, [], m.internalDate);
      if (!result || typeof result.uid !== 'number') throw new Error('Dovecot gave no UID for an APPEND');
      uids.push(result.uid);
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return uids;
}

import type { FeedbackKind, FeedbackReason } from '../../src/server/feedback/report.js';
import type { Diagnostic } from './feedback-corpus.diagnostics.js';

/** What the feedback corpus's templates share (feedback-corpus.ts): a message's context and small helpers. */
export interface CorpusLabel {
  kind: FeedbackKind;
  reason?: FeedbackReason;
  recipient?: string;
  verpTag?: string;
  listonoszMessageId?: string;
}

export interface CorpusMessage {
  template: string;
  raw: Buffer;
  label: CorpusLabel;
  /** The Listonosz message the feedback is about (its Message-ID is `<id@our domain>`) and its recipient. */
  id: string;
  rcpt: string;
  /** The `zwroty+<tag>` part, where the template uses one (a random, unsigned stand-in). */
  tag: string;
}

export type Rng = () => number;
export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;

export interface Ctx {
  rng: Rng;
  n: number;
  ours: string;
  tag: string;
  id: string;
  rcpt: string;
  subject: string;
}

export const enc = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;
export const crlf = (s: string) => Buffer.from(s.replace(/^\n/, '').replace(/\r?\n/g, '\r\n'));

export function original(c: Ctx): string {
  return `From: ${enc('Wspólnota Mieszkaniowa')} <biuro@${c.ours}>
To: ${c.rcpt}
Subject: ${enc(c.subject)}
Message-ID: <${c.id}@${c.ours}>
X-Listonosz-Message: ${c.id}
Date: Fri, 04 Dec 2026 09:12:44 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
`;
}

export type Template = (c: Ctx) => { text: string; label: CorpusLabel };
export const failLabel = (c: Ctx, f: Diagnostic): CorpusLabel => ({
  kind: f.kind,
  reason: f.reason,
  recipient: c.rcpt,
  verpTag: c.tag,
  listonoszMessageId: c.id,
});
export const fill = (s: string, c: Ctx) => s.replaceAll('{rcpt}', c.rcpt);

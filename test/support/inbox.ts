import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { FeedbackSink } from '../../src/server/feedback/ports.js';
import type { TestApp } from './app.js';
import { feedMail } from './triage-world.js';

/** A tenant's reply to one of our messages, as their mail program writes it (threaded, maybe with HTML and files). */
export async function tenantMail(opts: {
  from: string;
  fromName?: string;
  to?: string;
  inReplyTo: string;
  references?: string[];
  subject?: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  messageId?: string;
}): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = opts.messageId ?? `<${randomUUID()}@poczta.example.pl>`;
  const composer = new MailComposer({
    from: { name: opts.fromName ?? 'Jan Kowalski', address: opts.from },
    to: opts.to ?? 'zwroty@zarzadca.example.pl',
    subject: opts.subject ?? 'Re: Zawiadomienie o wysokości opłat',
    messageId,
    inReplyTo: opts.inReplyTo,
    references: opts.references ?? [opts.inReplyTo],
    date: new Date('2026-12-06T10:00:00Z'),
    text: opts.text,
    ...(opts.html ? { html: opts.html } : {}),
    attachments: opts.attachments ?? [],
  });
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((err, m) => (err ? reject(err) : resolve(m))),
  );
  return { raw, messageId };
}

/** Hands a raw mail to the real classifier and the feedback sink, as the reader does; returns the record id. */
export function feedReply(t: TestApp, sink: FeedbackSink, raw: Buffer, mailboxId = 'mb'): Promise<string> {
  return feedMail(sink, mailboxId, raw, t.clock.now());
}

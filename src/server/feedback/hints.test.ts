import { describe, expect, it } from 'vitest';
import { classifyFeedback } from './classify.js';
import { stripQuoted } from './reply-text.js';

const msg = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'));

describe('correlation hints', () => {
  const bounce = `Delivered-To: zwroty+Tok3n_x@wm-lipowa.pl
To: Someone <someone+tag@gmail.com>
From: MAILER-DAEMON@mx.example.pl
Subject: failure notice

<a@b.pl>:
Remote host said: 550 5.1.1 User unknown

--- Below this line is a copy of the message.

Message-ID: <0193-x@wm-lipowa.pl>
X-Listonosz-Message: 0193-x
`;

  it('takes the VERP tag from the delivery headers first, opaque and as written', () => {
    expect(classifyFeedback(msg(bounce)).hints.verpTag).toBe('Tok3n_x');
  });

  it('reads a tag only from our own domains when they are given', () => {
    const r = classifyFeedback(msg(bounce.replace('Delivered-To: zwroty+Tok3n_x@wm-lipowa.pl\n', '')), {
      ownDomains: ['wm-lipowa.pl'],
    });
    expect(r.hints.verpTag).toBeNull();
    expect(classifyFeedback(msg(bounce), { ownDomains: ['wm-lipowa.pl'] }).hints.verpTag).toBe('Tok3n_x');
  });

  it('finds our ids in a copy quoted below a plain-text bounce', () => {
    const r = classifyFeedback(msg(bounce));
    expect(r.hints.returnedMessageIds).toEqual(['0193-x@wm-lipowa.pl']);
    expect(r.hints.listonoszMessageIds).toEqual(['0193-x']);
    expect(r.kind).toBe('hard_bounce');
  });
});

describe('auto-replies are never bounces', () => {
  it('even when their text quotes a failure', () => {
    const r = classifyFeedback(
      msg(`From: Jan <jan@wp.pl>
Subject: =?UTF-8?Q?Odpowied=C5=BA_automatyczna:_Niedostarczalne?=

Adres nie istnieje. 550 5.1.1 User unknown. Undeliverable.
`),
    );
    expect(r.kind).toBe('auto_reply');
  });

  it('unless "Auto-Submitted: no" says a person wrote it', () => {
    const r = classifyFeedback(
      msg('From: Jan <jan@wp.pl>\nAuto-Submitted: no\nIn-Reply-To: <x@y>\nSubject: Re: Zawiadomienie\n\nDzięki.\n'),
    );
    expect(r.kind).toBe('reply');
  });
});

describe('reply text without quoted history', () => {
  it.each([
    ['Polish Gmail', 'Tak.\n\nW dniu pt., 4 gru 2026 o 10:12 Biuro <b@x.pl> napisał(a):\n> stare'],
    ['wrapped Thunderbird', 'Tak.\n\nW dniu 4.12.2026 o 10:12, Biuro <b@x.pl>\npisze:\n> stare'],
    ['English', 'Tak.\n\nOn Fri, Dec 4, 2026 at 10:12 AM Biuro <b@x.pl> wrote:\n> stare'],
    ['Outlook PL', 'Tak.\n\nOd: Biuro <b@x.pl>\nWysłano: piątek, 4 grudnia 2026 10:12\nstare'],
    ['Outlook separator', 'Tak.\n-----Original Message-----\nstare'],
  ])('%s', (_name, text) => {
    expect(stripQuoted(text)).toBe('Tak.');
  });

  it('is bounded', () => {
    expect(stripQuoted('a'.repeat(100_000)).length).toBe(8000);
  });
});

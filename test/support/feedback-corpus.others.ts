import { enc, original, pick, type Template } from './feedback-corpus.kit.js';

/** Templates that are not bounces: ARF complaints, read receipts, auto-replies, replies, unrelated mail. */
export const OTHERS: Record<string, Template> = {
  arf: (c) => ({
    text: `
Delivered-To: zwroty+${c.tag}@${c.ours}
From: Feedback Loop <fbl@${pick(c.rng, ['yahoo.com', 'outlook.com', 'o2.pl'])}>
To: zwroty+${c.tag}@${c.ours}
Subject: FW: ${enc(c.subject)}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="arf${c.n}"

--arf${c.n}
Content-Type: text/plain

This is an email abuse report.

--arf${c.n}
Content-Type: message/feedback-report

Feedback-Type: abuse
Version: 1
Original-Rcpt-To: <${c.rcpt}>

--arf${c.n}
Content-Type: message/rfc822

${original(c)}
Tresc.
--arf${c.n}--
`,
    label: {
      kind: 'complaint',
      reason: 'complaint_abuse',
      recipient: c.rcpt,
      verpTag: c.tag,
      listonoszMessageId: c.id,
    },
  }),
  mdn: (c) => {
    const deleted = c.rng() < 0.25;
    const pl = c.rng() < 0.6;
    const subject = deleted ? (pl ? 'Nie przeczytano: ' : 'Not read: ') : pl ? 'Przeczytano: ' : 'Read: ';
    return {
      text: `
Delivered-To: zwroty+${c.tag}@${c.ours}
From: ${c.rcpt}
To: zwroty+${c.tag}@${c.ours}
Subject: ${enc(subject + c.subject)}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification; boundary="mdn${c.n}"

--mdn${c.n}
Content-Type: text/plain; charset=utf-8

${deleted ? 'Twoja wiadomość została usunięta nieprzeczytana.' : 'Twoja wiadomość została przeczytana.'}

--mdn${c.n}
Content-Type: message/disposition-notification

Final-Recipient: rfc822;${c.rcpt}
Original-Message-ID: <${c.id}@${c.ours}>
Disposition: ${pick(c.rng, ['manual-action/MDN-sent-manually', 'automatic-action/MDN-sent-automatically'])}; ${deleted ? 'deleted' : 'displayed'}

--mdn${c.n}--
`,
      label: {
        kind: 'read_receipt',
        reason: deleted ? 'read_deleted' : 'read_displayed',
        recipient: c.rcpt,
        verpTag: c.tag,
      },
    };
  },
  autoReply: (c) => {
    const byHeader = c.rng() < 0.6;
    const headers = byHeader
      ? pick(c.rng, [
          'Auto-Submitted: auto-replied\n',
          'Auto-Submitted: auto-generated\nX-Auto-Response-Suppress: All\n',
          'X-Autoreply: yes\n',
          'Precedence: auto_reply\n',
          'X-Autorespond: yes\n',
        ])
      : '';
    const subject = byHeader
      ? pick(c.rng, [`Re: ${c.subject}`, 'Urlop', c.subject])
      : `${pick(c.rng, ['Odpowiedź automatyczna', 'Automatyczna odpowiedź', 'Poza biurem', 'Nieobecność', 'Auto', 'Out of Office', 'Automatic reply'])}: ${c.subject}`;
    const body = pick(c.rng, [
      'Jestem na urlopie do 4 stycznia.',
      'I am out of the office until Monday.',
      'Ten adres nie istnieje od 1 grudnia, proszę pisać na nowy adres. Undeliverable here.',
      'Biuro nieczynne. Wiadomość nie zostanie przeczytana przed 2 stycznia.',
    ]);
    return {
      text: `
Delivered-To: zwroty@${c.ours}
From: ${c.rcpt}
To: zwroty@${c.ours}
Subject: ${enc(subject)}
In-Reply-To: <${c.id}@${c.ours}>
${headers}MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

${body}
`,
      label: { kind: 'auto_reply', reason: byHeader ? 'auto_reply_header' : 'auto_reply_subject', recipient: c.rcpt },
    };
  },
  reply: (c) => {
    const pl = c.rng() < 0.7;
    const quote = pl
      ? `W dniu 4.12.2026 o 10:12, Wspólnota <biuro@${c.ours}> napisał(a):\n> Szanowni Państwo,\n> nie istnieje zaległość. 550 5.1.1`
      : `On 04/12/2026 10:12, Wspolnota wrote:\n> Dear owner,\n> user unknown 550 5.1.1`;
    const own = pl
      ? pick(c.rng, ['Proszę o korektę naliczenia.', 'Dziękuję, potwierdzam.', 'Czy mogę zapłacić w ratach?'])
      : 'Thank you, received.';
    return {
      text: `
Delivered-To: zwroty@${c.ours}
From: ${c.rcpt}
To: zwroty@${c.ours}
Subject: ${enc(`${pl ? pick(c.rng, ['Re', 'Odp', 'ODP']) : 'Re'}: ${c.subject}`)}
In-Reply-To: <${c.id}@${c.ours}>
References: <${c.id}@${c.ours}>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

${own}

${quote}
`,
      label: { kind: 'reply', reason: 'reply' },
    };
  },
  unknown: (c) => ({
    text: `
Delivered-To: zwroty@${c.ours}
From: ${pick(c.rng, ['Hurtownia <newsletter@hurtownia.pl>', 'Poczta <info@paczka-dostawa.xyz>', c.rcpt])}
To: zwroty@${c.ours}
Subject: ${enc(pick(c.rng, ['Promocja grudniowa', 'Twoja przesyłka czeka', 'Awaria windy w klatce B']))}
${c.rng() < 0.5 ? 'List-Unsubscribe: <https://example.pl/u>\nPrecedence: bulk\n' : ''}MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Treść bez związku z naszą wysyłką.
`,
    label: { kind: 'unknown', reason: 'unrecognised' },
  }),
};

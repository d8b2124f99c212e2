import { DELAYS, FAILURES } from './feedback-corpus.diagnostics.js';
import { type Ctx, enc, failLabel, fill, original, pick, type Template } from './feedback-corpus.kit.js';

/** Bounce templates: Postfix and Exchange reports, Exim and qmail (English, Polish) texts, delays, expiry. */
function dsn(
  c: Ctx,
  opts: {
    mta: string;
    from: string;
    subject: string;
    intro: string;
    action: string;
    status: string;
    diag: string;
    fullOriginal: boolean;
  },
): string {
  const b = `=_b${c.n}_${Math.floor(c.rng() * 1e9)}`;
  const diagnostic = opts.diag.startsWith('Host or') ? `X-Postfix; ${opts.diag}` : `smtp; ${opts.diag}`;
  return `
Return-Path: <>
Delivered-To: zwroty+${c.tag}@${c.ours}
From: ${opts.from}
To: zwroty+${c.tag}@${c.ours}
Subject: ${opts.subject}
Date: Sun, 6 Dec 2026 10:00:00 +0100
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"

--${b}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

${opts.intro}

--${b}
Content-Type: message/delivery-status

Reporting-MTA: dns; ${opts.mta}

Final-Recipient: rfc822; ${c.rcpt}
Action: ${opts.action}
Status: ${opts.status}
Diagnostic-Code: ${diagnostic}

--${b}
Content-Type: ${opts.fullOriginal ? 'message/rfc822' : 'text/rfc822-headers'}

${original(c)}${opts.fullOriginal ? '\nSzanowni Państwo, w załączeniu zawiadomienie.\n' : ''}
--${b}--
`;
}

export const BOUNCES: Record<string, Template> = {
  postfixDsn: (c) => {
    const f = pick(c.rng, FAILURES);
    const diag = fill(f.text, c);
    const intro = `This is the mail system at host mail.${c.ours}.\n\n<${c.rcpt}>: host mx.example.pl[192.0.2.1] said: ${diag} (in reply to RCPT TO command)`;
    const text = dsn(c, {
      mta: `mail.${c.ours}`,
      from: `MAILER-DAEMON@mail.${c.ours} (Mail Delivery System)`,
      subject: 'Undelivered Mail Returned to Sender',
      intro,
      action: 'failed',
      status: f.status,
      diag,
      fullOriginal: c.rng() < 0.5,
    });
    return { text, label: failLabel(c, f) };
  },
  exchangeDsn: (c) => {
    const f = pick(c.rng, FAILURES);
    const pl = c.rng() < 0.5;
    const diag = fill(f.text, c);
    const intro = pl
      ? `Nie można dostarczyć wiadomości do ${c.rcpt}.\n\nInformacje diagnostyczne dla administratorów:\n\n${c.rcpt}\nSerwer zdalny zwrócił '${diag}'`
      : `Your message to ${c.rcpt} couldn't be delivered.\n\nDiagnostic information for administrators:\n\n${c.rcpt}\nRemote Server returned '${diag}'`;
    const subject = pl ? enc(`Niedostarczalne: ${c.subject}`) : `Undeliverable: ${enc(c.subject)}`;
    const text = dsn(c, {
      mta: 'AM9PR01MB1234.eurprd01.prod.outlook.com',
      from: `Microsoft Outlook <postmaster@${c.ours}>`,
      subject,
      intro,
      action: 'failed',
      status: f.status,
      diag,
      fullOriginal: false,
    });
    return { text, label: failLabel(c, f) };
  },
  eximText: (c) => {
    const f = pick(
      c.rng,
      FAILURES.filter((x) => !x.text.startsWith('Host or')),
    );
    const diag = fill(f.text, c);
    return {
      text: `
Envelope-to: zwroty+${c.tag}@${c.ours}
X-Failed-Recipients: ${c.rcpt}
Auto-Submitted: auto-replied
From: Mail Delivery System <Mailer-Daemon@serwer${c.n % 97}.ovh.net>
To: zwroty+${c.tag}@${c.ours}
Subject: Mail delivery failed: returning message to sender
Date: Sun, 06 Dec 2026 12:14:55 +0100

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  ${c.rcpt}
    host mx.example.pl [192.0.2.1]
    SMTP error from remote mail server after RCPT TO:<${c.rcpt}>:
    ${diag}

------ This is a copy of the message, including all the headers. ------

${original(c)}
Tresc.
`,
      label: failLabel(c, f),
    };
  },
  qmailText: (c) => {
    const f = pick(
      c.rng,
      FAILURES.filter((x) => !x.text.startsWith('Host or')),
    );
    const pl = c.rng() < 0.6;
    const diag = fill(f.text, c);
    const head = pl
      ? 'Witaj. To jest program qmail-send z serwera kei.pl.\nBardzo nam przykro jednakze nie udalo sie wyslac maila pod wskazane adresy.\nJest to blad staly; zrezygnowalem.'
      : "Hi. This is the qmail-send program at mx.nazwa.pl.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.";
    const said = pl
      ? `Zdalny host odpowiedzial: ${diag}\nRezygnuje z 192.0.2.1.`
      : `192.0.2.1 does not like recipient.\nRemote host said: ${diag}\nGiving up on 192.0.2.1.`;
    const copy = pl ? '--- Ponizej znajduje sie kopia wiadomosci.' : '--- Below this line is a copy of the message.';
    return {
      text: `
Return-Path: <>
Delivered-To: zwroty+${c.tag}@${c.ours}
From: MAILER-DAEMON@${pl ? 'kei.pl' : 'mx.nazwa.pl'}
To: zwroty+${c.tag}@${c.ours}
Subject: ${pl ? 'niepowodzenie dostarczenia' : 'failure notice'}
Date: 6 Dec 2026 14:31:07 -0000

${head}

<${c.rcpt}>:
${said}

${copy}

${original(c)}
`,
      label: failLabel(c, f),
    };
  },
  delayDsn: (c) => {
    const diag = pick(c.rng, DELAYS);
    const gmail = c.rng() < 0.4;
    const intro = gmail
      ? `** Delivery incomplete **\n\nThere was a temporary problem delivering your message to ${c.rcpt}. Gmail will retry for 45 more hours.`
      : `This is the mail system at host mail.${c.ours}.\n\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n\n<${c.rcpt}>: ${diag}`;
    const status = diag.match(/4\.\d\.\d/)?.[0] ?? '4.4.1';
    const subject = gmail ? 'Delivery Status Notification (Delay)' : 'Delayed Mail (still being retried)';
    const from = gmail
      ? 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>'
      : `MAILER-DAEMON@mail.${c.ours} (Mail Delivery System)`;
    const text = dsn(c, {
      mta: `mail.${c.ours}`,
      from,
      subject,
      intro,
      action: 'delayed',
      status,
      diag,
      fullOriginal: false,
    });
    return {
      text,
      label: { kind: 'delay', reason: 'delayed', recipient: c.rcpt, verpTag: c.tag, listonoszMessageId: c.id },
    };
  },
  expiredDsn: (c) => {
    const diag = pick(c.rng, DELAYS);
    const intro = `This is the mail system at host mail.${c.ours}.\n\nThe message was too long in the queue and has been returned.\n\n<${c.rcpt}>: ${diag}`;
    const status = diag.match(/4\.\d\.\d/)?.[0] ?? '4.4.1';
    const text = dsn(c, {
      mta: `mail.${c.ours}`,
      from: `MAILER-DAEMON@mail.${c.ours} (Mail Delivery System)`,
      subject: 'Undelivered Mail Returned to Sender',
      intro,
      action: 'failed',
      status,
      diag,
      fullOriginal: false,
    });
    return { text, label: { kind: 'soft_bounce', reason: 'expired', recipient: c.rcpt, verpTag: c.tag } };
  },
};

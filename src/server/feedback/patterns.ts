/**
 * Bounces that are not RFC 3464 reports, read by patterns on normalised text (lower case, no diacritics):
 * Postfix ("<a>: host X said: …"), Exim ("the following address(es) failed"), qmail in English and the Polish
 * qmail of Polish hosts written without diacritics, Exchange/Outlook NDRs in English and Polish, Gmail's texts.
 */
export interface TextFailure {
  recipient: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
  action: 'failed' | 'delayed';
}

const BOUNCE_SENDER = /mailer-daemon|postmaster|mail delivery (system|subsystem)|microsoftexchange|\bmaildaemon\b/;
const BOUNCE_SUBJECT =
  /undeliver|undelivered|delivery status notification|delivery (has )?fail|failure notice|returned mail|mail delivery failed|message not delivered|could not be delivered|delivery (notification|report)|non[- ]?delivery|niedostarczaln|nie mozna dostarczyc|nie udalo sie dostarczyc|zwrot do nadawcy|wiadomosc niedostarczona|blad dostarczenia|warning: (message|could not)|delayed mail|delivery delay|opoznion/;

export function looksLikeBounce(fromNorm: string, subjectNorm: string): boolean {
  return BOUNCE_SENDER.test(fromNorm) || BOUNCE_SUBJECT.test(subjectNorm);
}

/** Warnings that the server is still trying: informational, never a failure. */
export const DELAY =
  /will (keep|continue) trying|will (retry|try again)|warning message only|delivery status notification \(delay\)|delivery (is|has been|was) delayed|has not (yet )?been delivered|not (yet )?been able to deliver|this is a warning|message (is )?delayed|delayed mail|still (being )?retried|nadal (bedzie|probuje)|dostarczenie .{0,40}opozni|opoznion|ponowi(my)? prob/;

const PERMANENT =
  /permanent (error|failure)|failed permanently|given up|i'?ve given up|giving up|zrezygnowal|blad staly|could not be delivered|couldn'?t be delivered|nie mozna dostarczyc|nie udalo sie (wyslac|dostarczyc)|delivery has failed|address(es)? failed|undeliverable|niedostarczaln/;

/** Where a copy of the original starts: nothing after it is the server's own explanation. */
const COPY_MARKER =
  /(below this line is a copy of the message|this is a copy of the message|original message follows|ponizej (znajduje sie )?kopia|kopia wiadomosci|-{3,} ?original message ?-{3,}|undelivered message attached|the original message was received)/;

export function explanationOnly(text: string): string {
  const m = COPY_MARKER.exec(text);
  return m ? text.slice(0, text.lastIndexOf('\n', m.index) + 1) : text;
}

// Bounded repetitions: an unbounded address pattern is quadratic on a long run of letters without an @.
const ADDR = String.raw`[a-z0-9._%+'=-]{1,64}@(?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,24}`;
const DIAG = /(?:^|[\s'"(:])([245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3})?[^\n]*)/;
const STATUS_LINE = /[245]\.\d{1,3}\.\d{1,3}[^\n]*/;

function diagnosticIn(raw: string): string | null {
  // Postfix and Exim wrap a long reply onto indented lines.
  const block = raw.replace(/\n[ \t]+/g, ' ');
  const said = block.match(
    /(?:remote host said|zdalny host odpowiedzial):\s*([\s\S]*?)(?=\n(?:giving up|rezygnuje)|\n\s*\n|$)/,
  );
  if (said?.[1]?.trim()) return said[1].replace(/\s+/g, ' ').trim();
  const m = block.match(DIAG) ?? block.match(STATUS_LINE);
  if (!m) {
    const line = block
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 3 && !/^(host|giving up)\b/.test(l));
    return line ?? null;
  }
  return (m[1] ?? m[0]).trim().replace(/['"]\s*$/, '');
}

function remoteIn(block: string): string | null {
  const m = block.match(
    /host ([a-z0-9.-]+\.[a-z]{2,})\[?|(\d{1,3}(?:\.\d{1,3}){3}) does not like|remote server ['"]?([a-z0-9.-]+\.[a-z]{2,})/,
  );
  return m ? ((m[1] ?? m[2] ?? m[3]) as string) : null;
}

function entry(recipient: string | null, block: string, delayed: boolean): TextFailure {
  return {
    recipient,
    diagnostic: diagnosticIn(block),
    remoteMta: remoteIn(block),
    action: delayed ? 'delayed' : 'failed',
  };
}

/** Postfix and qmail: "<address>:" then its explanation on the same or the next lines, up to a blank line. */
function angleBlocks(text: string, delayed: boolean): TextFailure[] {
  const re = new RegExp(String.raw`^<(${ADDR})>:?[ \t]*\n?([\s\S]*?)(?=\n[ \t]*\n|\n<${ADDR}>|(?![\s\S]))`, 'gm');
  return [...text.matchAll(re)].slice(0, 50).map((m) => entry(m[1] as string, m[2] as string, delayed));
}

/** Exim: the failed addresses indented under "The following address(es) failed:", details below each. */
function eximBlocks(text: string, delayed: boolean): TextFailure[] {
  const start = text.search(
    /following address(\(es\)|es)? (failed|has|have|deferred|delayed)|could not be delivered to one or more/,
  );
  if (start < 0) return [];
  const body = text.slice(start).split('\n').slice(1).join('\n');
  const re = new RegExp(
    String.raw`^[ \t]{1,4}<?(${ADDR})>?[^\n]*\n((?:[ \t]{4,}[^\n]*\n|[ \t]*\n(?=[ \t]{4,}))*)`,
    'gm',
  );
  return [...body.matchAll(re)].slice(0, 50).map((m) => entry(m[1] as string, m[2] as string, delayed));
}

/** Exchange/Outlook (English and Polish) and Gmail's plain-text notices. */
function namedRecipient(text: string, delayed: boolean): TextFailure[] {
  const patterns = [
    new RegExp(
      String.raw`(?:your message to|delivery to|wiadomosci do|dostarczyc do|dostarczenie do|wasn'?t delivered to|nie zostala dostarczona do|to the following recipients?[^\n]*:)\s*\n?\s*<?(${ADDR})`,
    ),
    new RegExp(String.raw`(?:recipients? or groups?|adresatow lub grup|adresaci)[^\n]*:\s*\n+\s*<?(${ADDR})`),
    new RegExp(String.raw`(?:failed permanently|has been delayed|zostalo opoznione)[^\n]*:\s*\n+\s*<?(${ADDR})`),
  ];
  for (const re of patterns) {
    const m = text.match(re);
    if (m) {
      const remote = text.match(
        /(?:remote server returned|serwer zdalny zwrocil|zdalny serwer zwrocil|other server returned was:)\s*\n?\s*['"]?([^\n]+)/,
      );
      const diag = remote?.[1] ?? null;
      const e = entry(m[1] as string, diag ?? text.slice(m.index ?? 0), delayed);
      return [diag ? { ...e, diagnostic: diag.replace(/['"]\s*$/, '').trim() } : e];
    }
  }
  return [];
}

/**
 * Failures named in a bounce's explanation text (already normalised and cut before the copy of the original).
 * Returns nothing when the text names no failure: such a message is left for a person, never guessed hard.
 */
export function textFailures(text: string): TextFailure[] {
  const delayed = DELAY.test(text) && !/permanent (error|failure)|failed permanently|blad staly/.test(text);
  for (const find of [eximBlocks, angleBlocks, namedRecipient]) {
    const found = find(text, delayed).filter((f) => f.diagnostic || delayed);
    if (found.length) return found;
  }
  if (delayed || PERMANENT.test(text)) {
    const diag = diagnosticIn(text.match(DIAG)?.[0] ?? '');
    const addr = text.match(new RegExp(ADDR))?.[0] ?? null;
    if (delayed || diag)
      return [{ recipient: addr, diagnostic: diag, remoteMta: remoteIn(text), action: delayed ? 'delayed' : 'failed' }];
  }
  return [];
}

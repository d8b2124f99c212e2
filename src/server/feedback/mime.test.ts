import { describe, expect, it } from 'vitest';
import { classifyFeedback } from './classify.js';
import { decodeWords, parseMime, parseParams, partText, walk } from './mime.js';
import { MAX_RAW_BYTES } from './report.js';

const msg = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'));

function nested(depth: number): string {
  let inner = 'Message-ID: <deep@x>\nX-Listonosz-Message: deep\n\nhi\n';
  for (let i = 0; i < depth; i++) inner = `Content-Type: message/rfc822\n\n${inner}`;
  return `From: MAILER-DAEMON@x\nSubject: Undelivered\nContent-Type: multipart/report; boundary="b"\n\n--b\n${inner}--b--\n`;
}

describe('bounded MIME reading', () => {
  it('reads returned originals nested a few levels deep', () => {
    const r = classifyFeedback(msg(nested(3)));
    expect(r.hints.listonoszMessageIds).toEqual(['deep']);
  });

  it('stops descending at the depth cap instead of following a crafted nesting', () => {
    const root = parseMime(msg(nested(500)));
    expect(Math.max(...[...walk(root)].map((p) => p.depth))).toBeLessThanOrEqual(8);
    expect(classifyFeedback(msg(nested(500))).hints.listonoszMessageIds).toEqual([]);
  });

  it('keeps at most 200 parts of a multipart with thousands', () => {
    const parts = Array.from({ length: 5000 }, (_, i) => `--b\nContent-Type: text/plain\n\npart ${i}\n`).join('');
    const root = parseMime(msg(`Content-Type: multipart/mixed; boundary=b\n\n${parts}--b--\n`));
    expect([...walk(root)].length).toBeLessThanOrEqual(200);
  });

  it('does not read a message above the size cap, and leaves it for a person', () => {
    const big = Buffer.concat([
      msg('From: MAILER-DAEMON@x\nSubject: Undelivered\n\n'),
      Buffer.alloc(MAX_RAW_BYTES, 97),
    ]);
    const r = classifyFeedback(big);
    expect({ kind: r.kind, reason: r.reason }).toEqual({ kind: 'unknown', reason: 'too_large' });
  });

  it('caps the text patterns look at', () => {
    const body = `${'x'.repeat(200_000)}\n<a@b.pl>: host mx said: 550 5.1.1 User unknown\n`;
    const r = classifyFeedback(msg(`From: MAILER-DAEMON@x\nSubject: Undelivered\n\n${body}`));
    expect(r.kind).toBe('unknown');
  });

  it('decodes RFC 2047 words in several charsets, joined across whitespace', () => {
    expect(decodeWords('=?UTF-8?Q?Przeczytano:_op=C5=82aty?= =?iso-8859-2?Q?_=B3=F3d=BC?=')).toBe(
      'Przeczytano: opłaty łódź',
    );
    expect(decodeWords('=?utf-8?B?TmllZG9zdGFyY3phbG5lOg==?=')).toBe('Niedostarczalne:');
  });

  it('decodes quoted-printable bodies in Polish code pages, keeping a lone "=" as it is', () => {
    const root = parseMime(
      msg(
        'Content-Type: text/plain; charset=windows-1250\nContent-Transfer-Encoding: quoted-printable\n\nzmieni=B3am =\nkonto, 2=2 =zz',
      ),
    );
    expect(partText(root, 100)).toBe('zmieniłam konto, 2=2 =zz');
  });

  it('reads quoted and RFC 2231 parameters', () => {
    expect(parseParams(`multipart/report; report-type="delivery-status"; boundary="a;b"`).params).toEqual({
      'report-type': 'delivery-status',
      boundary: 'a;b',
    });
    expect(parseParams(`attachment; filename*=utf-8''zawiadomienie%20%C5%82%C3%B3d%C5%BA.pdf`).params.filename).toBe(
      'zawiadomienie łódź.pdf',
    );
  });
});

/**
 * bench:send's third sender, the wire limit: the frozen .eml bytes written to bare sockets — EHLO once, then per
 * message MAIL FROM, RCPT TO, DATA and the dot-stuffed bytes, pipelined (RFC 2920) when the sink offers it: the
 * end of one message's data goes out with the next message's MAIL, RCPT and DATA. 10 connections, as the others.
 * No database, no bookkeeping, no MIME work: what is left is the SMTP exchange itself.
 */
import net from 'node:net';

export interface WireMessage {
  from: string;
  to: string;
  raw: Buffer;
}

/** The message's bytes as DATA carries them: a line starting with "." gets another, and the end is CRLF "." CRLF. */
export function dotStuffed(raw: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  if (raw[0] === 0x2e) {
    parts.push(Buffer.from('.'));
  }
  for (let at = raw.indexOf('\n.'); at >= 0; at = raw.indexOf('\n.', at + 2)) {
    parts.push(raw.subarray(from, at + 1), Buffer.from('.'));
    from = at + 1;
  }
  parts.push(raw.subarray(from));
  const endsWithCrlf = raw.length >= 2 && raw[raw.length - 2] === 0x0d && raw[raw.length - 1] === 0x0a;
  parts.push(Buffer.from(endsWithCrlf ? '.\r\n' : '\r\n.\r\n'));
  return parts;
}

/** One SMTP connection: replies are matched to commands in order (each final reply line answers one). */
class Connection {
  private waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  private partial = '';
  private lines: string[] = [];
  private readonly socket: net.Socket;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (err) => {
      for (const w of this.waiting.splice(0)) w.reject(err);
    });
  }

  private onData(chunk: Buffer) {
    this.partial += chunk.toString('latin1');
    for (let end = this.partial.indexOf('\n'); end >= 0; end = this.partial.indexOf('\n')) {
      const line = this.partial.slice(0, end).replace(/\r$/, '');
      this.partial = this.partial.slice(end + 1);
      this.lines.push(line);
      if (line[3] !== '-') this.waiting.shift()?.resolve(this.lines.splice(0).join('\n'));
    }
  }

  /** The next reply, which must have a code starting with `code`. */
  reply(code: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.waiting.push({
        resolve: (reply) => (reply.startsWith(code) ? resolve(reply) : reject(new Error(`SMTP: ${reply}`))),
        reject,
      });
    });
  }

  /** MAIL FROM, RCPT TO and DATA for one message; resolves once the server is ready for its data. */
  envelope(m: WireMessage): Promise<unknown> {
    const replies = Promise.all([this.reply('250'), this.reply('250'), this.reply('354')]);
    this.write([`MAIL FROM:<${m.from}>\r\nRCPT TO:<${m.to}>\r\nDATA\r\n`]);
    return replies;
  }

  write(parts: (Buffer | string)[]) {
    for (const p of parts) this.socket.write(p);
  }

  close() {
    this.socket.end('QUIT\r\n');
  }
}

/** Sends the messages over one connection, taking the next one from `next` until none is left. */
async function drive(port: number, next: () => WireMessage | undefined) {
  const c = new Connection(port);
  await c.reply('220');
  const ehlo = c.reply('250');
  c.write(['EHLO bench.localhost\r\n']);
  const pipelining = /^250[- ]PIPELINING$/im.test(await ehlo);
  let message = next();
  let ready = message ? c.envelope(message) : null;
  while (message && ready) {
    await ready;
    const accepted = c.reply('250');
    c.write(dotStuffed(message.raw));
    const following = next();
    if (following && pipelining) {
      // The end of this message's data and the next one's envelope in one group (RFC 2920).
      ready = c.envelope(following);
      await accepted;
    } else {
      await accepted;
      ready = following ? c.envelope(following) : null;
    }
    message = following;
  }
  c.close();
}

/** Sends every message over `connections` connections; resolves once the sink accepted them all. */
export async function sendBare(port: number, messages: WireMessage[], connections = 10): Promise<void> {
  let i = 0;
  const next = () => messages[i++];
  await Promise.all(Array.from({ length: connections }, () => drive(port, next)));
}

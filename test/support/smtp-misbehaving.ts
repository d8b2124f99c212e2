import { createServer, type Socket } from 'node:net';

/**
 * A hand-written SMTP server on 127.0.0.1 that misbehaves on the wire in ways smtp-server cannot be made to:
 * - `stall-after-data`: takes the whole message, then never answers the final dot;
 * - `trickle`: answers correctly, but every reply one byte at a time, `byteEveryMs` apart — from the greeting
 *   (`from: 'greeting'`) or only once the session is set up (`from: 'mail'`, replies from MAIL FROM on).
 */
export type Misbehaviour =
  | { kind: 'stall-after-data' }
  | { kind: 'trickle'; byteEveryMs: number; from: 'greeting' | 'mail' };

export interface MisbehavingServer {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Messages whose final dot arrived (whether or not they were answered). */
  readonly messagesTaken: number;
  close(): Promise<void>;
}

export async function startMisbehavingSmtp(behaviour: Misbehaviour): Promise<MisbehavingServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  let messagesTaken = 0;

  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    let inData = false;
    let setUp = false;
    let buffer = '';
    // Replies leave in order; a trickled one is written a byte at a time.
    let outbox = Promise.resolve();
    const reply = (text: string) => {
      const line = `${text}\r\n`;
      const trickle = behaviour.kind === 'trickle' && (behaviour.from === 'greeting' || setUp);
      outbox = outbox.then(async () => {
        if (!trickle) {
          if (!socket.destroyed) socket.write(line);
          return;
        }
        for (const byte of line) {
          if (socket.destroyed) return;
          socket.write(byte);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              timers.delete(timer);
              resolve();
            }, behaviour.byteEveryMs);
            timers.add(timer);
          });
        }
      });
    };
    reply('220 stall.example.pl ESMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          messagesTaken++;
          if (behaviour.kind === 'stall-after-data') continue; // the bytes are taken; no answer ever comes
          reply('250 2.0.0 Ok: queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-stall.example.pl\r\n250 8BITMIME');
        else if (verb === 'HELO') reply('250 stall.example.pl');
        else if (verb === 'MAIL') {
          setUp = true;
          reply('250 2.1.0 Ok');
        } else if (verb === 'RCPT') reply('250 2.1.5 Ok');
        else if (verb === 'DATA') {
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 2.0.0 Ok');
        else if (verb === 'QUIT') {
          reply('221 2.0.0 Bye');
          outbox = outbox.then(() => {
            socket.end();
          });
        } else reply('502 5.5.2 Error: command not recognized');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    get connections() {
      return connections;
    },
    get messagesTaken() {
      return messagesTaken;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

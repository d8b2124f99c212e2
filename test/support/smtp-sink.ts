import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** What the sink does with one delivery attempt. */
export type Behaviour =
  /** Take the message and answer 250, at once or after `replyAfterMs` (a relay slow to confirm). */
  | { kind: 'accept'; replyAfterMs?: number }
  | { kind: 'reject'; at: 'rcpt' | 'data'; code: number; message: string }
  /** Close the connection while the message is still arriving: nothing was taken. */
  | { kind: 'drop-before-dot' }
  /** Take the whole message (it counts as received), then close the connection instead of answering 250. */
  | { kind: 'drop-after-dot' }
  /** Never answer RCPT TO (the client's timeout has to end it); the message is not taken. */
  | { kind: 'stall' };

export interface Received {
  rcpt: string;
  mailFrom: string;
  messageId: string | null;
  raw: Buffer;
  /** DSN parameters the client sent with MAIL FROM / RCPT TO, when any. */
  dsn: { ret: string | null; envid: string | null; notify: string[] | null };
  /** The client asked for SMTPUTF8 in MAIL FROM. */
  smtpUtf8: boolean;
  /** When the final dot was taken (Date.now()). */
  at: number;
}

export interface SinkOptions {
  /** Decides each attempt; `n` counts attempts (RCPT TO) for that recipient, from 1. */
  script?: (rcpt: string, n: number) => Behaviour;
  auth?: { user: string; pass: string };
  /** Offer DSN (the default) or hide it. */
  dsn?: boolean;
  /** Offer STARTTLS (with smtp-server's built-in certificate, which clients reject). */
  starttls?: boolean;
  /** Offer SMTPUTF8 (the default) or hide it. */
  smtputf8?: boolean;
}

export interface Sink {
  port: number;
  received: Received[];
  /** RCPT attempts seen per recipient. */
  attempts: Map<string, number>;
  connections: number;
  /** Connections open right now. */
  open: number;
  /** MAIL FROM and RCPT TO lines exactly as the client sent them (without STARTTLS only). */
  commands: string[];
  byMessageId(): Map<string, number>;
  close(): Promise<void>;
}

const ACCEPT: Behaviour = { kind: 'accept' };

/**
 * A real SMTP server on 127.0.0.1 that records what it receives and can be scripted to fail in each way a
 * relay fails: replies at RCPT or after DATA, dropped connections before or after the final dot, stalls.
 */
export async function startSink(options: SinkOptions = {}): Promise<Sink> {
  const script = options.script ?? (() => ACCEPT);
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const sockets = new Map<number, Socket>();
  const behaviourOf = new Map<string, Behaviour>();
  let connections = 0;
  const open = new Set<string>();
  const commands: string[] = [];
  const noop = () => {};
  // smtp-server logs each client line at debug level; with STARTTLS a logger would also print a certificate warning.
  const commandLogger = {
    debug(entry: { tnx?: string }, _prefix: string, line: string) {
      if (entry.tnx === 'command' && /^(MAIL FROM|RCPT TO):/i.test(line)) commands.push(line);
    },
    trace: noop,
    info: noop,
    warn: noop,
    error: noop,
    fatal: noop,
  };

  const smtpOptions: SMTPServerOptions = {
    logger: options.starttls ? false : (commandLogger as unknown as SMTPServerOptions['logger']),
    hideDSN: options.dsn === false,
    hideSMTPUTF8: options.smtputf8 === false,
    authOptional: !options.auth,
    allowInsecureAuth: true,
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    size: 50 * 1024 * 1024,
    onConnect(session, callback) {
      connections++;
      open.add(session.id);
      callback();
    },
    onClose(session) {
      open.delete(session.id);
    },
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        return callback(null, { user: auth.username });
      }
      return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, session, callback) {
      const rcpt = address.address.toLowerCase();
      const n = (attempts.get(rcpt) ?? 0) + 1;
      attempts.set(rcpt, n);
      const behaviour = script(rcpt, n);
      behaviourOf.set(session.id, behaviour);
      if (behaviour.kind === 'reject' && behaviour.at === 'rcpt') {
        return callback(Object.assign(new Error(behaviour.message), { responseCode: behaviour.code }));
      }
      if (behaviour.kind === 'stall') return; // never answer
      return callback();
    },
    onData(stream, session, callback) {
      const behaviour = behaviourOf.get(session.id) ?? ACCEPT;
      const socket = sockets.get(session.remotePort);
      const chunks: Buffer[] = [];
      let dropped = false;
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (behaviour.kind === 'drop-before-dot' && !dropped) {
          dropped = true;
          socket?.destroy();
        }
      });
      stream.on('end', () => {
        if (dropped) return;
        const raw = Buffer.concat(chunks);
        const record = () => {
          const envelope = session.envelope as typeof session.envelope & { dsn?: { ret?: string; envid?: string } };
          const rcptArgs = session.envelope.rcptTo[0] as { address: string; dsn?: { notify?: string[] } } | undefined;
          received.push({
            rcpt: rcptArgs?.address.toLowerCase() ?? '',
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            messageId: raw.toString('utf8').match(/^Message-ID:\s*(<[^>]+>)/im)?.[1] ?? null,
            raw,
            dsn: {
              ret: envelope.dsn?.ret ?? null,
              envid: envelope.dsn?.envid ?? null,
              notify: rcptArgs?.dsn?.notify ?? null,
            },
            smtpUtf8: (envelope as { smtpUtf8?: boolean }).smtpUtf8 === true,
            at: Date.now(),
          });
        };
        switch (behaviour.kind) {
          case 'reject':
            return callback(Object.assign(new Error(behaviour.message), { responseCode: behaviour.code }));
          case 'drop-after-dot':
            record();
            socket?.destroy();
            return;
          default: {
            record();
            const reply = `Ok: queued as Q${received.length}`;
            if (behaviour.kind === 'accept' && behaviour.replyAfterMs) {
              setTimeout(() => callback(null, reply), behaviour.replyAfterMs);
              return;
            }
            return callback(null, reply);
          }
        }
      });
    },
  };
  const server = new SMTPServer(smtpOptions);
  // Clients that are killed or drop connections on purpose cause socket errors; they are part of the test.
  server.on('error', () => {});
  server.server.on('connection', (socket: Socket) => {
    if (socket.remotePort) sockets.set(socket.remotePort, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received,
    attempts,
    commands,
    get connections() {
      return connections;
    },
    get open() {
      return open.size;
    },
    byMessageId() {
      const counts = new Map<string, number>();
      for (const r of received) if (r.messageId) counts.set(r.messageId, (counts.get(r.messageId) ?? 0) + 1);
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets.values()) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

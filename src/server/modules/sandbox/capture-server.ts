import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface CaptureServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface CaptureOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  store: (envelope: { mailFrom: string; rcptTo: string[] }, raw: Buffer) => Promise<unknown>;
  /** Whether a login is this instance's own (the sandbox account's per-instance secret). */
  authenticate: (username: string, password: string) => Promise<boolean>;
  onError?: (err: unknown) => void;
}

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

export const AUTH_REQUIRED =
  'Authentication required: this sandbox SMTP server accepts mail only from its own Listonosz instance';
export const AUTH_FAILED = 'Authentication failed: not the sandbox login of this Listonosz instance';

/**
 * The embedded capture SMTP: stores what it receives instead of delivering it. Only its own Listonosz instance may
 * hand it mail (SMTP AUTH with the sandbox account's random per-instance password, checked on every login), so
 * another program or user on the same computer cannot fill the sandbox. A message over the size limit is cut off
 * as soon as it passes the limit: refused with 552 and the connection closed, the rest never read.
 */
export async function startCaptureServer(opts: CaptureOptions): Promise<CaptureServer> {
  const server: SMTPServer = new SMTPServer({
    name: 'listonosz-capture',
    banner: 'Listonosz capture SMTP: nothing is delivered',
    authOptional: false,
    authMethods: ['PLAIN', 'LOGIN'],
    authRequiredMessage: AUTH_REQUIRED,
    // Loopback only and no certificate to offer: the login travels in plain text on 127.0.0.1.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    hideDSN: false,
    size: opts.maxMessageBytes,
    rejectOversized: true,
    maxAllowedUnauthenticatedCommands: 5,
    // A stop closes the worker's connections first; anything left is not waited for long.
    closeTimeout: 2000,
    logger: false,
    onAuth(auth, _session, callback) {
      opts
        .authenticate(auth.username ?? '', auth.password ?? '')
        .then((ok) => (ok ? callback(null, { user: auth.username }) : callback(smtpError(535, AUTH_FAILED))))
        .catch((err: unknown) => {
          opts.onError?.(err);
          callback(smtpError(454, 'Temporary authentication failure'));
        });
    },
    onData(stream, session, callback) {
      readBounded(stream, session, callback);
    },
  });

  /** Keeps at most the limit in memory; past it, answers 552 at once and hangs up instead of reading the rest. */
  function readBounded(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null, message?: string) => void,
  ) {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let cutOff = false;
    stream.on('data', (chunk: Buffer) => {
      if (cutOff) return;
      bytes += chunk.length;
      if (bytes <= opts.maxMessageBytes) {
        chunks.push(chunk);
        return;
      }
      cutOff = true;
      chunks.length = 0;
      const tooLarge = smtpError(552, `Message exceeds fixed maximum message size ${opts.maxMessageBytes}`);
      const connection = [...server.connections].find((c) => c.id === session.id);
      connection?.send(552, tooLarge.message, 'MESSAGE_TOO_BIG');
      connection?.close();
      callback(tooLarge);
    });
    stream.on('end', () => {
      if (cutOff) return;
      const envelope = {
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
      };
      opts
        .store(envelope, Buffer.concat(chunks))
        .then((id) => callback(null, `Captured as ${String(id)}`))
        .catch((err: unknown) => {
          opts.onError?.(err);
          callback(smtpError(451, 'Temporary storage failure'));
        });
    });
  }

  // A failure to listen (a port another program holds) is the caller's to report, in its words: the general
  // handler, which logs, is attached only once the server listens.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => opts.onError?.(err));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { SMTPServer } from 'smtp-server';

export interface CaptureServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface CaptureOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  store: (envelope: { mailFrom: string; rcptTo: string[] }, raw: Buffer) => Promise<unknown>;
  onError?: (err: unknown) => void;
}

/**
 * The embedded capture SMTP: accepts every message on a loopback port and stores it instead of delivering it.
 * It listens on 127.0.0.1 by default and takes any (or no) login, so it must never face a network.
 */
export async function startCaptureServer(opts: CaptureOptions): Promise<CaptureServer> {
  const server = new SMTPServer({
    name: 'listonosz-capture',
    banner: 'Listonosz capture SMTP: nothing is delivered',
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    hideDSN: false,
    size: opts.maxMessageBytes,
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'capture' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        };
        opts
          .store(envelope, Buffer.concat(chunks))
          .then((id) => callback(null, `Captured as ${String(id)}`))
          .catch((err: unknown) => {
            opts.onError?.(err);
            callback(Object.assign(new Error('Temporary storage failure'), { responseCode: 451 }));
          });
      });
    },
  });
  server.on('error', (err) => opts.onError?.(err));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  accessSync,
  appendFileSync,
  chmodSync,
  chownSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

/** Debian's `dovecot-imapd` puts the binary here; `DOVECOT_BIN` points elsewhere. */
const DOVECOT = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
const START_TIMEOUT_MS = 5_000;
/** Dovecot refuses to give mail to uid 0; as root the mail files belong to `nobody`. */
const NOBODY = 65534;

export interface DovecotOptions {
  /** Also serve implicit TLS (and offer STARTTLS on the plain port) with a self-signed certificate made now. */
  tls?: boolean;
  /**
   * Dovecot's mail storage: `maildir` (the default, common on real servers) or `mdbox`, whose MOVE is about 4×
   * cheaper here — for the tests and benchmarks that move thousands of messages.
   */
  storage?: 'maildir' | 'mdbox';
}

export interface FolderMessage {
  uid: number;
  flags: string[];
  subject: string;
  messageId: string | null;
  raw: Buffer;
}

export interface Dovecot {
  host: string;
  /** The plain IMAP port (STARTTLS offered when started with `tls`). */
  port: number;
  /** The implicit-TLS port, when started with `tls`; the certificate is self-signed (PEM in `certificate`). */
  tlsPort: number | null;
  certificate: string | null;
  /** Adds a user with a plain password (Dovecot re-reads the file); returns the login. */
  addUser(user: string, password?: string): Promise<{ user: string; password: string }>;
  /** A logged-in imapflow client for the user; the caller logs out. */
  connect(user: string): Promise<ImapFlow>;
  /** IMAP APPEND of a raw message; the folder is created when missing. Returns the new UID when the server says. */
  append(user: string, folder: string, raw: string | Buffer, flags?: string[]): Promise<number | null>;
  createFolder(user: string, folder: string): Promise<void>;
  /** The user's folder paths, sorted (the hierarchy separator is "/"). */
  folders(user: string): Promise<string[]>;
  /** Every message in the folder, by UID. */
  messages(user: string, folder: string): Promise<FolderMessage[]>;
  /** Dovecot's own log (login failures and errors), for assertions and failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export class DovecotMissingError extends Error {
  constructor() {
    super(
      `Dovecot is not installed (${DOVECOT} not found). Install it with: apt-get install --no-install-recommends dovecot-imapd ` +
        '(or set DOVECOT_BIN). The tests start their own private server; the system service is never used.',
    );
  }
}

/** True when the Dovecot binary is there (for `describe.skipIf` only where a test may be optional). */
export function dovecotInstalled(): boolean {
  try {
    accessSync(DOVECOT, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A private Dovecot on 127.0.0.1 on free ports, with a throwaway configuration in a temp dir: its base dir,
 * state, log, users file (plain passwords) and maildirs all live there. The system configuration and service
 * are never touched. `stop()` kills it, waits for it to exit and removes the dir.
 */
export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  if (!dovecotInstalled()) throw new DovecotMissingError();
  const dir = mkdtempSync(path.join(tmpdir(), 'listonosz-dovecot-'));
  const isRoot = process.getuid?.() === 0;
  const mailUid = isRoot ? NOBODY : (process.getuid?.() ?? NOBODY);
  const mailGid = isRoot ? NOBODY : (process.getgid?.() ?? NOBODY);
  const mailDir = path.join(dir, 'mail');
  for (const sub of ['run', 'state', 'mail']) mkdirSync(path.join(dir, sub));
  if (isRoot) {
    // The mail processes run as nobody: they must reach the maildirs through the temp dir.
    chmodSync(dir, 0o711);
    chownSync(mailDir, mailUid, mailGid);
  }
  const usersFile = path.join(dir, 'users');
  writeFileSync(usersFile, '');
  let certificate: string | null = null;
  if (options.tls) certificate = await makeCertificate(dir);
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : null;
  const logFile = path.join(dir, 'dovecot.log');
  writeFileSync(
    path.join(dir, 'dovecot.conf'),
    configuration({
      dir,
      port,
      tlsPort,
      usersFile,
      logFile,
      mailDir,
      mailUid,
      mailGid,
      isRoot,
      storage: options.storage ?? 'maildir',
    }),
  );

  const child = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readLog = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(killed);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForPort(child, port, START_TIMEOUT_MS);
    if (tlsPort) await waitForPort(child, tlsPort, START_TIMEOUT_MS);
  } catch (error) {
    const log = readLog();
    await stop();
    throw new Error(`Dovecot did not start: ${(error as Error).message}\n${output}\n${log}`);
  }

  const passwords = new Map<string, string>();
  const connect = async (user: string) => {
    const pass = passwords.get(user);
    if (pass === undefined) throw new Error(`No such Dovecot test user: ${user} (call addUser first)`);
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass },
      logger: false,
      connectionTimeout: 5_000,
    });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  const withClient = async <T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = await connect(user);
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };
  const ensureFolder = async (client: ImapFlow, folder: string) => {
    if (folder.toUpperCase() === 'INBOX') return;
    const existing = await client.list();
    if (!existing.some((f) => f.path === folder)) await client.mailboxCreate(folder);
  };

  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    certificate,
    async addUser(user, password = `pw-${user}`) {
      if (!/^[A-Za-z0-9._@+-]+$/.test(user)) throw new Error(`Unsafe Dovecot test user name: ${user}`);
      if (/[:\n]/.test(password)) throw new Error('A Dovecot test password cannot contain ":" or a newline');
      appendFileSync(usersFile, `${user}:{PLAIN}${password}\n`);
      passwords.set(user, password);
      return { user, password };
    },
    connect,
    append: (user, folder, raw, flags) =>
      withClient(user, async (client) => {
        await ensureFolder(client, folder);
        const result = await client.append(folder, typeof raw === 'string' ? Buffer.from(raw) : raw, flags ?? []);
        return result && typeof result === 'object' && typeof result.uid === 'number' ? result.uid : null;
      }),
    createFolder: (user, folder) => withClient(user, (client) => ensureFolder(client, folder)),
    folders: (user) => withClient(user, async (client) => (await client.list()).map((f) => f.path).sort()),
    messages: (user, folder) =>
      withClient(user, async (client) => {
        // Read-only (EXAMINE): looking must not change what the reader under test will see.
        const lock = await client.getMailboxLock(folder, { readOnly: true });
        try {
          const found: FolderMessage[] = [];
          const status = client.mailbox;
          if (!status || status.exists === 0) return found;
          for await (const m of client.fetch('1:*', { uid: true, flags: true, envelope: true, source: true })) {
            found.push({
              uid: m.uid,
              flags: [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort(),
              subject: m.envelope?.subject ?? '',
              messageId: m.envelope?.messageId ?? null,
              raw: m.source ?? Buffer.alloc(0),
            });
          }
          return found.sort((a, b) => a.uid - b.uid);
        } finally {
          lock.release();
        }
      }),
    log: readLog,
    stop,
  };
}

interface ConfigInput {
  dir: string;
  port: number;
  tlsPort: number | null;
  usersFile: string;
  logFile: string;
  mailDir: string;
  mailUid: number;
  mailGid: number;
  isRoot: boolean;
  storage: 'maildir' | 'mdbox';
}

function configuration(c: ConfigInput): string {
  const user = userInfo().username;
  const lines = [
    `base_dir = ${c.dir}/run`,
    `state_dir = ${c.dir}/state`,
    `instance_name = listonosz-test-${path.basename(c.dir)}`,
    `log_path = ${c.logFile}`,
    `info_log_path = ${c.logFile}`,
    'protocols = imap',
    // A throwaway server: no fsync per message (APPEND and MOVE of thousands of messages in the load tests).
    'mail_fsync = never',
    'listen = 127.0.0.1',
    'disable_plaintext_auth = no',
    // XOAUTH2 as Microsoft 365 and Google offer it; Dovecot checks the bearer token against the passdb as the
    // user's password, so a user added with password = access token logs in with that token.
    'auth_mechanisms = plain login xoauth2',
    // Tests try wrong passwords on purpose: no 2 s delay, no growing penalty for 127.0.0.1.
    'auth_failure_delay = 0',
    'login_trusted_networks = 127.0.0.0/8',
    'first_valid_uid = 1',
    `mail_uid = ${c.mailUid}`,
    `mail_gid = ${c.mailGid}`,
    `mail_location = ${c.storage}:${c.mailDir}/%u`,
    // IDLE reports new mail within a second even where inotify does not reach (the default re-check is 30 s).
    'mailbox_idle_check_interval = 1 secs',
    // Unprivileged, Dovecot runs every service as the current user.
    ...(c.isRoot ? [] : [`default_internal_user = ${user}`, `default_login_user = ${user}`]),
    'namespace inbox {',
    '  inbox = yes',
    '  separator = /',
    '}',
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${c.usersFile}`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = uid=${c.mailUid} gid=${c.mailGid} home=${c.mailDir}/%u`,
    '}',
    ...(c.tlsPort ? ['ssl = yes', `ssl_cert = <${c.dir}/cert.pem`, `ssl_key = <${c.dir}/key.pem`] : ['ssl = no']),
    'service imap-login {',
    '  inet_listener imap {',
    '    address = 127.0.0.1',
    `    port = ${c.port}`,
    '  }',
    '  inet_listener imaps {',
    '    address = 127.0.0.1',
    `    port = ${c.tlsPort ?? 0}`,
    ...(c.tlsPort ? ['    ssl = yes'] : []),
    '  }',
    ...(c.isRoot ? [] : ['  chroot =']),
    '}',
    'service anvil {',
    '  chroot =',
    '}',
    'service stats {',
    '  unix_listener stats-writer {',
    '    mode = 0666',
    '  }',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

function makeCertificate(dir: string): Promise<string> {
  const certFile = path.join(dir, 'cert.pem');
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1'];
  args.push('-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', certFile);
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { timeout: 15_000 }, (error, _out, stderr) => {
      if (error) reject(new Error(`openssl could not make the test certificate: ${stderr || error.message}`));
      else resolve(readFileSync(certFile, 'utf8'));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`it exited (${child.exitCode ?? child.signalCode})`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

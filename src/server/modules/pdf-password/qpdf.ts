import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Longest a single encryption may take (a big printout page set is still well under a second). */
const QPDF_TIMEOUT_MS = 30_000;

/**
 * PDF encryption with Debian's `qpdf` (D71): AES-256 (PDF 2.0 / R6), a user password to open the file, a random owner
 * password nobody keeps; printing allowed, changes not (text may be copied — screen readers need it). The passwords
 * go to qpdf in an argument file (mode 0600), never on its command line, where `ps` would show them.
 */
export interface PdfEncryptor {
  /** Whether the program runs here; asked once, then remembered. */
  available(): Promise<boolean>;
  encrypt(pdf: Uint8Array, userPassword: string): Promise<Buffer>;
}

function run(command: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: QPDF_TIMEOUT_MS, maxBuffer: 1 << 20 }, (err, _stdout, stderr) => {
      if (!err) return resolve({ code: 0, stderr });
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'number') return resolve({ code, stderr });
      reject(err);
    });
  });
}

export function createQpdfEncryptor(command = 'qpdf'): PdfEncryptor {
  let known: Promise<boolean> | null = null;
  return {
    available() {
      known ??= run(command, ['--version']).then(
        (r) => r.code === 0,
        () => false,
      );
      return known;
    },
    async encrypt(pdf, userPassword) {
      const dir = await mkdtemp(path.join(tmpdir(), 'listonosz-pdf-'));
      try {
        const input = path.join(dir, 'in.pdf');
        const output = path.join(dir, 'out.pdf');
        const argFile = path.join(dir, 'args');
        await writeFile(input, pdf, { mode: 0o600 });
        const owner = randomBytes(24).toString('hex');
        const args = ['--encrypt', userPassword, owner, '256', '--print=full', '--modify=none', '--extract=y', '--'];
        await writeFile(argFile, `${[...args, input, output].join('\n')}\n`, { mode: 0o600 });
        const r = await run(command, [`@${argFile}`]);
        // 3: done with warnings (a damaged input qpdf repaired); the output is still a whole, encrypted file.
        if (r.code !== 0 && r.code !== 3)
          throw new Error(`qpdf zakończył się kodem ${r.code}: ${r.stderr.slice(0, 300)}`);
        return await readFile(output);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

let shared: PdfEncryptor = createQpdfEncryptor();

/** The encryptor every message composition uses (compose.ts has no other way to get it). */
export const pdfEncryptor = (): PdfEncryptor => shared;

/** Set by the composition root from the configuration, and by tests that need qpdf to be missing. */
export function usePdfEncryptor(encryptor: PdfEncryptor): void {
  shared = encryptor;
}

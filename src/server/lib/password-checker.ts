import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ValidationError } from './errors.js';
import type { PasswordVerdict } from './password-strength.js';

/** A password is judged within this time or refused with a request to try again (normally tens of ms). */
const JUDGE_TIMEOUT_MS = 15_000;

export interface PasswordChecker {
  /** Throws a ValidationError naming `field` when the password is too easy to guess. */
  assertStrong(password: string, userInputs: string[], field: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Password strength off the main thread: one worker thread holds zxcvbn's ranked dictionaries (tens of MB, about
 * half a second to build), so neither the build nor a check stalls other requests; it exits when idle.
 */
export function createPasswordChecker(): PasswordChecker {
  // From source (tsx, vitest) the worker is TypeScript, loaded through a small .mjs entry that uses tsx's API.
  const fromSource = fileURLToPath(import.meta.url).endsWith('.ts');
  let pool: Piscina | null = null;
  const get = () => {
    pool ??= new Piscina({
      filename: new URL(
        fromSource ? './password-strength-worker-source.mjs' : './password-strength-worker.js',
        import.meta.url,
      ).href,
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: 60_000,
    });
    return pool;
  };
  return {
    async assertStrong(password, userInputs, field) {
      let verdict: PasswordVerdict;
      try {
        verdict = await get().run({ password, userInputs }, { signal: AbortSignal.timeout(JUDGE_TIMEOUT_MS) });
      } catch (err) {
        if (!(err instanceof Error && err.name === 'AbortError')) throw err;
        const message = 'Nie udało się w porę ocenić siły hasła — spróbuj ponownie za chwilę.';
        throw new ValidationError(message, [{ path: field, message }]);
      }
      if (!verdict.ok) {
        // The form shows the reason at the field; the summary above the form only points to it.
        const summary = 'Hasło jest zbyt łatwe do odgadnięcia — popraw zaznaczone pole.';
        throw new ValidationError(summary, [{ path: field, message: verdict.message }]);
      }
    },
    async close() {
      if (pool) await pool.destroy();
      pool = null;
    },
  };
}

import { ValidationError } from './errors.js';
import type { PasswordVerdict } from './password-strength.js';
import { lazyThreadPool } from './thread-pool.js';
import { workerEntry } from './workers.js';

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
  const pool = lazyThreadPool(workerEntry(import.meta.url, './password-strength-worker.js'), {
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
  });
  return {
    async assertStrong(password, userInputs, field) {
      let verdict: PasswordVerdict;
      try {
        verdict = await pool.get().run({ password, userInputs }, { signal: AbortSignal.timeout(JUDGE_TIMEOUT_MS) });
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
    close: () => pool.close(),
  };
}

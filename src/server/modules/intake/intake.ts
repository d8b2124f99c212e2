/** Pure rules of the intake (mail that arrives without a person): the send mode, the hour, the kind of file. */
import type { IntakeMode } from '../../../shared/intake.js';
import { officeDayStartIso } from '../../lib/dates.js';
import { ValidationError } from '../../lib/errors.js';

const STRICTNESS: Record<IntakeMode, number> = { now: 0, scheduled: 1, approval: 2 };

export const MODE_LABEL: Record<IntakeMode, string> = {
  now: 'wyślij od razu',
  scheduled: 'wyślij o ustalonej godzinie',
  approval: 'czekaj na zatwierdzenie w Robocze',
};

/** The mode an intake follows: the position's, or a stricter one asked for; a looser one is refused (D61). */
export function effectiveMode(position: IntakeMode, asked: IntakeMode | undefined): IntakeMode {
  if (!asked) return position;
  if (STRICTNESS[asked] < STRICTNESS[position]) {
    const message = `Stanowisko wymaga trybu „${MODE_LABEL[position]}”; można poprosić o tryb ostrzejszy, nie łagodniejszy („${MODE_LABEL[asked]}”).`;
    throw new ValidationError(message, [{ path: 'sendMode', message }]);
  }
  return asked;
}

/** The next moment at `HH:MM` Polish time, strictly after `now` (today's hour if still ahead, else tomorrow's). */
export function nextSendAt(now: Date, sendTime: string): string {
  const [h, m] = sendTime.split(':').map(Number) as [number, number];
  for (let days = 0; days < 3; days++) {
    const day = new Date(now.getTime() + days * 86_400_000);
    const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(day);
    const at = new Date(new Date(officeDayStartIso(ymd)).getTime() + (h * 60 + m) * 60_000);
    if (at.getTime() > now.getTime()) return at.toISOString();
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

export type IntakeKind = 'printout' | 'zip' | 'data';

/** What the file is, by its name: a printout PDF, a ZIP of PDFs or a data file; anything else is refused. */
export function kindOf(filename: string): IntakeKind {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.pdf')) return 'printout';
  if (lower.endsWith('.zip')) return 'zip';
  if (/\.(csv|xlsx|json)$/.test(lower)) return 'data';
  const message =
    'Nieobsługiwany rodzaj pliku — wyślij wydruk PDF, archiwum ZIP z PDF-ami albo plik danych CSV, XLSX lub JSON.';
  throw new ValidationError(message, [{ path: 'file', message }]);
}

/** A printout or ZIP needs its period; a data file carries its own. */
export function requirePeriod(kind: IntakeKind, period: string | null | undefined): string | null {
  if (kind === 'data') return period ?? null;
  if (!period) {
    const message = 'Podaj okres (RRRR-MM, np. 2027-01) — wydruk i ZIP go nie zawierają.';
    throw new ValidationError(message, [{ path: 'period', message }]);
  }
  return period;
}

/** Calendar checks shared by every date field (API schemas, document data, data-file imports). */
import { MONTHS_GENITIVE } from './format.js';

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Why year-month-day is not a day of the calendar, in Polish, or null when it is one:
 * 2026-02-30 → `Taki dzień nie istnieje: 30 lutego 2026.` — the form was right, the day is not.
 */
export function missingDayMessage(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return `Taki miesiąc nie istnieje: ${month} (miesiące mają numery 1–12).`;
  if (day < 1 || day > daysIn(year, month))
    return `Taki dzień nie istnieje: ${day} ${MONTHS_GENITIVE[month - 1]} ${year}.`;
  return null;
}

/** The same for `YYYY-MM-DD`; null also when the text is not in that form (the caller reports the form). */
export function missingDayOf(iso: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? missingDayMessage(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/**
 * Dates as the office sees them: calendar days in Poland (Europe/Warsaw), stored as UTC instants.
 */
export const OFFICE_TIME_ZONE = 'Europe/Warsaw';

const partsFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: OFFICE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of Warsaw from UTC at the given instant, in minutes (60 in winter, 120 in summer). */
function warsawOffsetMinutes(instant: number): number {
  const p = Object.fromEntries(partsFormatter.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The UTC instant (ISO) at which the Warsaw calendar day `YYYY-MM-DD` begins. */
export function officeDayStartIso(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d);
  // Two passes settle the offset even on the days the clocks change.
  let instant = naive - warsawOffsetMinutes(naive) * 60_000;
  instant = naive - warsawOffsetMinutes(instant) * 60_000;
  return new Date(instant).toISOString();
}

/** The UTC instant (ISO) at which the day after `YYYY-MM-DD` begins in Warsaw: an exclusive upper bound. */
export function officeDayEndIso(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return officeDayStartIso(next);
}

const dateTimeFormatter = new Intl.DateTimeFormat('pl-PL', {
  timeZone: OFFICE_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** "02.03.2026, 10:00:00" in Polish time, for documents and receipts. */
export function formatOfficeDateTime(iso: string): string {
  return dateTimeFormatter.format(new Date(iso));
}

/** Scheduled sending happens in Polish time: what a clerk types is a Warsaw wall-clock time, whatever the browser. */
export const OFFICE_TIME_ZONE = 'Europe/Warsaw';

const WALL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The Warsaw wall-clock parts of an instant. */
function wallParts(at: Date) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: OFFICE_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}:${get('second')}`,
  };
}

/** An instant as the Warsaw wall-clock text the date-and-time field holds (`YYYY-MM-DD HH:mm:ss`). */
export function isoToWarsaw(at: Date): string {
  const p = wallParts(at);
  return `${p.date} ${p.time}`;
}

/** Today's date in Warsaw (`YYYY-MM-DD`): the first day a message can be scheduled for. */
export function warsawToday(now: Date = new Date()): string {
  return wallParts(now).date;
}

/**
 * A Warsaw wall-clock time (`YYYY-MM-DD HH:mm[:ss]`, as the field gives it) as an ISO instant in UTC; null when it is
 * not a whole, real time. In the autumn hour that happens twice, the first one is taken.
 */
export function warsawToIso(value: string): string | null {
  const m = WALL.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s = '00'] = m.slice(1) as [string, string, string, string, string, string?];
  const wanted = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const check = new Date(wanted);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59) return null;
  // Warsaw is UTC+2 in summer and UTC+1 in winter: the instant whose Warsaw clock reads the typed time.
  const typed = `${y}-${mo}-${d} ${h}:${mi}:${s}`;
  for (const offsetHours of [2, 1]) {
    const at = new Date(wanted - offsetHours * 3_600_000);
    if (isoToWarsaw(at) === typed) return at.toISOString();
  }
  // A time skipped in spring (02:00–03:00): the same wall time one hour later.
  return new Date(wanted - 3_600_000).toISOString();
}

/** The suggested time to send at: an hour from now, rounded up to the full hour, in Warsaw. */
export function defaultSendAt(now: Date = new Date()): string {
  const at = new Date(now.getTime() + 3_600_000);
  at.setUTCMinutes(0, 0, 0);
  if (at.getTime() < now.getTime() + 3_600_000) at.setUTCHours(at.getUTCHours() + 1);
  return isoToWarsaw(at);
}

/** What is wrong with a time to send at: nothing, not given (or not whole), or already past. */
export function sendAtProblem(value: string, now: Date = new Date()): 'missing' | 'past' | null {
  const iso = warsawToIso(value);
  if (!iso) return 'missing';
  return new Date(iso).getTime() <= now.getTime() ? 'past' : null;
}

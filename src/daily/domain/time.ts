export type { TimezoneCheck } from './zones.ts';
export { searchTimezones, validateTimezone } from './zones.ts';

export interface TimeOfDay {
  hour: number;
  minute: number;
}

export type ParsedTime = ({ ok: true; text: string } & TimeOfDay) | { ok: false; error: string };

const EXAMPLE = 'e.g. 07:05 or 19:30';

/** Reads a 24-hour 'H:MM' or 'HH:MM' time; `text` is the normalised 'HH:MM'. */
export function parseTime(input: string): ParsedTime {
  const text = input.trim();
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (match === null) {
    if (/^\d{1,2}(:\d{2})?\s*[ap]\.?m\.?$/i.test(text)) {
      return { ok: false, error: `Use the 24-hour clock, ${EXAMPLE} (19:30 is 7:30 pm).` };
    }
    return { ok: false, error: `Write the time as HH:MM on the 24-hour clock, ${EXAMPLE}.` };
  }
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23) {
    return { ok: false, error: `The hour must be 00 to 23 (got ${match[1]}); midnight is 00:00.` };
  }
  if (minute > 59) return { ok: false, error: `The minutes must be 00 to 59 (got ${match[2]}).` };
  return { ok: true, hour, minute, text: formatTime({ hour, minute }) };
}

export function formatTime({ hour, minute }: TimeOfDay): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

// Building a DateTimeFormat costs far more than using one, and the scheduler asks often.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timezone, f);
  }
  return f;
}

function localParts(instant: Date, timezone: string): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const p of formatter(timezone).formatToParts(instant)) parts[p.type] = p.value;
  return parts;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date at `instant` in `timezone`, 'YYYY-MM-DD'. */
export function localDate(instant: Date, timezone: string): string {
  let f = dateFormatters.get(timezone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timezone, f);
  }
  // format() is several times faster than formatToParts(), and this runs for every schedule
  // on every tick; en-US dates read MM/DD/YYYY.
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(f.format(instant));
  if (m !== null) return `${m[3]}-${m[1]}-${m[2]}`;
  const p = localParts(instant, timezone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** e.g. '2026-03-08 03:00 EDT', for status messages and logs. */
export function formatLocal(instant: Date, timezone: string): string {
  const p = localParts(instant, timezone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** Calendar arithmetic on 'YYYY-MM-DD', free of any time zone. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const shifted = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days));
  return shifted.toISOString().slice(0, 10);
}

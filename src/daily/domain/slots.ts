import { Cron } from 'croner';
import type { Schedule } from './schedule.ts';
import { addDays, localDate, parseTime } from './time.ts';

type SlotRule = Pick<Schedule, 'time' | 'timezone'>;

// Local midnight is never earlier than 14 h before UTC midnight (UTC+14); start a bit before.
const EARLIEST_LOCAL_MIDNIGHT_MS = 15 * 3_600_000;

// croner parses a pattern per call (~0.1 ms); the scheduler asks for the same few days often.
const cache = new Map<string, number | null>();
const CACHE_LIMIT = 10_000;

/**
 * The instant of the post for `localDate` ('YYYY-MM-DD') under the schedule's time and zone,
 * or null if that local day has no such time at all (a zone that skipped a whole day).
 *
 * DST rules (croner's own for a fixed-time pattern, checked in tests/daily/slots.test.ts):
 * - a time inside a skipped hour posts at the first valid time after the gap, the same day
 *   (01:30 Europe/London on spring-forward day -> 02:00 BST = 01:00 UTC);
 * - a time in a repeated hour posts once, at its first occurrence (01:30 BST, not 01:30 GMT).
 * The pattern pins day, month and year, so croner cannot drift to another day.
 */
export function slotFor(schedule: SlotRule, date: string): Date | null {
  const key = `${schedule.time}|${schedule.timezone}|${date}`;
  let ms = cache.get(key);
  if (ms === undefined) {
    ms = computeSlot(schedule, date);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, ms);
  }
  return ms === null ? null : new Date(ms);
}

function computeSlot(schedule: SlotRule, date: string): number | null {
  const time = parseTime(schedule.time);
  if (!time.ok) throw new RangeError(`Invalid schedule time "${schedule.time}": ${time.error}`);
  const [year, month, day] = date.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) {
    throw new RangeError(`Invalid local date "${date}"`);
  }
  const pattern = `0 ${time.minute} ${time.hour} ${day} ${month} * ${year}`;
  const cron = new Cron(pattern, { timezone: schedule.timezone, paused: true, mode: '7-part' });
  const from = new Date(Date.UTC(year, month - 1, day) - EARLIEST_LOCAL_MIDNIGHT_MS);
  return cron.nextRun(from)?.getTime() ?? null;
}

/** The first slot strictly after `after`, whether or not it will be posted. */
export function nextSlot(schedule: SlotRule, after: Date): Date | null {
  const today = localDate(after, schedule.timezone);
  // From yesterday: local dates can in principle step back across a transition.
  for (let offset = -1; offset <= 7; offset++) {
    const slot = slotFor(schedule, addDays(today, offset));
    if (slot !== null && slot.getTime() > after.getTime()) return slot;
  }
  return null;
}

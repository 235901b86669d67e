import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduleInput } from '../../../src/daily/domain/schedule.ts';
import { slotFor } from '../../../src/daily/domain/slots.ts';
import { addDays } from '../../../src/daily/domain/time.ts';
import type { SendPost } from '../../../src/daily/runtime/scheduler.ts';
import { DailyScheduler } from '../../../src/daily/runtime/scheduler.ts';
import type { ScheduleStore } from '../../../src/daily/store.ts';
import { openSqliteStore } from '../../../src/store/sqlite/open.ts';
import { FakeClock, HOUR, MINUTE, makeTempDir, memoryLogger, removeDir, seededRandom } from '../helpers.ts';

/**
 * A year of daily posts driven by a fake clock, on a real SQLite file: ticks at each slot (as the
 * real timer would) and at random moments in between, random restarts (new scheduler, reopened
 * store), random downtimes under 6 h, one downtime over 6 h, random transient failures, and a
 * mid-year time change.
 */

const START = Date.parse('2026-01-01T00:00:00Z');
const END = Date.parse('2027-01-01T00:00:00Z');

const GUILDS: ScheduleInput[] = [
  { guildId: 'utc', channelId: 'c', time: '09:00', timezone: 'UTC' },
  { guildId: 'kolkata', channelId: 'c', time: '07:05', timezone: 'Asia/Kolkata' },
  { guildId: 'kolkata-midnight', channelId: 'c', time: '00:00', timezone: 'Asia/Kolkata' },
  { guildId: 'ny-gap', channelId: 'c', time: '02:30', timezone: 'America/New_York' },
  { guildId: 'ny-repeat', channelId: 'c', time: '01:30', timezone: 'America/New_York' },
  { guildId: 'london-repeat', channelId: 'c', time: '01:30', timezone: 'Europe/London' },
  { guildId: 'london-late', channelId: 'c', time: '23:45', timezone: 'Europe/London' },
  { guildId: 'changer', channelId: 'c', time: '09:00', timezone: 'UTC' },
];

/** After posting at 09:00 that day, 'changer' moves to 18:00. */
const CHANGE_AT = Date.parse('2026-06-15T12:00:00Z');
const CHANGED: ScheduleInput = { guildId: 'changer', channelId: 'c', time: '18:00', timezone: 'UTC' };

/** Worked out by hand from the 2026 DST rules, independently of the code under test. */
const DST_EXPECTED: Record<string, Record<string, string>> = {
  'ny-gap': {
    '2026-03-08': '2026-03-08T07:00:00.000Z', // 02:30 does not exist; 03:00 EDT
    '2026-11-01': '2026-11-01T07:30:00.000Z', // 02:30 EST, after the repeated hour
  },
  'ny-repeat': {
    '2026-03-08': '2026-03-08T06:30:00.000Z', // 01:30 EST, before the gap
    '2026-11-01': '2026-11-01T05:30:00.000Z', // first 01:30 (EDT), not 06:30Z (EST)
  },
  'london-repeat': {
    '2026-03-29': '2026-03-29T01:00:00.000Z', // 01:30 does not exist; 02:00 BST
    '2026-10-25': '2026-10-25T00:30:00.000Z', // first 01:30 (BST), not 01:30Z (GMT)
  },
  'london-late': {
    '2026-03-29': '2026-03-29T22:45:00.000Z',
    '2026-10-25': '2026-10-25T23:45:00.000Z',
  },
};

/** The one downtime over 6 h: only 'utc' has a slot in it (09:00Z), so only it skips a day. */
const LONG_DOWNTIME = { start: Date.parse('2026-07-10T08:00:00Z'), end: Date.parse('2026-07-10T16:00:00Z') };

interface Downtime {
  start: number;
  end: number;
}

interface Sent {
  guildId: string;
  localDate: string;
  at: number;
}

/** Days whose post time is checked exactly: no failures or downtimes are injected near them. */
const EXACT: Record<string, Record<string, string>> = {
  ...DST_EXPECTED,
  changer: { '2026-06-15': '2026-06-15T09:00:00.000Z', '2026-06-16': '2026-06-16T18:00:00.000Z' },
};

const exactInstants = Object.values(EXACT).flatMap((days) => Object.values(days).map((iso) => Date.parse(iso)));

function overlaps(a: Downtime, from: number, to: number): boolean {
  return a.start < to && from < a.end;
}

/** Short downtimes, kept clear of the DST-day slots, the long downtime and the time change. */
function randomDowntimes(random: () => number): Downtime[] {
  const result: Downtime[] = [];
  while (result.length < 40) {
    const start = START + Math.floor(random() * (END - START - 6 * HOUR));
    const d = { start, end: start + 5 * MINUTE + Math.floor(random() * (5 * HOUR + 50 * MINUTE)) };
    const clear =
      exactInstants.every((t) => !overlaps(d, t - 30 * MINUTE, t + 30 * MINUTE)) &&
      !overlaps(d, LONG_DOWNTIME.start - HOUR, LONG_DOWNTIME.end + HOUR) &&
      !overlaps(d, CHANGE_AT - HOUR, CHANGE_AT + HOUR) &&
      result.every((other) => !overlaps(d, other.start - HOUR, other.end + HOUR));
    if (clear) result.push(d);
  }
  return [...result, LONG_DOWNTIME].sort((a, b) => a.start - b.start);
}

function scheduleOn(guild: ScheduleInput, date: string): ScheduleInput {
  return guild.guildId === 'changer' && date > '2026-06-15' ? CHANGED : guild;
}

/** Every local date whose slot falls in the simulated year, with its slot. */
function expectedSlots(guild: ScheduleInput): Map<string, number> {
  const slots = new Map<string, number>();
  for (let date = '2025-12-30'; date <= '2027-01-02'; date = addDays(date, 1)) {
    const slot = slotFor(scheduleOn(guild, date), date)?.getTime();
    if (slot !== undefined && slot >= START && slot < END) slots.set(date, slot);
  }
  return slots;
}

describe('a simulated year', () => {
  let dir: string;
  let store: ScheduleStore;
  const sent: Sent[] = [];
  const failedOnce = new Set<string>();
  let downtimes: Downtime[];
  let restarts = 0;
  let ticks = 0;

  beforeAll(async () => {
    dir = makeTempDir();
    const random = seededRandom(20260101);
    downtimes = randomDowntimes(random);
    const clock = new FakeClock(new Date(START));
    const attempts = new Map<string, number>();
    const send: SendPost = async (schedule, localDate) => {
      const key = `${schedule.guildId} ${localDate}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const isExactDay = EXACT[schedule.guildId]?.[localDate] !== undefined;
      // Only first attempts fail, so the retry a minute later always succeeds.
      if (attempt === 1 && !isExactDay && random() < 0.03) {
        failedOnce.add(key);
        return { ok: false, kind: 'transient', reason: '502 Bad Gateway' };
      }
      sent.push({ guildId: schedule.guildId, localDate, at: clock.now().getTime() });
      return { ok: true, messageId: `m${sent.length}` };
    };
    const boot = () => {
      restarts++;
      store = openSqliteStore({ dataDir: dir });
      return new DailyScheduler({ clock, store, owner: `process-${restarts}`, send, logger: memoryLogger() });
    };

    let scheduler = boot();
    for (const guild of GUILDS) await store.upsertSchedule(guild, new Date(START));
    let changed = false;
    let nextDowntime = 0;
    let now = START;
    while (now < END) {
      clock.set(new Date(now));
      if (!changed && now >= CHANGE_AT) {
        await store.upsertSchedule(CHANGED, new Date(now));
        changed = true;
      }
      const down = downtimes[nextDowntime];
      if (down !== undefined && now >= down.start) {
        await store.close();
        now = down.end;
        clock.set(new Date(now));
        scheduler = boot();
        nextDowntime++;
      }
      await scheduler.tick();
      ticks++;
      if (random() < 0.02) {
        await store.close();
        scheduler = boot();
      }
      // Jump like the real timer would (to the next due post), or earlier at random.
      const wake = (await scheduler.nextWakeAt())?.getTime() ?? Infinity;
      const randomStep = now + MINUTE + Math.floor(random() * 180 * MINUTE);
      const event = Math.min(changed ? Infinity : CHANGE_AT, downtimes[nextDowntime]?.start ?? Infinity);
      now = Math.max(now + 1, Math.min(wake, randomStep, event));
    }
    await store.close();
    store = openSqliteStore({ dataDir: dir });
  }, 60_000);

  afterAll(async () => {
    await store.close();
    removeDir(dir);
  });

  it('ran with restarts and ticks', () => {
    expect(restarts).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThan(5_000);
  });

  it('sent exactly one post per local day per guild, none doubled', async () => {
    for (const guild of GUILDS) {
      const expected = expectedSlots(guild);
      expect(expected.size, guild.guildId).toBeGreaterThanOrEqual(364);
      const posts = await store.listPosts(guild.guildId);
      expect(
        posts.map((p) => p.localDate),
        guild.guildId,
      ).toEqual([...expected.keys()]);
      const skipped = posts.filter((p) => p.status !== 'sent');
      if (guild.guildId === 'utc') {
        expect(skipped.map((p) => [p.localDate, p.status])).toEqual([['2026-07-10', 'skipped']]);
      } else {
        expect(skipped, guild.guildId).toEqual([]);
      }
      const sentDates = sent.filter((s) => s.guildId === guild.guildId).map((s) => s.localDate);
      expect(new Set(sentDates).size, guild.guildId).toBe(sentDates.length);
      expect(sentDates.length, guild.guildId).toBe(posts.length - skipped.length);
    }
  });

  it('posted at the slot, or on restart within 6 h of it, or a minute later after a failure', () => {
    const bySlot = new Map(GUILDS.map((g) => [g.guildId, expectedSlots(g)]));
    let onTime = 0;
    for (const post of sent) {
      const slot = bySlot.get(post.guildId)?.get(post.localDate);
      if (slot === undefined) throw new Error(`unexpected post ${post.guildId} ${post.localDate}`);
      expect(post.at).toBeGreaterThanOrEqual(slot);
      expect(post.at).toBeLessThan(slot + 6 * HOUR);
      const downtime = downtimes.find((d) => slot >= d.start && slot < d.end);
      const failed = failedOnce.has(`${post.guildId} ${post.localDate}`);
      if (downtime === undefined && !failed) {
        expect(post.at, `${post.guildId} ${post.localDate}`).toBe(slot);
        onTime++;
      } else if (downtime !== undefined && !failed) {
        expect(post.at).toBe(downtime.end);
      }
    }
    expect(onTime).toBeGreaterThan(sent.length * 0.9);
    expect(failedOnce.size).toBeGreaterThan(20);
  });

  it('posted at the right instant on the DST days and around the time change', () => {
    for (const [guildId, days] of Object.entries(EXACT)) {
      for (const [localDate, iso] of Object.entries(days)) {
        const post = sent.find((s) => s.guildId === guildId && s.localDate === localDate);
        expect(post && new Date(post.at).toISOString(), `${guildId} ${localDate}`).toBe(iso);
      }
    }
  });

  it('applied the time change from the next slot without a second post that day', () => {
    const changer = sent.filter((s) => s.guildId === 'changer');
    const iso = (localDate: string) =>
      changer.filter((s) => s.localDate === localDate).map((s) => new Date(s.at).toISOString().slice(11, 16));
    expect(iso('2026-06-15')).toEqual(['09:00']);
    expect(iso('2026-06-16')).toEqual(['18:00']);
    expect(changer.filter((s) => s.localDate === '2026-06-15')).toHaveLength(1);
  });
});

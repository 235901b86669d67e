import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { permanentFailure } from '../../../src/adapters/discord/dailyAdapter.ts';
import { DEFAULT_POLICY, type Policy } from '../../../src/daily/domain/plan.ts';
import type { Schedule } from '../../../src/daily/domain/schedule.ts';
import type { Logger, SendPost } from '../../../src/daily/runtime/scheduler.ts';
import { DailyScheduler } from '../../../src/daily/runtime/scheduler.ts';
import type { SendResult } from '../../../src/daily/runtime/sendResult.ts';
import type { ScheduleStore } from '../../../src/daily/store.ts';
import { openSqliteStore } from '../../../src/store/sqlite/open.ts';
import { FakeClock, HOUR, MINUTE, makeTempDir, memoryLogger, removeDir } from '../helpers.ts';

const DAY1 = '2026-05-04';
const DAY2 = '2026-05-05';
const SLOT1 = `${DAY1}T09:00:00Z`;
const SLOT2 = `${DAY2}T09:00:00Z`;
const CREATED = '2026-05-04T00:00:00Z';

interface SendCall {
  guildId: string;
  localDate: string;
  at: string;
}

let dir: string;
let stores: ScheduleStore[];

beforeEach(() => {
  dir = makeTempDir();
  stores = [];
});

afterEach(async () => {
  for (const s of stores) await s.close();
  removeDir(dir);
});

function openStore(): ScheduleStore {
  const store = openSqliteStore({ dataDir: dir });
  stores.push(store);
  return store;
}

/** A scheduler on a fresh store connection, with a send that answers from `results` in turn. */
function setup(options: {
  clock: FakeClock;
  results?: (SendResult | Error)[];
  owner?: string;
  ownsGuild?: (guildId: string) => boolean;
  calls?: SendCall[];
  ownerGone?: (owner: string) => boolean;
  policy?: Partial<Policy>;
  /** Replaces the scripted send, e.g. with one that hangs until aborted. */
  send?: SendPost;
}) {
  const store = openStore();
  const calls = options.calls ?? [];
  const results = options.results ?? [];
  const logger = memoryLogger();
  let n = 0;
  const send: SendPost = async (schedule: Schedule, localDate: string) => {
    calls.push({ guildId: schedule.guildId, localDate, at: options.clock.now().toISOString() });
    const next = results[Math.min(n, results.length - 1)];
    n++;
    if (next instanceof Error) throw next;
    return next ?? { ok: true, messageId: `m${calls.length}` };
  };
  const scheduler = new DailyScheduler({
    clock: options.clock,
    store,
    owner: options.owner ?? 'p1',
    send: options.send ?? send,
    logger,
    ...(options.ownsGuild ? { ownsGuild: options.ownsGuild } : {}),
    ...(options.ownerGone ? { ownerGone: options.ownerGone } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
  });
  return { scheduler, store, calls, logger };
}

async function addSchedule(store: ScheduleStore, overrides: Partial<Schedule> = {}, at = CREATED) {
  return store.upsertSchedule(
    { guildId: 'g1', channelId: 'c1', time: '09:00', timezone: 'UTC', ...overrides },
    new Date(at),
  );
}

const ok = (messageId = 'm'): SendResult => ({ ok: true, messageId });
const transient = (reason = '503 Service Unavailable'): SendResult => ({ ok: false, kind: 'transient', reason });
const permanent = (code: number, reason: string): SendResult => permanentFailure(code, reason);

describe('posting at the slot', () => {
  it('posts once at the slot and not again that day', async () => {
    const clock = new FakeClock(`${DAY1}T08:59:00Z`);
    const { scheduler, store, calls } = setup({ clock });
    await addSchedule(store);
    expect(await scheduler.tick()).toEqual([]);
    clock.set(SLOT1);
    expect(await scheduler.tick()).toEqual([{ guildId: 'g1', localDate: DAY1, kind: 'sent', detail: 'm1' }]);
    await scheduler.tick();
    clock.advance(3 * HOUR);
    await scheduler.tick();
    expect(calls).toEqual([{ guildId: 'g1', localDate: DAY1, at: new Date(SLOT1).toISOString() }]);
    expect(await store.getPost('g1', DAY1)).toMatchObject({
      status: 'sent',
      messageId: 'm1',
      attempts: 1,
      owner: 'p1',
    });
    clock.set(SLOT2);
    await scheduler.tick();
    expect(calls.map((c) => c.localDate)).toEqual([DAY1, DAY2]);
  });

  it('reports status: next post, last post, last error', async () => {
    const clock = new FakeClock(`${DAY1}T08:00:00Z`);
    const { scheduler, store } = setup({ clock });
    expect(await scheduler.status('g1')).toEqual({
      schedule: undefined,
      nextPostAt: null,
      lastPost: undefined,
      lastError: undefined,
    });
    await addSchedule(store);
    expect((await scheduler.status('g1')).nextPostAt).toEqual(new Date(SLOT1));
    clock.set(SLOT1);
    await scheduler.tick();
    const status = await scheduler.status('g1');
    expect(status.nextPostAt).toEqual(new Date(SLOT2));
    expect(status.lastPost).toMatchObject({ localDate: DAY1, status: 'sent' });
    expect(status.schedule).toMatchObject({ time: '09:00', timezone: 'UTC', paused: false });
  });

  it("a schedule set after today's time first posts tomorrow", async () => {
    const clock = new FakeClock(`${DAY1}T10:00:00Z`);
    const { scheduler, store, calls } = setup({ clock });
    await addSchedule(store, {}, `${DAY1}T10:00:00Z`);
    await scheduler.tick();
    expect(calls).toEqual([]);
    expect((await scheduler.status('g1')).nextPostAt).toEqual(new Date(SLOT2));
  });
});

describe('catch-up after downtime', () => {
  it('posts once when first ticking within 6 hours of the slot', async () => {
    const clock = new FakeClock(`${DAY1}T14:59:59Z`);
    const { scheduler, store, calls } = setup({ clock });
    await addSchedule(store);
    await scheduler.tick();
    await scheduler.tick();
    clock.advance(MINUTE);
    await scheduler.tick();
    expect(calls).toEqual([{ guildId: 'g1', localDate: DAY1, at: `${DAY1}T14:59:59.000Z` }]);
  });

  it('skips the day, recorded and logged, when 6 hours or more late', async () => {
    const clock = new FakeClock(`${DAY1}T15:00:00Z`);
    const { scheduler, store, calls, logger } = setup({ clock });
    await addSchedule(store);
    const events = await scheduler.tick();
    expect(events).toMatchObject([{ guildId: 'g1', localDate: DAY1, kind: 'skipped' }]);
    expect(calls).toEqual([]);
    const post = await store.getPost('g1', DAY1);
    expect(post).toMatchObject({ status: 'skipped', owner: 'p1' });
    expect(post?.error).toMatch(/^missed: the bot was not running from 2026-05-04 09:00 UTC/);
    expect(logger.entries.some((e) => e.level === 'warn' && e.msg?.includes('skipped'))).toBe(true);
    expect((await scheduler.status('g1')).nextPostAt).toEqual(new Date(SLOT2));
    clock.set(SLOT2);
    await scheduler.tick();
    expect(calls.map((c) => c.localDate)).toEqual([DAY2]);
  });

  it('after days down, records only yesterday as skipped, then posts today', async () => {
    const clock = new FakeClock(`${DAY1}T10:00:00Z`);
    const { scheduler, store, calls } = setup({ clock });
    await addSchedule(store, {}, '2026-04-20T00:00:00Z');
    const events = await scheduler.tick();
    expect(events.map((e) => [e.kind, e.localDate])).toEqual([
      ['skipped', '2026-05-03'],
      ['sent', DAY1],
    ]);
    expect(calls).toHaveLength(1);
    expect((await store.listPosts('g1')).map((p) => p.localDate)).toEqual(['2026-05-03', DAY1]);
  });

  it('does not backfill days before the schedule existed', async () => {
    const clock = new FakeClock(`${DAY1}T20:00:00Z`);
    const { scheduler, store } = setup({ clock });
    await addSchedule(store, {}, `${DAY1}T12:00:00Z`);
    expect(await scheduler.tick()).toEqual([]);
    expect(await store.listPosts('g1')).toEqual([]);
  });
});

describe('permanent failures', () => {
  it('50013 pauses with the reason; upsertSchedule resumes; the next slot posts', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls } = setup({
      clock,
      results: [permanent(50013, 'Missing Permissions'), ok()],
    });
    await addSchedule(store);
    const events = await scheduler.tick();
    expect(events).toMatchObject([{ kind: 'paused', localDate: DAY1 }]);
    const schedule = await store.getSchedule('g1');
    expect(schedule?.paused).toBe(true);
    expect(schedule?.pauseReason).toBe(
      'the bot lacks permission to post in the channel (Discord error 50013: Missing Permissions)',
    );
    expect(await store.getPost('g1', DAY1)).toMatchObject({
      status: 'failed',
      error: 'Discord error 50013: Missing Permissions',
    });
    const status = await scheduler.status('g1');
    expect(status.nextPostAt).toBeNull();
    expect(status.lastError?.message).toBe('Discord error 50013: Missing Permissions');

    clock.set(SLOT2);
    await scheduler.tick();
    expect(calls).toHaveLength(1);

    clock.set(`${DAY2}T12:00:00Z`);
    await addSchedule(store, { channelId: 'c2' }, `${DAY2}T12:00:00Z`);
    expect((await store.getSchedule('g1'))?.paused).toBe(false);
    await scheduler.tick();
    expect(calls).toHaveLength(1); // today's slot was before the resume
    clock.set('2026-05-06T09:00:00Z');
    await scheduler.tick();
    expect(calls.map((c) => c.localDate)).toEqual([DAY1, '2026-05-06']);
  });

  it.each([10003, 50001])('%i pauses too', async (code) => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store } = setup({ clock, results: [permanent(code, 'nope')] });
    await addSchedule(store);
    await scheduler.tick();
    expect((await store.getSchedule('g1'))?.pauseReason).toContain(`Discord error ${code}`);
  });

  it('another permanent failure fails only that day', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls } = setup({ clock, results: [permanent(50035, 'Invalid Form Body'), ok()] });
    await addSchedule(store);
    expect(await scheduler.tick()).toMatchObject([{ kind: 'failed' }]);
    expect((await store.getSchedule('g1'))?.paused).toBe(false);
    clock.advance(30 * MINUTE);
    await scheduler.tick();
    clock.set(SLOT2);
    await scheduler.tick();
    expect(calls.map((c) => c.localDate)).toEqual([DAY1, DAY2]);
  });
});

describe('transient failures', () => {
  it('retries after a minute and succeeds, within the day', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls } = setup({ clock, results: [transient(), ok('m-ok')] });
    await addSchedule(store);
    expect(await scheduler.tick()).toMatchObject([{ kind: 'failed', detail: '503 Service Unavailable' }]);
    expect(await store.getPost('g1', DAY1)).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: new Date(`${DAY1}T09:01:00Z`),
    });
    expect((await scheduler.status('g1')).nextPostAt).toEqual(new Date(`${DAY1}T09:01:00Z`));
    clock.advance(30_000);
    await scheduler.tick();
    expect(calls).toHaveLength(1);
    clock.advance(30_000);
    expect(await scheduler.tick()).toMatchObject([{ kind: 'sent', detail: 'm-ok' }]);
    expect(await store.getPost('g1', DAY1)).toMatchObject({ status: 'sent', attempts: 2, messageId: 'm-ok' });
    expect((await store.getPost('g1', DAY1))?.nextAttemptAt).toBeUndefined();
  });

  it('tries at +0, +1, +6 and +21 minutes, then stops; a throwing send counts as transient', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls } = setup({ clock, results: [new Error('socket hang up'), transient()] });
    await addSchedule(store);
    for (let minute = 0; minute <= 120; minute++) {
      clock.set(new Date(new Date(SLOT1).getTime() + minute * MINUTE));
      await expect(scheduler.tick()).resolves.toBeDefined();
    }
    expect(calls.map((c) => c.at.slice(11, 16))).toEqual(['09:00', '09:01', '09:06', '09:21']);
    const post = await store.getPost('g1', DAY1);
    expect(post).toMatchObject({ status: 'failed', attempts: 4, error: '503 Service Unavailable (no retries left)' });
    expect(post?.nextAttemptAt).toBeUndefined();
    expect((await scheduler.status('g1')).nextPostAt).toEqual(new Date(SLOT2));
  });

  it('a restarted process picks up the pending retry from the database', async () => {
    const clock = new FakeClock(SLOT1);
    const first = setup({ clock, results: [transient()], owner: 'old' });
    await addSchedule(first.store);
    await first.scheduler.tick();
    await first.store.close();
    clock.set(`${DAY1}T09:02:00Z`);
    const second = setup({ clock, owner: 'new' });
    await second.scheduler.tick();
    expect(second.calls).toHaveLength(1);
    expect(await second.store.getPost('g1', DAY1)).toMatchObject({ status: 'sent', owner: 'new', attempts: 2 });
  });

  it('gives up a retry whose window closed while the bot was down', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls } = setup({ clock, results: [transient(), ok()] });
    await addSchedule(store);
    await scheduler.tick();
    clock.set(`${DAY1}T15:30:00Z`);
    expect(await scheduler.tick()).toMatchObject([{ kind: 'gave-up', localDate: DAY1 }]);
    expect(calls).toHaveLength(1);
    expect((await store.getPost('g1', DAY1))?.nextAttemptAt).toBeUndefined();
  });
});

describe('changing the time', () => {
  it('never posts twice the same local day', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls } = setup({ clock });
    await addSchedule(store);
    await scheduler.tick();
    clock.set(`${DAY1}T12:00:00Z`);
    await addSchedule(store, { time: '18:00' }, `${DAY1}T12:00:00Z`);
    clock.set(`${DAY1}T18:00:00Z`);
    await scheduler.tick();
    expect(calls).toHaveLength(1);
    expect((await scheduler.status('g1')).nextPostAt).toEqual(new Date(`${DAY2}T18:00:00Z`));
    clock.set(`${DAY2}T18:00:00Z`);
    await scheduler.tick();
    expect(calls.map((c) => c.at)).toEqual([new Date(SLOT1).toISOString(), `${DAY2}T18:00:00.000Z`]);
  });

  it('takes effect from the next slot: a new time already past today waits for tomorrow', async () => {
    const clock = new FakeClock(`${DAY1}T12:00:00Z`);
    const { scheduler, store, calls } = setup({ clock });
    await addSchedule(store, { time: '15:00' });
    await addSchedule(store, { time: '10:00' }, `${DAY1}T12:00:00Z`);
    await scheduler.tick();
    clock.set(`${DAY1}T15:00:00Z`);
    await scheduler.tick();
    expect(calls).toEqual([]);
    clock.set(`${DAY2}T10:00:00Z`);
    await scheduler.tick();
    expect(calls.map((c) => c.localDate)).toEqual([DAY2]);
  });

  it('a new time zone that reaches the same local date does not post it again', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls } = setup({ clock });
    await addSchedule(store);
    await scheduler.tick(); // 2026-05-04 posted (UTC)
    clock.set(`${DAY1}T10:00:00Z`);
    // 20:00 in Kolkata is 14:30 UTC, still 2026-05-04 there.
    await addSchedule(store, { time: '20:00', timezone: 'Asia/Kolkata' }, `${DAY1}T10:00:00Z`);
    clock.set(`${DAY1}T14:30:00Z`);
    await scheduler.tick();
    expect(calls).toHaveLength(1);
  });
});

describe('/daily now', () => {
  it("posts at once and counts as today's post", async () => {
    const clock = new FakeClock(`${DAY1}T07:00:00Z`);
    const { scheduler, store, calls } = setup({ clock });
    await addSchedule(store);
    expect(await scheduler.postNow('g1')).toEqual({
      kind: 'sent',
      localDate: DAY1,
      messageId: 'm1',
      stillPaused: false,
    });
    expect((await scheduler.status('g1')).nextPostAt).toEqual(new Date(SLOT2));
    clock.set(SLOT1);
    await scheduler.tick();
    expect(calls).toHaveLength(1);
    const again = await scheduler.postNow('g1');
    expect(again).toMatchObject({ kind: 'already-posted', localDate: DAY1, post: { status: 'sent' } });
    clock.set(SLOT2);
    await scheduler.tick();
    expect(calls.map((c) => c.localDate)).toEqual([DAY1, DAY2]);
  });

  it("uses today in the schedule's zone", async () => {
    const clock = new FakeClock(`${DAY1}T20:00:00Z`);
    const { scheduler, store } = setup({ clock });
    await addSchedule(store, { timezone: 'Asia/Kolkata' });
    expect(await scheduler.postNow('g1')).toMatchObject({ kind: 'sent', localDate: DAY2 });
  });

  it('needs a schedule; works while paused without resuming', async () => {
    const clock = new FakeClock(`${DAY1}T07:00:00Z`);
    const { scheduler, store } = setup({ clock });
    expect(await scheduler.postNow('g1')).toEqual({ kind: 'no-schedule' });
    await addSchedule(store);
    await store.pause('g1', 'the channel no longer exists', clock.now());
    expect(await scheduler.postNow('g1')).toMatchObject({ kind: 'sent', stillPaused: true });
    expect((await store.getSchedule('g1'))?.paused).toBe(true);
  });

  it('may post a day that was skipped', async () => {
    const clock = new FakeClock(`${DAY1}T16:00:00Z`);
    const { scheduler, store, calls } = setup({ clock });
    await addSchedule(store);
    await scheduler.tick();
    expect((await store.getPost('g1', DAY1))?.status).toBe('skipped');
    expect(await scheduler.postNow('g1')).toMatchObject({ kind: 'sent', localDate: DAY1 });
    expect(calls).toHaveLength(1);
  });

  it('a transient failure is retried by the scheduler', async () => {
    const clock = new FakeClock(`${DAY1}T07:00:00Z`);
    const { scheduler, store, calls } = setup({ clock, results: [transient(), ok()] });
    await addSchedule(store);
    expect(await scheduler.postNow('g1')).toMatchObject({
      kind: 'failed',
      permanent: false,
      paused: false,
      retryAt: new Date(`${DAY1}T07:01:00Z`),
    });
    clock.set(`${DAY1}T07:01:00Z`);
    await scheduler.tick();
    clock.set(SLOT1);
    await scheduler.tick();
    expect(calls.map((c) => c.at)).toEqual([`${DAY1}T07:00:00.000Z`, `${DAY1}T07:01:00.000Z`]);
    expect((await store.getPost('g1', DAY1))?.status).toBe('sent');
  });
});

describe('robustness', () => {
  it('one broken schedule does not stop the others, and tick does not throw', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls } = setup({ clock });
    await addSchedule(store, { guildId: 'bad', timezone: 'Mars/Olympus' });
    await addSchedule(store, { guildId: 'good' });
    const events = await scheduler.tick();
    expect(events).toMatchObject([
      { guildId: 'bad', kind: 'error' },
      { guildId: 'good', kind: 'sent' },
    ]);
    expect(calls.map((c) => c.guildId)).toEqual(['good']);
    expect((await store.lastError('bad'))?.message).toMatch(/daily post check failed/);
  });

  it('posts only for guilds this process holds', async () => {
    const clock = new FakeClock(SLOT1);
    const calls: SendCall[] = [];
    const even = setup({ clock, calls, owner: 'even', ownsGuild: (g) => Number(g.slice(1)) % 2 === 0 });
    const odd = setup({ clock, calls, owner: 'odd', ownsGuild: (g) => Number(g.slice(1)) % 2 === 1 });
    for (let i = 0; i < 6; i++) await addSchedule(even.store, { guildId: `g${i}` });
    await even.scheduler.tick();
    expect(calls.map((c) => c.guildId)).toEqual(['g0', 'g2', 'g4']);
    await odd.scheduler.tick();
    expect(calls.map((c) => c.guildId).sort()).toEqual(['g0', 'g1', 'g2', 'g3', 'g4', 'g5']);
  });
});

describe('unconfirmed claims (the process died or hung mid-send)', () => {
  const LEASE = DEFAULT_POLICY.claimLeaseMs;

  it('a claim never finished is resent once its lease ends, and then counts as sent', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls, logger } = setup({ clock });
    await addSchedule(store);
    await store.claimPost('g1', DAY1, 'crashed', clock.now());
    clock.advance(LEASE - 1_000);
    expect(await scheduler.tick()).toEqual([]);
    // The timer wakes for the lease's end rather than the next slot.
    expect(await scheduler.nextWakeAt()).toEqual(new Date(new Date(SLOT1).getTime() + LEASE));
    clock.advance(1_000);
    expect(await scheduler.tick()).toEqual([{ guildId: 'g1', localDate: DAY1, kind: 'sent', detail: 'm1' }]);
    expect(await store.getPost('g1', DAY1)).toMatchObject({ status: 'sent', owner: 'p1', attempts: 2 });
    expect(logger.entries.map((e) => e.msg)).toContain('daily post: resending an attempt that was never confirmed');
    clock.advance(HOUR);
    await scheduler.tick();
    expect(calls).toHaveLength(1);
  });

  it('a claim whose owner is known to be gone is resent at once', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls } = setup({ clock, ownerGone: (owner) => owner === 'killed' });
    await addSchedule(store);
    await store.claimPost('g1', DAY1, 'killed', clock.now());
    await store.claimPost('g1', DAY2, 'alive', clock.now());
    clock.advance(1_000);
    expect(await scheduler.nextWakeAt()).toEqual(clock.now());
    expect(await scheduler.tick()).toMatchObject([{ localDate: DAY1, kind: 'sent' }]);
    expect(calls.map((c) => c.localDate)).toEqual([DAY1]);
  });

  it('two schedulers resending the same unconfirmed claim send it once', async () => {
    const clock = new FakeClock(SLOT1);
    const calls: SendCall[] = [];
    const a = setup({ clock, calls, owner: 'a' });
    const b = setup({ clock, calls, owner: 'b' });
    await addSchedule(a.store);
    await a.store.claimPost('g1', DAY1, 'crashed', clock.now());
    clock.advance(LEASE);
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(calls).toHaveLength(1);
  });

  it('past the de-dup window it is not resent: the day is unconfirmed and status says it may be missing', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls } = setup({ clock });
    await addSchedule(store);
    await store.claimPost('g1', DAY1, 'crashed', clock.now());
    // The bot was down longer than Discord matches a nonce.
    clock.advance(DEFAULT_POLICY.dedupWindowMs);
    expect(await scheduler.nextWakeAt()).toEqual(new Date(SLOT2));
    expect(await scheduler.tick()).toMatchObject([{ kind: 'interrupted', localDate: DAY1 }]);
    const post = await store.getPost('g1', DAY1);
    expect(post).toMatchObject({ status: 'unconfirmed', owner: 'crashed' });
    expect(post?.error).toBe(
      'may be missing: the attempt was never confirmed and is not resent, as its attempt is over 2 min old, too late to resend without risking a duplicate',
    );
    expect((await store.lastError('g1'))?.message).toMatch(/^daily post for 2026-05-04 may be missing/);
    expect((await scheduler.status('g1')).lastPost?.status).toBe('unconfirmed');
    clock.advance(HOUR);
    await scheduler.tick();
    expect(calls).toEqual([]);
  });

  it('with its retries used up it is not resent either', async () => {
    const clock = new FakeClock(SLOT1);
    const { scheduler, store, calls } = setup({ clock, policy: { retryDelaysMs: [] } });
    await addSchedule(store);
    await store.claimPost('g1', DAY1, 'crashed', clock.now());
    clock.advance(LEASE);
    expect(await scheduler.tick()).toMatchObject([{ kind: 'interrupted', localDate: DAY1 }]);
    expect((await store.getPost('g1', DAY1))?.error).toMatch(/as no retries left after 1 attempts$/);
    expect(calls).toEqual([]);
  });

  it('stop() aborts a hanging send and releases its claim; the next process resends it at once', async () => {
    const clock = new FakeClock(SLOT1);
    const signals: AbortSignal[] = [];
    const hanging: SendPost = (_schedule, _date, signal) =>
      new Promise((resolve) => {
        signals.push(signal);
        signal.addEventListener('abort', () => resolve(transient('aborted')));
      });
    const first = setup({ clock, owner: 'stopping', send: hanging });
    await addSchedule(first.store);
    const ticking = first.scheduler.tick();
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    clock.advance(1_000);
    await first.scheduler.stop();
    expect(await ticking).toMatchObject([{ kind: 'abandoned', localDate: DAY1 }]);
    expect(await first.store.getPost('g1', DAY1)).toMatchObject({
      status: 'claimed',
      owner: 'stopping',
      leaseUntil: clock.now(),
    });
    expect(first.logger.entries.filter((e) => e.level === 'warn').map((e) => e.msg)).toEqual([
      'daily post abandoned: the bot is shutting down; the next start sends it',
    ]);

    const second = setup({ clock, owner: 'next' });
    expect(await second.scheduler.tick()).toMatchObject([{ kind: 'sent', localDate: DAY1 }]);
    expect(await second.store.getPost('g1', DAY1)).toMatchObject({ status: 'sent', owner: 'next', attempts: 2 });
  });

  it('a send that outlives the send timeout is aborted and retried like any transient failure', async () => {
    const clock = new FakeClock(SLOT1);
    let aborted = false;
    const hanging: SendPost = (_schedule, _date, signal) =>
      new Promise((resolve) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          resolve(transient('timed out'));
        });
      });
    const { scheduler, store } = setup({ clock, send: hanging, policy: { sendTimeoutMs: 20, claimLeaseMs: 1_000 } });
    await addSchedule(store);
    expect(await scheduler.tick()).toMatchObject([{ kind: 'failed', detail: 'timed out' }]);
    expect(aborted).toBe(true);
    expect(await store.getPost('g1', DAY1)).toMatchObject({
      status: 'failed',
      nextAttemptAt: new Date(`${DAY1}T09:01:00Z`),
    });
  });

  it('refuses a lease no longer than the send timeout, which would let a live send be resent', () => {
    expect(() =>
      setup({ clock: new FakeClock(SLOT1), policy: { sendTimeoutMs: 60_000, claimLeaseMs: 60_000 } }),
    ).toThrow(/claimLeaseMs must be longer than sendTimeoutMs/);
  });
});

describe('concurrency', () => {
  it('two schedulers on two connections to one file, ticked at the same instant, post once', async () => {
    const clock = new FakeClock(SLOT1);
    const calls: SendCall[] = [];
    const a = setup({ clock, calls, owner: 'a' });
    const b = setup({ clock, calls, owner: 'b' });
    for (let i = 0; i < 20; i++) await addSchedule(a.store, { guildId: `g${i}` });
    await Promise.all([a.scheduler.tick(), b.scheduler.tick(), a.scheduler.tick(), b.scheduler.tick()]);
    expect(calls).toHaveLength(20);
    expect(new Set(calls.map((c) => c.guildId)).size).toBe(20);
    for (let i = 0; i < 20; i++) {
      const post = await b.store.getPost(`g${i}`, DAY1);
      expect(post).toMatchObject({ status: 'sent', attempts: 1 });
      expect(['a', 'b']).toContain(post?.owner);
    }
  });

  it('concurrent /daily now and the slot post once', async () => {
    const clock = new FakeClock(SLOT1);
    const calls: SendCall[] = [];
    const a = setup({ clock, calls, owner: 'a' });
    const b = setup({ clock, calls, owner: 'b' });
    await addSchedule(a.store);
    const [, now] = await Promise.all([a.scheduler.tick(), b.scheduler.postNow('g1')]);
    expect(calls).toHaveLength(1);
    expect(['sent', 'already-posted']).toContain(now.kind);
  });
});

describe('timer', () => {
  it('start() ticks at once (catching up), stop() waits for it', async () => {
    const clock = { now: () => new Date() };
    const store = openStore();
    const now = Date.now();
    const slot = new Date(now - MINUTE);
    const time = `${String(slot.getUTCHours()).padStart(2, '0')}:${String(slot.getUTCMinutes()).padStart(2, '0')}`;
    await store.upsertSchedule({ guildId: 'g1', channelId: 'c', time, timezone: 'UTC' }, new Date(now - 2 * HOUR));
    const send = vi.fn<SendPost>(async () => ok());
    const logger = memoryLogger();
    const scheduler = new DailyScheduler({ clock, store, owner: 'real', send, logger, maxTimerDelayMs: 50 });
    scheduler.start();
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await scheduler.stop();
    expect(send).toHaveBeenCalledTimes(1);
    expect(logger.entries.some((e) => e.msg === 'daily scheduler started')).toBe(true);
  });

  it('logs through a pino logger', async () => {
    const lines: string[] = [];
    const logger: Logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const scheduler = new DailyScheduler({
      clock: { now: () => new Date() },
      store: openStore(),
      owner: 'pino',
      send: async () => ok(),
      logger,
    });
    scheduler.start();
    await scheduler.stop();
    expect(lines.map((l) => JSON.parse(l).msg)).toContain('daily scheduler started');
  });
});

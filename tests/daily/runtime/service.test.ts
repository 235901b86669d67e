import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { permanentFailure } from '../../../src/adapters/discord/dailyAdapter.ts';
import { renderReply } from '../../../src/adapters/discord/render.ts';
import { dailyPost, rotationIndex } from '../../../src/daily/domain/post.ts';
import type { DailyService } from '../../../src/daily/runtime/dailyService.ts';
import { DailyScheduler } from '../../../src/daily/runtime/scheduler.ts';
import type { SendResult } from '../../../src/daily/runtime/sendResult.ts';
import { createDailyService, relative } from '../../../src/daily/runtime/service.ts';
import type { ScheduleStore } from '../../../src/daily/store.ts';
import { openSqliteStore } from '../../../src/store/sqlite/open.ts';
import { rotationItems } from '../../../src/summary/buildSummary.ts';
import { expectWithinDiscordLimits } from '../../discordLimits.ts';
import { engine } from '../../helpers.ts';
import { FakeClock, makeTempDir, memoryLogger, removeDir } from '../helpers.ts';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000002';

describe('the daily service behind /daily', () => {
  let dir: string;
  let store: ScheduleStore;
  let clock: FakeClock;
  let sent: Array<{ channelId: string; localDate: string }>;
  let nextResult: SendResult | undefined;
  let channelProblem: string | undefined;
  let service: DailyService;
  let scheduler: DailyScheduler;

  beforeEach(() => {
    dir = makeTempDir();
    store = openSqliteStore({ dataDir: dir });
    clock = new FakeClock('2026-11-24T12:00:00Z');
    sent = [];
    nextResult = undefined;
    channelProblem = undefined;
    scheduler = new DailyScheduler({
      clock,
      store,
      owner: 'test',
      logger: memoryLogger(),
      send: async (schedule, localDate) => {
        sent.push({ channelId: schedule.channelId, localDate });
        return nextResult ?? { ok: true, messageId: `m-${localDate}` };
      },
    });
    service = createDailyService({
      knowledge: engine,
      store,
      scheduler,
      now: () => clock.now(),
      checkChannel: async () => channelProblem,
    });
  });

  afterEach(async () => {
    await store.close();
    removeDir(dir);
  });

  it('schedules a post and says when the next one is, in the guild’s zone and relative to now', async () => {
    const reply = await service.set(GUILD, { channelId: CHANNEL, time: '9:00', timezone: 'Asia/Kolkata' });
    expect(reply.title).toBe('Daily summary scheduled');
    // 12:00 UTC is 17:30 in Kolkata, so the next 09:00 there is tomorrow, 03:30 UTC.
    expect(reply.text).toContain('Next post: 2026-11-25 09:00 GMT+5:30, in 15 h 30 min.');
    const status = await service.status(GUILD);
    expect(status.fields?.find((f) => f.name === 'Next post')?.value).toBe('2026-11-25 09:00 GMT+5:30, in 15 h 30 min');
    expect(status.fields?.find((f) => f.name === 'Time')?.value).toBe('09:00 Asia/Kolkata');
  });

  it('defaults to UTC', async () => {
    await service.set(GUILD, { channelId: CHANNEL, time: '18:00' });
    expect((await store.getSchedule(GUILD))?.timezone).toBe('UTC');
  });

  it.each([
    [{ time: '24:00' }, /hour must be 00 to 23/],
    [{ time: '7pm' }, /24-hour clock/],
    [{ time: '09:00', timezone: 'Asia/Kolkatta' }, /Unknown time zone "Asia\/Kolkatta". Did you mean Asia\/Kolkata/],
  ])('rejects %j with a clear message', async (input, message) => {
    const reply = await service.set(GUILD, { channelId: CHANNEL, ...input });
    expect(reply.text).toMatch(message);
    expect(reply.ephemeral).toBe(true);
    expect(await store.getSchedule(GUILD)).toBeUndefined();
  });

  it('refuses a channel the bot cannot post in, naming what is missing', async () => {
    channelProblem = 'I need Embed Links in <#200000000000000002> to post there.';
    const reply = await service.set(GUILD, { channelId: CHANNEL, time: '09:00' });
    expect(reply.text).toBe(channelProblem);
    expect(await store.getSchedule(GUILD)).toBeUndefined();
  });

  it('posts now as today’s post, once', async () => {
    await service.set(GUILD, { channelId: CHANNEL, time: '23:00' });
    expect((await service.now(GUILD)).text).toContain("Posted today's summary (2026-11-24)");
    expect((await service.now(GUILD)).text).toBe("Today's summary (2026-11-24) is already posted.");
    expect(sent).toEqual([{ channelId: CHANNEL, localDate: '2026-11-24' }]);
    expect((await service.status(GUILD)).fields?.find((f) => f.name === 'Last post')?.value).toBe('2026-11-24: sent');
  });

  it('says a post that was never confirmed may be missing, and /daily now can post it', async () => {
    await service.set(GUILD, { channelId: CHANNEL, time: '11:00', timezone: 'Europe/Berlin' });
    // 11:00 in Berlin is 10:00 UTC: a process claimed it then and died; 2 h later it is too late to resend.
    await store.claimPost(GUILD, '2026-11-24', 'crashed', new Date('2026-11-24T10:00:00Z'));
    const lastPost = async () => (await service.status(GUILD)).fields?.find((f) => f.name === 'Last post')?.value;
    expect(await lastPost()).toBe('2026-11-24: being sent');
    await scheduler.tick();
    expect(await lastPost()).toBe(
      '2026-11-24: may be missing: the attempt was never confirmed and is not resent, as its attempt is over 2 min old, too late to resend without risking a duplicate. Check the channel; /daily now posts it if it is not there.',
    );
    expect(sent).toEqual([]);
    expect((await service.now(GUILD)).text).toContain("Posted today's summary (2026-11-24)");
    expect(sent).toEqual([{ channelId: CHANNEL, localDate: '2026-11-24' }]);
  });

  it('pauses on missing permissions, shows why, and resumes on /daily set', async () => {
    await service.set(GUILD, { channelId: CHANNEL, time: '23:00' });
    nextResult = permanentFailure(50013, 'Missing Permissions');
    expect((await service.now(GUILD)).text).toMatch(/Could not post: .*50013.*paused until \/daily set/);
    const paused = await service.status(GUILD);
    expect(paused.fields?.find((f) => f.name === 'State')?.value).toMatch(/^Paused: the bot lacks permission/);
    expect(paused.fields?.find((f) => f.name === 'Next post')?.value).toBe('None while paused');
    const resumed = await service.set(GUILD, { channelId: CHANNEL, time: '23:00' });
    expect(resumed.text).toContain('The schedule was paused; it is running again.');
    expect((await service.status(GUILD)).fields?.find((f) => f.name === 'State')?.value).toBe('Running');
  });

  it('stops, and says so when there was nothing to stop', async () => {
    expect((await service.now(GUILD)).text).toMatch(/Set a schedule first/);
    await service.set(GUILD, { channelId: CHANNEL, time: '09:00' });
    expect((await service.off(GUILD)).title).toBe('Daily summary stopped');
    expect((await service.off(GUILD)).text).toBe('No daily summary is scheduled in this server.');
    expect((await service.status(GUILD)).text).toBe(
      'No daily summary is scheduled. An admin can start one with /daily set.',
    );
    expect((await service.now(GUILD)).text).toBe('Daily posts are turned off here. Start them again with /daily set.');
    expect(sent).toEqual([]);
  });

  it('keeps a stopped schedule stopped, so a DAILY_* default cannot revive it on restart, until /daily set', async () => {
    await service.set(GUILD, { channelId: CHANNEL, time: '09:00' });
    await service.off(GUILD);
    // src/main.ts seeds the .env default only when the guild has no schedule row at all.
    expect(await store.getSchedule(GUILD)).toMatchObject({ paused: true, pauseReason: 'turned off with /daily off' });
    const again = await service.set(GUILD, { channelId: CHANNEL, time: '10:00' });
    expect(again.text).not.toContain('was paused');
    expect(await store.getSchedule(GUILD)).toMatchObject({ paused: false, time: '10:00' });
  });

  it('previews today’s post privately', async () => {
    const preview = await service.preview(GUILD);
    expect(preview.ephemeral).toBe(true);
    expect(preview.title).toBe('Daily brief · India Myanmar Rare Earths');
  });

  it('autocompletes time zones', () => {
    expect(service.timezones('kolk')[0]).toEqual({ name: 'Asia/Kolkata', value: 'Asia/Kolkata' });
  });
});

describe('the daily post', () => {
  const items = rotationItems(engine.kb);

  it('shows every "From the report" item once before any repeats, and never the same two days running', () => {
    const days = Array.from({ length: items.length * 2 }, (_, i) =>
      new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
    );
    const picks = days.map((d) => rotationIndex(d, items.length));
    expect(new Set(picks.slice(0, items.length)).size).toBe(items.length);
    for (let i = 1; i < picks.length; i++) expect(picks[i]).not.toBe(picks[i - 1]);
  });

  it('differs from one day to the next, fits one embed, pings nobody, and leaves out the disclaimer and the advert', () => {
    const today = dailyPost(engine.kb, '2026-11-24');
    const tomorrow = dailyPost(engine.kb, '2026-11-25');
    expect(JSON.stringify(today)).not.toBe(JSON.stringify(tomorrow));
    for (let i = 0; i < items.length; i++) {
      const post = dailyPost(engine.kb, new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
      const text = JSON.stringify(post);
      expect(text).not.toMatch(/publicly available reports|imply endorsement|hotel|Bjanka|ski slopes/i);
      expect(post.fields?.map((f) => f.name).slice(0, 3)).toEqual([
        'Key findings',
        'Key numbers',
        'Latest on the timeline',
      ]);
      expect(post.fields?.[1]?.value).toContain('China 85%');
      expectWithinDiscordLimits(renderReply(post));
    }
  });
});

describe('relative times', () => {
  it.each([
    [90 * 60_000, 'in 1 h 30 min'],
    [-5 * 60_000, '5 min ago'],
    [26 * 3_600_000, 'in 1 d 2 h'],
    [10_000, 'less than a minute'.replace(/^/, 'in ')],
  ])('%i ms reads "%s"', (ms, text) => expect(relative(ms)).toBe(text));
});

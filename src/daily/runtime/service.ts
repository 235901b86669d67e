import type { AutocompleteChoice } from '../../bot/command.ts';
import type { KnowledgeSource } from '../../knowledge/knowledgeBase.ts';
import type { Reply } from '../../reply/types.ts';
import { dailyPost } from '../domain/post.ts';
import type { PostRecord } from '../domain/schedule.ts';
import { formatLocal, localDate, parseTime, searchTimezones, validateTimezone } from '../domain/time.ts';
import type { ScheduleStore } from '../store.ts';
import type { DailyService } from './dailyService.ts';
import type { DailyScheduler } from './scheduler.ts';

export interface DailyServiceOptions {
  /** Read when a post is built, so a preview after a reload shows the reports then served. */
  knowledge: KnowledgeSource;
  store: ScheduleStore;
  scheduler: DailyScheduler;
  now: () => Date;
  /** Why the bot cannot post in a channel, or undefined when it can. Supplied by the transport. */
  checkChannel?: (guildId: string, channelId: string) => Promise<string | undefined>;
  /** How the transport writes a channel in a reply (Discord: a link); `#id` by default. */
  channelName?: (channelId: string) => string;
}

export const TURNED_OFF = 'turned off with /daily off';

/** /daily's behaviour, free of any transport: the adapter supplies the channel check, its names and the sending. */
export function createDailyService(deps: DailyServiceOptions): DailyService {
  const channel = deps.channelName ?? ((id: string) => `#${id}`);
  return {
    async set(guildId, input) {
      const time = parseTime(input.time);
      if (!time.ok) return problem(time.error);
      const zone = validateTimezone(input.timezone?.trim() || 'UTC');
      if (!zone.ok)
        return problem(
          zone.error,
          zone.suggestions.map((z) => `/daily set channel:${channel(input.channelId)} time:${time.text} timezone:${z}`),
        );
      const cannot = await deps.checkChannel?.(guildId, input.channelId);
      if (cannot) return problem(cannot);
      const before = await deps.store.getSchedule(guildId);
      await deps.store.upsertSchedule(
        { guildId, channelId: input.channelId, time: time.text, timezone: zone.timezone },
        deps.now(),
      );
      const status = await deps.scheduler.status(guildId);
      const lines = [`I'll post the daily summary in ${channel(input.channelId)} at ${time.text} (${zone.timezone}).`];
      if (before?.paused && before.pauseReason !== TURNED_OFF)
        lines.push('The schedule was paused; it is running again.');
      if (status.nextPostAt) lines.push(`Next post: ${when(status.nextPostAt, zone.timezone, deps.now())}.`);
      return { title: 'Daily summary scheduled', text: lines.join('\n'), tone: 'answer' };
    },

    async off(guildId) {
      const existing = await deps.store.getSchedule(guildId);
      if (!existing || existing.pauseReason === TURNED_OFF)
        return { text: 'No daily summary is scheduled in this server.', tone: 'notice' };
      // Kept as paused rather than deleted, so a DAILY_* default in .env cannot bring it back on restart.
      await deps.store.pause(guildId, TURNED_OFF, deps.now());
      return {
        title: 'Daily summary stopped',
        text: `No more posts in ${channel(existing.channelId)}. Use /daily set to start again.`,
        tone: 'answer',
      };
    },

    async status(guildId) {
      const s = await deps.scheduler.status(guildId);
      if (!s.schedule || s.schedule.pauseReason === TURNED_OFF) {
        return { text: 'No daily summary is scheduled. An admin can start one with /daily set.', tone: 'notice' };
      }
      const { schedule } = s;
      const now = deps.now();
      const fields = [
        { name: 'Channel', value: channel(schedule.channelId), inline: true },
        { name: 'Time', value: `${schedule.time} ${schedule.timezone}`, inline: true },
        {
          name: 'State',
          value: schedule.paused
            ? `Paused: ${schedule.pauseReason ?? 'unknown reason'}. Run /daily set to resume.`
            : 'Running',
          inline: false,
        },
        {
          name: 'Next post',
          value: s.nextPostAt ? when(s.nextPostAt, schedule.timezone, now) : 'None while paused',
          inline: false,
        },
        { name: 'Last post', value: s.lastPost ? lastPostLine(s.lastPost) : 'None yet', inline: false },
        {
          name: 'Last error',
          value: s.lastError ? `${formatLocal(s.lastError.at, schedule.timezone)}: ${s.lastError.message}` : 'None',
          inline: false,
        },
      ];
      return { title: 'Daily summary', fields, tone: schedule.paused ? 'notice' : 'answer' };
    },

    async preview(guildId) {
      const schedule = guildId ? await deps.store.getSchedule(guildId) : undefined;
      const today = localDate(deps.now(), schedule?.timezone ?? 'UTC');
      return { ...dailyPost(deps.knowledge.kb, today), ephemeral: true };
    },

    async now(guildId) {
      if ((await deps.store.getSchedule(guildId))?.pauseReason === TURNED_OFF) {
        return problem('Daily posts are turned off here. Start them again with /daily set.');
      }
      const r = await deps.scheduler.postNow(guildId);
      switch (r.kind) {
        case 'no-schedule':
          return problem('Set a schedule first with /daily set, so I know which channel to post in.');
        case 'sent':
          return {
            text: `Posted today's summary (${r.localDate}); it counts as today's post.${r.stillPaused ? ' The schedule itself is still paused; run /daily set to resume it.' : ''}`,
            tone: 'answer',
          };
        case 'already-posted':
          return {
            text: `Today's summary (${r.localDate}) is already ${r.post.status === 'sent' ? 'posted' : 'being posted'}.`,
            tone: 'notice',
          };
        case 'failed':
          return problem(
            `Could not post: ${r.reason}.${r.paused ? ' The schedule is paused until /daily set.' : r.retryAt ? ' I will try again shortly.' : ''}`,
          );
      }
    },

    timezones(typed: string): AutocompleteChoice[] {
      return searchTimezones(typed, 25).map((z) => ({ name: z, value: z }));
    },
  };
}

/** An unconfirmed post is the one an admin must look for in the channel, so it says so plainly. */
export function lastPostLine(post: PostRecord): string {
  if (post.status === 'unconfirmed') {
    return `${post.localDate}: ${post.error ?? 'may be missing'}. Check the channel; /daily now posts it if it is not there.`;
  }
  const state = post.status === 'claimed' ? 'being sent' : post.status;
  return `${post.localDate}: ${state}${post.error ? ` (${post.error})` : ''}`;
}

function problem(text: string, suggestions?: string[]): Reply {
  return { text, tone: 'notice', ephemeral: true, suggestions };
}

/** "2026-11-25 09:00 IST, in 20 h 15 min": the guild's local time, and relative to now. */
export function when(at: Date, timezone: string, now: Date): string {
  return `${formatLocal(at, timezone)}, ${relative(at.getTime() - now.getTime())}`;
}

export function relative(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [d ? `${d} d` : '', h ? `${h} h` : '', !d && m ? `${m} min` : ''].filter(Boolean);
  const span = parts.length ? parts.join(' ') : 'less than a minute';
  return ms >= 0 ? `in ${span}` : `${span} ago`;
}

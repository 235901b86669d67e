import { defineGroup, HIDE } from '../src/bot/command.ts';
import { parseTime, validateTimezone } from '../src/daily/domain/time.ts';
import type { Reply } from '../src/reply/types.ts';

// The service checks these again; here they let the console name every bad option of a line at once.
const timeProblem = (typed: string) => {
  const time = parseTime(typed);
  return time.ok ? undefined : time.error;
};
const timezoneProblem = (typed: string) => {
  const zone = validateTimezone(typed.trim() || 'UTC');
  return zone.ok ? undefined : zone.error;
};

const TIMEZONE = {
  type: 'string',
  description: 'IANA time zone, e.g. Asia/Kolkata (default UTC)',
  autocomplete: true,
  maxLength: 64,
  check: timezoneProblem,
} as const;

/** Server admins schedule a summary post in a channel every day. Manage Server only. */
export default defineGroup({
  name: 'daily',
  description: 'Schedule a daily summary post in a channel (Manage Server)',
  adminOnly: true,
  examples: ['/daily set channel:#news time:09:00 timezone:Asia/Kolkata', '/daily status'],
  subcommands: {
    set: {
      description: 'Post the summary every day in a channel at a local time',
      options: {
        channel: {
          type: 'channel',
          description: 'Text or announcement channel to post in',
          required: true,
          channelTypes: ['text', 'announcement'],
        },
        time: {
          type: 'string',
          description: '24-hour time, e.g. 09:00',
          required: true,
          maxLength: 5,
          check: timeProblem,
        },
        timezone: TIMEZONE,
        hide: HIDE,
      },
    },
    off: { description: 'Stop the daily posts', options: { hide: HIDE } },
    status: { description: 'Channel, time, next and last post, last error', options: { hide: HIDE } },
    preview: { description: "Show today's post, only to you", options: {} },
    now: { description: "Post now; it counts as today's post", options: { hide: HIDE } },
  },
  autocomplete: (option, typed, ctx) => (option === 'timezone' ? (ctx.services.daily?.timezones(typed) ?? []) : []),
  run: async (args, ctx): Promise<Reply> => {
    const daily = ctx.services.daily;
    if (!daily) return { text: 'Daily posts are not available here.', tone: 'notice', ephemeral: true };
    const guildId = ctx.guildId!;
    const hide = 'hide' in args ? args.hide : undefined;
    const reply = await (async () => {
      switch (args.subcommand) {
        case 'set':
          return daily.set(guildId, { channelId: args.channel.id, time: args.time, timezone: args.timezone });
        case 'off':
          return daily.off(guildId);
        case 'status':
          return daily.status(guildId);
        case 'preview':
          return daily.preview(guildId);
        case 'now':
          return daily.now(guildId);
      }
    })();
    return hide ? { ...reply, ephemeral: true } : reply;
  },
});

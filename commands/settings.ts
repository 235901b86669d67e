import { defineGroup, HIDE } from '../src/bot/command.ts';
import type { Reply } from '../src/reply/types.ts';
import '../src/settings/service.ts';
import { ANSWERS_SUBCOMMAND, setAnswerMode } from '../src/generate/settings.ts';
import { DEFAULT_DAILY_LIMIT } from '../src/handoff/service.ts';

const ASK_CHANNEL = {
  type: 'channel',
  description: 'A text channel members ask in',
  channelTypes: ['text', 'announcement'] as Array<'text' | 'announcement'>,
} as const;

const ASK_MODES: readonly string[] = ['reply', 'thread'];

/** Server admins choose what the bot does on its own in their server. Manage Server only. */
export default defineGroup({
  name: 'settings',
  description: 'What the bot does on its own in this server (Manage Server)',
  adminOnly: true,
  examples: [
    '/settings forum-answer channel:#questions',
    '/settings status',
    '/settings ask-channels add channel:#ask-the-report',
    '/settings cooldown seconds:10',
    '/settings helpers role:@helpers channel:#help',
  ],
  subcommands: {
    'forum-answer': {
      description: 'Answer each new post in a forum channel, once, when the report or a curated answer does',
      options: {
        channel: {
          type: 'channel',
          description: 'Forum channel whose new posts to answer',
          required: true,
          channelTypes: ['forum'],
        },
        hide: HIDE,
      },
    },
    'forum-off': { description: 'Stop answering forum posts', options: { hide: HIDE } },
    status: { description: 'The answered forum, and what the bot can read of a post', options: { hide: HIDE } },
    'ask-channels add': {
      description: 'Answer every question asked in a channel, without being mentioned',
      options: {
        channel: { ...ASK_CHANNEL, required: true },
        mode: {
          type: 'string',
          description: 'reply (default) or thread: answer in a new thread from the question',
          check: (value: string) => (ASK_MODES.includes(value) ? undefined : 'mode must be reply or thread.'),
        },
        hide: HIDE,
      },
    },
    'ask-channels remove': {
      description: 'Stop answering every question in a channel',
      options: { channel: { ...ASK_CHANNEL, required: true }, hide: HIDE },
    },
    'ask-channels list': { description: 'The channels where every question is answered', options: { hide: HIDE } },
    cooldown: {
      description: "Seconds between a member's questions in chat",
      options: {
        seconds: { type: 'integer', description: 'From 0 (none) to 3600', required: true },
        hide: HIDE,
      },
    },
    answers: ANSWERS_SUBCOMMAND,
    helpers: {
      description: 'Who a member can hand a question to ("Ask a person"), and where',
      options: {
        role: { type: 'role', description: 'The role pinged, once, in each hand-off', required: true },
        channel: {
          type: 'channel',
          description: 'Where hand-off threads go; without one, from the answer',
          channelTypes: ['text'],
        },
        'per-day': {
          type: 'integer',
          description: `Hand-offs a member may start per day (default ${DEFAULT_DAILY_LIMIT})`,
        },
        hide: HIDE,
      },
    },
    'helpers-off': { description: 'Remove the "Ask a person" button', options: { hide: HIDE } },
  },
  run: async (args, ctx): Promise<Reply> => {
    const { forum, askSettings, handoff } = ctx.services;
    const unavailable: Reply = { text: 'Settings are not available here.', tone: 'notice', ephemeral: true };
    const guildId = ctx.guildId!;
    const reply = await (async () => {
      switch (args.subcommand) {
        case 'forum-answer':
          return forum ? forum.answerIn(guildId, args.channel.id) : unavailable;
        case 'forum-off':
          return forum ? forum.off(guildId) : unavailable;
        case 'status': {
          // One overview: the forum's status, then the ask-channels and cooldown.
          const shown = [
            forum && (await forum.status(guildId)),
            askSettings && (await askSettings.listChannels(guildId)),
          ];
          const [first, second] = shown.filter((r) => r !== undefined);
          if (!first) return unavailable;
          return second ? { ...first, fields: [...(first.fields ?? []), ...(second.fields ?? [])] } : first;
        }
        case 'ask-channels add':
          return askSettings
            ? askSettings.addChannel(guildId, args.channel.id, args.mode === 'thread' ? 'thread' : 'reply')
            : unavailable;
        case 'ask-channels remove':
          return askSettings ? askSettings.removeChannel(guildId, args.channel.id) : unavailable;
        case 'ask-channels list':
          return askSettings ? askSettings.listChannels(guildId) : unavailable;
        case 'cooldown':
          return askSettings ? askSettings.setCooldown(guildId, args.seconds) : unavailable;
        case 'answers':
          return setAnswerMode(args.mode, guildId, ctx);
        case 'helpers':
          return handoff
            ? handoff.setHelpers(
                guildId,
                {
                  roleId: args.role.id,
                  ...(args.channel ? { channelId: args.channel.id } : {}),
                  ...(args['per-day'] === undefined ? {} : { dailyLimit: args['per-day'] }),
                },
                ctx.now,
              )
            : unavailable;
        case 'helpers-off':
          return handoff ? handoff.clearHelpers(guildId) : unavailable;
      }
    })();
    return args.hide ? { ...reply, ephemeral: true } : reply;
  },
});

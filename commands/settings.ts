import { defineGroup, HIDE } from '../src/bot/command.ts';
import type { Reply } from '../src/reply/types.ts';

/** Server admins choose what the bot does on its own in their server. Manage Server only. */
export default defineGroup({
  name: 'settings',
  description: 'What the bot does on its own in this server (Manage Server)',
  adminOnly: true,
  examples: ['/settings forum-answer channel:#questions', '/settings status'],
  subcommands: {
    'forum-answer': {
      description: 'Answer each new post in a forum channel, once, when the report answers it',
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
  },
  run: async (args, ctx): Promise<Reply> => {
    const forum = ctx.services.forum;
    if (!forum) return { text: 'Settings are not available here.', tone: 'notice', ephemeral: true };
    const guildId = ctx.guildId!;
    const reply = await (async () => {
      switch (args.subcommand) {
        case 'forum-answer':
          return forum.answerIn(guildId, args.channel.id);
        case 'forum-off':
          return forum.off(guildId);
        case 'status':
          return forum.status(guildId);
      }
    })();
    return args.hide ? { ...reply, ephemeral: true } : reply;
  },
});

import type { Reply } from '../reply/types.ts';
import type { ForumStore } from './store.ts';

/** What /settings needs for forum answers; supplied by the running adapter. */
export interface ForumService {
  answerIn(guildId: string, channelId: string): Promise<Reply>;
  off(guildId: string): Promise<Reply>;
  status(guildId: string): Promise<Reply>;
}

// The command framework learns of forum answers only here, where the feature registers its service.
declare module '../bot/context.ts' {
  interface Services {
    forum: ForumService;
  }
}

export interface ForumServiceOptions {
  store: ForumStore;
  now: () => Date;
  /** Whether this session receives message content, so it can read a post's first message. */
  readsContent: () => boolean;
  /**
   * Whether Discord refused the bot Message Content: it then runs without it until restarted.
   * Unknown when not given; the bot otherwise asks for it as soon as a server answers a forum.
   */
  contentRefused?: () => boolean;
  /** Why the bot cannot answer in a channel (not a forum, no access), or undefined when it can. */
  checkChannel?: (guildId: string, channelId: string) => Promise<string | undefined>;
  /** How the transport writes a channel in a reply (Discord: a link); `#id` by default. */
  channelName?: (channelId: string) => string;
}

/** Discord refused the intent: only the portal and a restart change that. */
export const TITLE_ONLY =
  'Title only: Discord refused the bot the Message Content intent, so it cannot read the first message. Turn the intent on under Bot → Privileged Gateway Intents in the developer portal and restart the bot to read both.';
/**
 * This session has no Message Content, and Discord has not refused it: src/settings/forumHook.ts
 * makes the bot reconnect with it once a server answers a forum (Bot.refreshIntents).
 */
export const TITLE_FOR_NOW =
  'The title only, for now: the bot asks Discord for the Message Content intent once a server answers a forum, and reads the first message too once Discord grants it. If Discord refuses it, turn it on under Bot → Privileged Gateway Intents in the developer portal and restart the bot.';
export const TITLE_AND_MESSAGE = 'The title and the first message';

/** /settings forum-answer, forum-off and status, free of any transport. */
export function createForumService(deps: ForumServiceOptions): ForumService {
  const channel = deps.channelName ?? ((id: string) => `#${id}`);
  const reading = () => {
    if (deps.readsContent()) return TITLE_AND_MESSAGE;
    return deps.contentRefused?.() ? TITLE_ONLY : TITLE_FOR_NOW;
  };
  return {
    async answerIn(guildId, channelId) {
      const cannot = await deps.checkChannel?.(guildId, channelId);
      if (cannot) return { text: cannot, tone: 'notice', ephemeral: true };
      await deps.store.setForumChannel(guildId, channelId, deps.now());
      const lines = [
        `I'll answer each new post in ${channel(channelId)} once, in its thread, when the report or a curated answer (/faq) answers what it asks. Other posts are left to people.`,
      ];
      if (!deps.readsContent()) lines.push(reading());
      return { title: 'Forum posts answered', text: lines.join('\n'), tone: 'answer' };
    },

    async off(guildId) {
      const was = await deps.store.getForumChannel(guildId);
      if (was === undefined || !(await deps.store.clearForumChannel(guildId))) {
        return { text: 'No forum is answered in this server.', tone: 'notice' };
      }
      return {
        title: 'Forum answers stopped',
        text: `No more answers in ${channel(was)}. Use /settings forum-answer to start again.`,
        tone: 'answer',
      };
    },

    async status(guildId) {
      const forum = await deps.store.getForumChannel(guildId);
      return {
        title: 'Settings',
        fields: [
          { name: 'Forum answers', value: forum ? channel(forum) : 'Off', inline: false },
          { name: 'Reads from each post', value: reading(), inline: false },
        ],
        tone: deps.readsContent() ? 'answer' : 'notice',
      };
    },
  };
}

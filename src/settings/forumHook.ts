import type { ForumStore } from '../forum/store.ts';

/**
 * The forum store, telling `answered` when a server starts answering a forum: the bot may then
 * need Message Content it did not ask for (src/adapters/discord/bot.ts refreshIntents).
 */
export function withForumHook(store: ForumStore, answered: () => void): ForumStore {
  return {
    getForumChannel: (guildId) => store.getForumChannel(guildId),
    async setForumChannel(guildId, channelId, now) {
      await store.setForumChannel(guildId, channelId, now);
      answered();
    },
    clearForumChannel: (guildId) => store.clearForumChannel(guildId),
    claimThread: (threadId, guildId, owner, now) => store.claimThread(threadId, guildId, owner, now),
  };
}

import type { ForumStore } from '../../src/forum/store.ts';

/** A ForumStore in memory, for the feature's unit tests; the SQLite one has its own tests. */
export function memoryForumStore(): ForumStore & { claims: Map<string, string> } {
  const forums = new Map<string, string>();
  const claims = new Map<string, string>();
  return {
    claims,
    getForumChannel: async (guildId) => forums.get(guildId),
    setForumChannel: async (guildId, channelId) => void forums.set(guildId, channelId),
    clearForumChannel: async (guildId) => forums.delete(guildId),
    claimThread: async (threadId, _guildId, owner) => {
      if (claims.has(threadId)) return false;
      claims.set(threadId, owner);
      return true;
    },
  };
}

import { type Client, type ClientOptions, Options } from 'discord.js';

/**
 * What this bot keeps in memory. It needs its guilds, their channels and roles, and its own user
 * and member (for permission checks), kept over these limits; everything about the people who talk
 * to it is carried by each event and is needed only while that event is handled, so it keeps none
 * of them. It reads no message history either, except a forum thread's starter message, also kept
 * over the limit. Without limits discord.js keeps every user, member, DM channel and 200 messages
 * per channel it has ever seen, so memory grows with distinct users (and a burst's GC work with it:
 * caches at 0 took 9% off a 1,000 burst's p99 in issue 21's trials).
 */
export const CACHE_LIMITS = {
  users: 0,
  members: 0,
  messagesPerChannel: 0,
  dmChannels: 100,
} as const;

/** Seconds between sweeps; a sweep drops what the limits let accumulate between bursts. */
const SWEEP_INTERVAL_S = 300;

export function cacheOptions(): Pick<ClientOptions, 'makeCache' | 'sweepers'> {
  return {
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      // A forum thread's id is its starter message's: forum.ts reads that one from the cache.
      MessageManager: {
        maxSize: CACHE_LIMITS.messagesPerChannel,
        keepOverLimit: (message) => message.id === message.channelId,
      },
      UserManager: { maxSize: CACHE_LIMITS.users, keepOverLimit: (user) => user.id === user.client.user?.id },
      GuildMemberManager: {
        maxSize: CACHE_LIMITS.members,
        keepOverLimit: (member) => member.id === member.client.user?.id,
      },
      // Features this bot does not use: never read, so never kept.
      PresenceManager: 0,
      VoiceStateManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      ThreadMemberManager: 0,
      AutoModerationRuleManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: SWEEP_INTERVAL_S, lifetime: 600 },
      users: { interval: SWEEP_INTERVAL_S, filter: () => (user) => user.id !== user.client.user?.id },
      guildMembers: { interval: SWEEP_INTERVAL_S, filter: () => (member) => member.id !== member.client.user?.id },
    },
  };
}

/**
 * DM channels live in the client's channel cache, whose factory discord.js does not let a bot
 * override (it holds the guild channels too). The bot answers DMs with the Channel partial, so
 * a DM channel it forgot is rebuilt from the next event: keep only the most recent few.
 */
export function createDmChannelLimiter(client: Client, limit: number = CACHE_LIMITS.dmChannels) {
  const recent = new Set<string>();
  return (channelId: string): void => {
    recent.delete(channelId);
    recent.add(channelId);
    for (const oldest of recent) {
      if (recent.size <= limit) break;
      recent.delete(oldest);
      client.channels.cache.delete(oldest);
    }
  };
}

import { GatewayIntentBits } from 'discord.js';

/** What Discord withholds from a session depending on its intents. */

export const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

const has = (intents: number, bit: number): boolean => (intents & bit) === bit;

interface MessageLike {
  guild_id?: string;
  author?: { id: string };
  mentions?: { id: string }[];
}

/**
 * Returns the payload as this session would receive it, or null if it would not receive it at all.
 * Without MESSAGE_CONTENT, guild messages arrive with empty content unless they mention the bot
 * or are the bot's own, which is the case bots most often get wrong.
 */
export function filterForIntents(
  event: string,
  data: unknown,
  intents: number,
  botId: string,
): { data: unknown } | null {
  if (event !== 'MESSAGE_CREATE' && event !== 'MESSAGE_UPDATE') return { data };
  const message = data as MessageLike;
  const inGuild = message.guild_id !== undefined;
  if (!has(intents, inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages)) return null;
  const readable =
    !inGuild ||
    has(intents, GatewayIntentBits.MessageContent) ||
    message.author?.id === botId ||
    (message.mentions ?? []).some((m) => m.id === botId);
  if (readable) return { data };
  return { data: { ...message, content: '', embeds: [], attachments: [], components: [], poll: undefined } };
}

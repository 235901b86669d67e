import { ChannelType, type Client, PermissionFlagsBits } from 'discord.js';

/** What answering every question in a channel takes: the README's invite permissions, less threads. */
const NEEDED = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  // An answer is a reply to the question, and Discord refuses replies without it.
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
] as const;

/** Why the bot cannot answer questions in the channel, naming the missing permissions; undefined when it can. */
export async function checkAskChannel(client: Client, guildId: string, channelId: string): Promise<string | undefined> {
  const channel = await client.channels.fetch(channelId).catch(() => null);
  if (!channel)
    return "I can't see that channel. Check that it exists and that I have the View Channel permission there.";
  if (channel.isDMBased() || channel.guildId !== guildId) return 'Pick a channel in this server.';
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
    return 'Pick a text or announcement channel.';
  }
  const me = client.user ? channel.permissionsFor(client.user) : null;
  const missing = NEEDED.filter(([flag]) => !me?.has(flag)).map(([, name]) => name);
  if (missing.length > 0) return `I need ${missing.join(', ')} in <#${channelId}> to answer questions there.`;
  return undefined;
}

/**
 * /settings ask-channels add's check, through the gateway client of the moment (refreshIntents
 * swaps it). Without a connected one (an HTTP-only process, a reconnect under way) nothing here can
 * tell, so nothing is refused: the gateway processes read the stored setting anyway.
 */
export function askChannelCheck(
  client: () => Client | undefined,
): (guildId: string, channelId: string) => Promise<string | undefined> {
  return async (guildId, channelId) => {
    const c = client();
    return c?.isReady() ? checkAskChannel(c, guildId, channelId) : undefined;
  };
}

import { ChannelType, type Client } from 'discord.js';

/** A permission the bot needs in a channel, with the name Discord's settings show for it. */
export type NeededPermission = readonly [flag: bigint, name: string];

/**
 * Why the bot cannot use a text channel of this guild for `purpose` ("post there", "answer questions
 * there"), naming every missing permission; undefined when it can. /daily set and /settings
 * ask-channels add ask the same questions of a channel, with their own permission lists.
 */
export async function checkTextChannel(
  client: Client,
  guildId: string,
  channelId: string,
  needed: readonly NeededPermission[],
  purpose: string,
): Promise<string | undefined> {
  const channel = await client.channels.fetch(channelId).catch(() => null);
  if (!channel)
    return "I can't see that channel. Check that it exists and that I have the View Channel permission there.";
  if (channel.isDMBased() || channel.guildId !== guildId) return 'Pick a channel in this server.';
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
    return 'Pick a text or announcement channel.';
  }
  const me = client.user ? channel.permissionsFor(client.user) : null;
  const missing = needed.filter(([flag]) => !me?.has(flag)).map(([, name]) => name);
  if (missing.length > 0) return `I need ${missing.join(', ')} in <#${channelId}> to ${purpose}.`;
  return undefined;
}

import { type Client, PermissionFlagsBits } from 'discord.js';
import { checkTextChannel, type NeededPermission } from './channelCheck.ts';

/** What answering every question in a channel takes: the README's invite permissions, less threads. */
const NEEDED: readonly NeededPermission[] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  // An answer is a reply to the question, and Discord refuses replies without it.
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
];

/** Why the bot cannot answer questions in the channel, naming the missing permissions; undefined when it can. */
export function checkAskChannel(client: Client, guildId: string, channelId: string): Promise<string | undefined> {
  return checkTextChannel(client, guildId, channelId, NEEDED, 'answer questions there');
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

/** How a question in an ask-channel is answered: a reply to it, or in a new thread started from it. */
export type AskChannelMode = 'reply' | 'thread';

/** Per-server chat settings as stored: what a server chose, without the defaults from the environment. */
export interface StoredAskSettings {
  /** Channels where every question is answered without a mention. */
  askChannelIds: string[];
  /** Those of askChannelIds answered in a new thread from the member's message (mode:thread). */
  threadChannelIds?: string[];
  /** Seconds between a member's free-text questions; undefined when the server never set it. */
  cooldownSeconds?: number;
}

/** Where per-server settings live, so every process reads the same ones. */
export interface AskSettingsStore {
  getAskSettings(guildId: string): Promise<StoredAskSettings>;
  /** False when the channel was listed already in that mode; a listed channel takes the new mode. */
  addAskChannel(guildId: string, channelId: string, now: Date, mode?: AskChannelMode): Promise<boolean>;
  /** False when the channel was not listed. */
  removeAskChannel(guildId: string, channelId: string): Promise<boolean>;
  setAskCooldown(guildId: string, seconds: number, now: Date): Promise<void>;
  /** Whether any server lists an ask-channel or answers a forum: the bot then needs Message Content. */
  needsMessageContent(): Promise<boolean>;
}
